// The benchmark's floor: node:http and postgres.js running the same SQL as GET /api/v1/tenants,
// GET /api/v1/tenants/{id}, GET /api/tenants/organizations?status= and GET /api/tenants/requests?status=
// (principal lookup included), without Next, drizzle, zod or logging.
// It mirrors lib/auth/resolve-principal.ts, lib/organizations/scope.ts, organizationsPageJson (the page's
// JSON written by PostgreSQL, deferred join from the nearer end, totals from list_counts, a search's
// matches found once, the slug left out of a search no slug can hold), getOrganization and
// registrationsPageJson: when they change, change it too. (It now needs list_counts, so a
// BENCH_REF older than that table cannot run the floor.)
// Run: DATABASE_URL=... PORT=... npx tsx bench/bare-server.ts
import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import postgres from "postgres";
import { config } from "../lib/config";

// As db/client.ts opens it: custom plans, so that one generic plan cannot serve every LIMIT/OFFSET.
const sql = postgres(process.env.DATABASE_URL!, {
  max: config().DATABASE_POOL_SIZE,
  onnotice: () => {},
  connection: { plan_cache_mode: "force_custom_plan" },
});
const port = Number(process.env.PORT ?? 3100);

interface Principal {
  userId: number;
  isSuperadmin: boolean;
  agencies: { id: number; role: string; status: string }[];
  organizations: { id: string; role: string }[];
}

// The SQL of lib/auth/resolve-principal.ts (principalFields and principalForApiToken), written out.
const principalColumns = sql.unsafe(`
  u.id, u.email, u.name, u.is_superadmin,
  coalesce((select json_agg(json_build_object('id', am.agency_id, 'role', am.role, 'status', a.status) order by am.created_at, am.agency_id)
            from agency_members am join agencies a on a.id = am.agency_id where am.user_id = u.id), '[]'::json) as agencies,
  coalesce((select json_agg(json_build_object('id', om.organization_id, 'role', om.role) order by om.created_at, om.organization_id)
            from organization_members om where om.user_id = u.id), '[]'::json) as organizations`);

const LAST_USED_RESOLUTION_MS = 60_000;

async function principalForApiToken(token: string): Promise<Principal | null> {
  const hash = createHash("sha256").update(token).digest("hex");
  const [row] = await sql`
    select ${principalColumns}, t.id as token_id, t.last_used_at as token_last_used_at
    from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${hash} and t.revoked_at is null
      and (t.expires_at is null or t.expires_at > now()) and u.status = 'active'`;
  if (!row) return null;
  const lastUsed = row.token_last_used_at ? new Date(row.token_last_used_at).getTime() : 0;
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) await sql`update api_tokens set last_used_at = now() where id = ${row.token_id}`;
  return { userId: row.id, isSuperadmin: row.is_superadmin, agencies: row.agencies, organizations: row.organizations };
}

// lib/organizations/scope.ts: superadmins see everything, others their agencies' and their own tenants.
function visible(p: Principal): postgres.Fragment | null {
  if (p.isSuperadmin) return null;
  const agencyIds = p.agencies.filter((a) => a.status === "active").map((a) => a.id);
  const orgIds = p.organizations.map((o) => o.id);
  if (!agencyIds.length && !orgIds.length) return sql`false`;
  return sql`(agency_id = any(${agencyIds}::int[]) or id = any(${orgIds}::uuid[]))`;
}

const columns = sql`o.id, o.name, o.slug, o.custom_domain, o.status, o.status_reason, o.agency_id, o.plan_id, o.external_service_id,
  o.enabled_plugins, o.plugin_settings, o.credit_limit, o.storage_limit_gb, o.max_users, o.bandwidth_limit_gb, o.credit_balance,
  o.created_at, o.updated_at`;

type Row = Record<string, unknown> & { created_at: Date; updated_at: Date };

// lib/organizations/views.ts's views in SQL (tenantV1DetailSql, organizationViewSql), for a row `o`.
const isoTime = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const tenantSql = `json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'status', o.status, 'created_at', ${isoTime("o.created_at")},
  'admin_id', o.agency_id, 'custom_domain', o.custom_domain, 'updated_at', ${isoTime("o.updated_at")})`;
