// The benchmark's floor: node:http and postgres.js running the same SQL as GET /api/v1/tenants,
// GET /api/v1/tenants/{id}, GET /api/tenants/organizations?status= and GET /api/tenants/requests?status=
// (principal lookup included), without Next, drizzle, zod or logging.
// It mirrors lib/auth/resolve-principal.ts, lib/organizations/scope.ts, listOrganizations (the total read
// first: list_counts' shards summed, or the rows counted for an organization's members; then the page by
// newestFirstPage's deferred join from the nearer end; a search's matches found once, counted and paged,
// then its rows by id, the slug left out of a search no slug can hold), getOrganization and
// listRegistrations; the rows are mapped to the routes' views (toTenantV1Detail, toOrganizationView,
// toRegistrationView) in JavaScript and serialized with JSON.stringify, as the routes do. When they change,
// change it too. (It needs list_counts, so a BENCH_REF older than that table cannot run the floor.)
// Run: DATABASE_URL=... PORT=... npx tsx bench/bare-server.ts
import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import postgres from "postgres";
import { config } from "../lib/config";

// As db/client.ts opens it: PostgreSQL's default plan_cache_mode.
const sql = postgres(process.env.DATABASE_URL!, { max: config().DATABASE_POOL_SIZE, onnotice: () => {} });
const port = Number(process.env.PORT ?? 3100);

// postgres.js runs every tagged statement as a named prepared statement; drizzle names only db/prepared.ts's
// (the principal's lookup here) and runs the rest unnamed, planned with their own values on every run.
function unnamed<T>(query: T): T {
  (query as unknown as { options: { prepare?: boolean } }).options.prepare = false;
  return query;
}

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
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) await unnamed(sql`update api_tokens set last_used_at = now() where id = ${row.token_id}`);
  return { userId: row.id, isSuperadmin: row.is_superadmin, agencies: row.agencies, organizations: row.organizations };
}

const activeAgencyIds = (p: Principal) => p.agencies.filter((a) => a.status === "active").map((a) => a.id);

// lib/organizations/scope.ts: superadmins see everything, others their agencies' and their own tenants.
function visible(p: Principal): postgres.Fragment | null {
  if (p.isSuperadmin) return null;
  const agencyIds = activeAgencyIds(p);
  const orgIds = p.organizations.map((o) => o.id);
  if (!agencyIds.length && !orgIds.length) return sql`false`;
  if (!orgIds.length) return sql`agency_id in ${sql(agencyIds)}`;
  if (!agencyIds.length) return sql`id in ${sql(orgIds)}`;
  return sql`(agency_id in ${sql(agencyIds)} or id in ${sql(orgIds)})`;
}

function and(parts: (postgres.Fragment | null)[]): postgres.Fragment {
  const present = parts.filter((p): p is postgres.Fragment => p !== null);
  if (present.length === 0) return sql``;
  return present.slice(1).reduce((acc, p) => sql`${acc} and ${p}`, sql`where ${present[0]}`);
}

type Row = Record<string, unknown> & { created_at: Date; updated_at: Date };

// The views of lib/organizations/views.ts and lib/registrations/views.ts, for rows as postgres.js reads them
// (bigint as text: drizzle's mode "number" makes it a number).
const tenantView = (o: Row) => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  status: o.status,
  created_at: o.created_at.toISOString(),
  admin_id: o.agency_id,
  custom_domain: o.custom_domain,
  updated_at: o.updated_at.toISOString(),
});

const organizationView = (o: Row) => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  custom_domain: o.custom_domain,
  status: o.status,
  status_reason: o.status_reason,
  admin_id: o.agency_id,
  plan_id: o.plan_id,
  service_id: o.external_service_id,
  enabled_plugins: o.enabled_plugins,
  credit_limit: o.credit_limit,
  storage_limit_gb: o.storage_limit_gb,
  max_users: o.max_users,
  bandwidth_limit_gb: o.bandwidth_limit_gb,
  credit_balance: Number(o.credit_balance),
  created_at: o.created_at.toISOString(),
  updated_at: o.updated_at.toISOString(),
});