const organizationSql = `json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'custom_domain', o.custom_domain, 'status', o.status,
  'status_reason', o.status_reason, 'admin_id', o.agency_id, 'plan_id', o.plan_id, 'service_id', o.external_service_id,
  'enabled_plugins', to_json(o.enabled_plugins), 'credit_limit', o.credit_limit, 'storage_limit_gb', o.storage_limit_gb,
  'max_users', o.max_users, 'bandwidth_limit_gb', o.bandwidth_limit_gb, 'credit_balance', o.credit_balance,
  'created_at', ${isoTime("o.created_at")}, 'updated_at', ${isoTime("o.updated_at")})`;

const tenant = (r: Row) => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  status: r.status,
  created_at: r.created_at.toISOString(),
  admin_id: r.agency_id,
  custom_domain: r.custom_domain,
  updated_at: r.updated_at.toISOString(),
});

function and(parts: (postgres.Fragment | null)[]): postgres.Fragment {
  const present = parts.filter((p): p is postgres.Fragment => p !== null);
  if (present.length === 0) return sql``;
  return present.slice(1).reduce((acc, p) => sql`${acc} and ${p}`, sql`where ${present[0]}`);
}

function pageParams(params: URLSearchParams) {
  return {
    limit: Math.min(Math.max(Number(params.get("limit") ?? 50) || 50, 1), 200),
    offset: Math.max(Number(params.get("offset") ?? 0) || 0, 0),
  };
}