const registrationView = (r: Row) => ({
  id: r.id,
  status: r.status,
  email: r.email,
  company_name: r.company_name,
  contact_name: r.contact_name,
  phone: r.phone,
  desired_org_name: r.desired_org_name,
  desired_org_slug: r.desired_org_slug,
  utm_source: r.utm_source,
  utm_medium: r.utm_medium,
  utm_campaign: r.utm_campaign,
  org_name: r.org_name,
  org_slug: r.org_slug,
  initial_credit_limit: r.credit_limit,
  storage_limit_gb: r.storage_limit_gb,
  max_users: r.max_users,
  bandwidth_limit_gb: r.bandwidth_limit_gb,
  rejection_reason: r.rejection_reason,
  reviewed_by: r.reviewed_by,
  reviewed_at: (r.reviewed_at as Date | null)?.toISOString() ?? null,
  organization_id: r.organization_id,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

interface PageRequest {
  limit: number;
  offset: number;
}

function pageParams(params: URLSearchParams): PageRequest {
  return {
    limit: Math.min(Math.max(Number(params.get("limit") ?? 50) || 50, 1), 200),
    offset: Math.max(Number(params.get("offset") ?? 0) || 0, 0),
  };
}

// lib/pagination.ts's newestFirstPage, given the total: the page's ids from an index-only scan (newest first,
// or, past the middle, oldest first from the other end), joined back for the page's rows, newest first.
// An offset at or past the total reads nothing.
async function newestFirstPage(
  table: "organizations" | "registration_requests",
  where: postgres.Fragment,
  total: number,
  { limit, offset }: PageRequest,
) {
  const rowsLeft = total - offset;
  if (rowsLeft <= 0) return [];
  const fromOldest = 2 * offset + limit > total;
  return unnamed(sql<Row[]>`
    select t.* from ${sql(table)} t
    join (select id from ${sql(table)} ${where}
          order by ${fromOldest ? sql`created_at asc, id asc` : sql`created_at desc, id desc`}
          limit ${fromOldest ? Math.min(limit, rowsLeft) : limit} offset ${fromOldest ? Math.max(rowsLeft - limit, 0) : offset}) page_ids
      on t.id = page_ids.id
    order by t.created_at desc, t.id desc`);
}

// lib/list-counts.ts's countFromListCounts: the sum of the list's shards the filter selects.
async function countFromListCounts(list: "organizations" | "registration_requests", status: string | null, owners?: number[]) {
  if (owners && owners.length === 0) return 0;
  const [row] = await unnamed(sql<{ total: string }[]>`
    select coalesce(sum(n), 0) as total from list_counts
    where list = ${list} ${owners ? sql`and owner in ${sql(owners)}` : sql``} ${status ? sql`and status = ${status}` : sql``}`);
  return Number(row.total);
}

// listOrganizations: a search is searchOrganizations; otherwise the total (organizationsTotal), then the page.
async function listTenants(p: Principal, params: URLSearchParams, view: (o: Row) => object) {
  const page = pageParams(params);
  const q = params.get("q")?.trim();
  const status = params.get("status") || null;
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const bySlugToo = q ? !/[\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/.test(q) : false;
  const search = pattern ? (bySlugToo ? sql`(name ilike ${pattern} or slug ilike ${pattern})` : sql`name ilike ${pattern}`) : null;
  const where = and([visible(p), status ? sql`status = ${status}` : null, search]);
  let rows: Row[];
  let total: number;
  if (pattern) {
    // searchOrganizations: the matches found once (a materialized CTE), counted and paged; then their rows.
    const found = await unnamed(sql<{ id: string | null; total: number }[]>`
      with matches as materialized (select id, created_at from organizations ${where})
      select p.id, c.total
      from (select count(*)::int as total from matches) c
      left join lateral (select id, created_at from matches order by created_at desc, id desc limit ${page.limit} offset ${page.offset}) p on true
      order by p.created_at desc, p.id desc`);
    const ids = found.flatMap((r) => (r.id ? [r.id] : []));
    total = found[0]?.total ?? 0;
    rows = ids.length ? await unnamed(sql<Row[]>`select * from organizations where id in ${sql(ids)} order by created_at desc, id desc`) : [];
  } else {
    // organizationsTotal: list_counts for a superadmin or an agency admin, counted for an organization's members.
    if (p.isSuperadmin) total = await countFromListCounts("organizations", status);
    else if (p.organizations.length === 0) total = await countFromListCounts("organizations", status, activeAgencyIds(p));
    else total = (await unnamed(sql<{ n: number }[]>`select count(*)::int as n from organizations ${where}`))[0].n;
    rows = await newestFirstPage("organizations", where, total, page);
  }
  return { status: 200, body: { data: rows.map(view), total, ...page } };
}

// listRegistrations (lib/registrations/queries.ts): superadmins only, the total from list_counts, then the page.
async function listRegistrations(p: Principal, params: URLSearchParams) {
  if (!p.isSuperadmin) return forbidden;
  const page = pageParams(params);
  const status = params.get("status") || null;
  const total = await countFromListCounts("registration_requests", status);
  const rows = await newestFirstPage("registration_requests", and([status ? sql`status = ${status}` : null]), total, page);
  return { status: 200, body: { data: rows.map(registrationView), total, ...page } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// getOrganization's findVisibleOrganization: a plain query.
async function getTenant(p: Principal, id: string) {
  if (!UUID.test(id)) return notFound;
  const [row] = await unnamed(sql<Row[]>`select * from organizations ${and([sql`id = ${id}`, visible(p)])}`);
  return row ? { status: 200, body: tenantView(row) } : notFound;
}

const notFound = { status: 404, body: { type: "about:blank", title: "Not Found", status: 404, detail: "Tenant not found" } };
const forbidden = { status: 403, body: { type: "about:blank", title: "Forbidden", status: 403, detail: "Forbidden" } };
const unauthorized = { status: 401, body: { type: "about:blank", title: "Unauthorized", status: 401, detail: "Unauthorized" } };

async function route(req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const token = /^Bearer\s+(cpt_\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
  const principal = token ? await principalForApiToken(token) : null;
  if (!principal) return unauthorized;
  if (url.pathname === "/api/v1/tenants") return listTenants(principal, url.searchParams, tenantView);
  if (url.pathname === "/api/tenants/organizations") return listTenants(principal, url.searchParams, organizationView);
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
    .then((answer) => {
      res.writeHead(answer.status, { "content-type": "application/json", "cache-control": "no-store", "x-request-id": randomUUID() });
      res.end(JSON.stringify(answer.body));
    });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => console.log(`bare server on 127.0.0.1:${port}`));

const shutdown = () => server.close(() => void sql.end({ timeout: 2 }).then(() => process.exit(0)));
process.once("SIGTERM", shutdown);
process.once("SIGINT", shutdown);