// organizationsPageJson: PostgreSQL writes the page's JSON; a search finds its matches once (a materialized
// CTE) and counts and pages them; otherwise the total comes from list_counts in the same statement.
async function listTenants(p: Principal, params: URLSearchParams, view = tenantSql) {
  const { limit, offset } = pageParams(params);
  const q = params.get("q")?.trim();
  const status = params.get("status") || null;
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const bySlugToo = q ? !/[\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/.test(q) : false;
  const search = pattern ? (bySlugToo ? sql`(name ilike ${pattern} or slug ilike ${pattern})` : sql`name ilike ${pattern}`) : null;
  const conditions = [visible(p), status ? sql`status = ${status}` : null, search];
  const where = and(conditions);
  const pageOf = (ids: postgres.Fragment) => sql`
    coalesce((select json_agg(${sql.unsafe(view)} order by o.created_at desc, o.id desc) from organizations o join (${ids}) p on p.id = o.id), '[]'::json)::text`;
  const [row] = pattern
    ? await sql<{ total: number; data: string }[]>`
        with matches as materialized (select id, created_at from organizations ${where})
        select (select count(*) from matches)::int as total,
          ${pageOf(sql`select id from (select id, created_at from matches order by created_at desc, id desc limit ${limit} offset ${offset}) m`)} as data`
    : await sql<{ total: number; data: string }[]>`
        select t.total, ${pageOf(pageIds("organizations", conditions, limit, offset))} as data
        from (select ${totalOf(p, status, where)}::int as total) t`;
  return { status: 200, raw: `{"data":${row.data},"total":${row.total},"limit":${limit},"offset":${offset}}` };
}

// registrationsPageJson (lib/registrations/queries.ts): superadmins only, the same deferred join, the total
// from list_counts in the same statement, the page's JSON written by PostgreSQL as registrationViewSql
// (toRegistrationView: without the password hash).
const registrationSql = `json_build_object(
  'id', r.id, 'status', r.status, 'email', r.email, 'company_name', r.company_name, 'contact_name', r.contact_name,
  'phone', r.phone, 'desired_org_name', r.desired_org_name, 'desired_org_slug', r.desired_org_slug,
  'utm_source', r.utm_source, 'utm_medium', r.utm_medium, 'utm_campaign', r.utm_campaign,
  'org_name', r.org_name, 'org_slug', r.org_slug, 'initial_credit_limit', r.credit_limit,
  'storage_limit_gb', r.storage_limit_gb, 'max_users', r.max_users, 'bandwidth_limit_gb', r.bandwidth_limit_gb,
  'rejection_reason', r.rejection_reason, 'reviewed_by', r.reviewed_by, 'reviewed_at', ${isoTime("r.reviewed_at")},
  'organization_id', r.organization_id, 'created_at', ${isoTime("r.created_at")}, 'updated_at', ${isoTime("r.updated_at")})`;

async function listRegistrations(p: Principal, params: URLSearchParams) {
  if (!p.isSuperadmin) return forbidden;
  const { limit, offset } = pageParams(params);
  const status = params.get("status") || null;
  const conditions = [status ? sql`status = ${status}` : null];
  const [row] = await sql<{ total: number; data: string }[]>`
    select t.total, coalesce((select json_agg(${sql.unsafe(registrationSql)} order by r.created_at desc, r.id desc) from registration_requests r
        join (${pageIds("registration_requests", conditions, limit, offset)}) p on p.id = r.id), '[]'::json)::text as data
    from (select (select coalesce(sum(n), 0) from list_counts where list = 'registration_requests' ${status ? sql`and status = ${status}` : sql``})::int as total) t`;
  return { status: 200, raw: `{"data":${row.data},"total":${row.total},"limit":${limit},"offset":${offset}}` };
}

// lib/page-json.ts's pageIdsSql: a newest-first page's ids; from offset 1,000 a page past the middle of the
// list (t.total, its exact total) is read from the oldest end, both arms in the statement.
function pageIds(table: "organizations" | "registration_requests", conditions: (postgres.Fragment | null)[], limit: number, offset: number): postgres.Fragment {
  const rows = sql`select id from ${sql(table)} ${and(conditions)}`;
  if (offset < 1000) return sql`${rows} order by created_at desc, id desc limit ${limit} offset ${offset}`;
  const pastTheMiddle = sql`2 * ${offset}::bigint + ${limit}::bigint > t.total`;
  return sql`
    select id from (
      (${rows} order by created_at desc, id desc
        limit case when ${pastTheMiddle} then 0 else ${limit}::bigint end offset ${offset}::bigint)
      union all
      (${rows} order by created_at asc, id asc
        limit case when ${pastTheMiddle} then greatest(least(${limit}::bigint, t.total - ${offset}::bigint), 0) else 0 end
        offset greatest(t.total - ${offset}::bigint - ${limit}::bigint, 0))
    ) from_nearer_end limit ${limit}::bigint`;
}

// Totals come from list_counts (kept by triggers), as organizationsTotalSql does, as a scalar subquery.
function totalOf(p: Principal, status: string | null, where: postgres.Fragment): postgres.Fragment {
  if (p.isSuperadmin || p.organizations.length === 0) {
    const owners = p.isSuperadmin ? null : p.agencies.filter((a) => a.status === "active").map((a) => a.id);
    if (owners && owners.length === 0) return sql`0`;
    return sql`(select coalesce(sum(n), 0) from list_counts
      where list = 'organizations' ${owners ? sql`and owner = any(${owners}::int[])` : sql``} ${status ? sql`and status = ${status}` : sql``})`;
  }
  return sql`(select count(*) from organizations ${where})`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function getTenant(p: Principal, id: string) {
  if (!UUID.test(id)) return notFound;
  const [row] = await sql<Row[]>`select ${columns} from organizations o ${and([sql`id = ${id}`, visible(p)])}`;
  return row ? { status: 200, body: tenant(row) } : notFound;
}

const notFound = { status: 404, body: { type: "about:blank", title: "Not Found", status: 404, detail: "Tenant not found" } };
const forbidden = { status: 403, body: { type: "about:blank", title: "Forbidden", status: 403, detail: "Forbidden" } };
const unauthorized = { status: 401, body: { type: "about:blank", title: "Unauthorized", status: 401, detail: "Unauthorized" } };

/** An answer: a body to serialize, or JSON text PostgreSQL already wrote. */
type Answer = { status: number; body: unknown } | { status: number; raw: string };

async function route(req: http.IncomingMessage): Promise<Answer> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const token = /^Bearer\s+(cpt_\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  const principal = token ? await principalForApiToken(token) : null;
  if (!principal) return unauthorized;
  if (url.pathname === "/api/v1/tenants") return listTenants(principal, url.searchParams);
  if (url.pathname === "/api/tenants/organizations") return listTenants(principal, url.searchParams, organizationSql);
  if (url.pathname === "/api/tenants/requests") return listRegistrations(principal, url.searchParams);
  const m = /^\/api\/v1\/tenants\/([^/]+)$/.exec(url.pathname);
  if (m) return getTenant(principal, m[1]);
  return notFound;
}

const server = http.createServer((req, res) => {
  route(req)
    .catch((err) => {
      console.error(err);
      return { status: 500, body: { type: "about:blank", title: "Internal Server Error", status: 500 } };
    })
    .then((answer: Answer) => {
      res.writeHead(answer.status, { "content-type": "application/json", "cache-control": "no-store", "x-request-id": randomUUID() });
      res.end("raw" in answer ? answer.raw : JSON.stringify(answer.body));
    });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => console.log(`bare server on 127.0.0.1:${port}`));

const shutdown = () => server.close(() => void sql.end({ timeout: 2 }).then(() => process.exit(0)));
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
