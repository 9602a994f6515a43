// Turns a credential (session user id, personal API token, access token) into a Principal,
// loading the user and all memberships in one query. Disabled users resolve to nobody.
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { hashApiToken, looksLikeApiToken } from "./api-tokens";
import { verifyAccessToken } from "./access-token";
import type { AgencyMembership, AuthMethod, Membership, TokenScope, UserPrincipal } from "./principal";

interface PrincipalRow {
  id: number;
  email: string;
  name: string;
  is_superadmin: boolean;
  agencies: AgencyMembership[] | string;
  organizations: Membership<string>[] | string;
  token_id?: number | null;
  token_scopes?: TokenScope[] | string | null;
  token_last_used_at?: string | Date | null;
}

const principalColumns = sql`
  u.id, u.email, u.name, u.is_superadmin,
  coalesce((select json_agg(json_build_object('id', am.agency_id, 'role', am.role, 'status', a.status) order by am.created_at, am.agency_id)
            from agency_members am join agencies a on a.id = am.agency_id where am.user_id = u.id), '[]'::json) as agencies,
  coalesce((select json_agg(json_build_object('id', om.organization_id, 'role', om.role) order by om.created_at, om.organization_id)
            from organization_members om where om.user_id = u.id), '[]'::json) as organizations`;

/** A text[] arrives as an array from postgres.js and PGlite, as "{usage}" from a bare driver. */
function parseScopes(value: TokenScope[] | string): TokenScope[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, "").split(",").filter(Boolean) as TokenScope[];
}

function toPrincipal(row: PrincipalRow, via: AuthMethod): UserPrincipal {
  const parse = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);
  return {
    kind: "user",
    userId: row.id,
    email: row.email,
    name: row.name,
    isSuperadmin: row.is_superadmin,
    via,
    tokenId: row.token_id ?? undefined,
    tokenScopes: row.token_scopes ? parseScopes(row.token_scopes) : undefined,
    agencies: parse(row.agencies),
    organizations: parse(row.organizations),
  };
}

export async function principalForUser(db: Db, userId: number, via: AuthMethod): Promise<UserPrincipal | null> {
  const result = await db.execute(sql`select ${principalColumns} from users u where u.id = ${userId} and u.status = 'active'`);
  const [row] = rowsOf<PrincipalRow>(result);
  return row ? toPrincipal(row, via) : null;
}

// last_used_at is refreshed at most once a minute per token, so reads stay reads.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function principalForApiToken(db: Db, token: string): Promise<UserPrincipal | null> {
  const result = await db.execute(sql`
    select ${principalColumns}, t.id as token_id, t.scopes as token_scopes, t.last_used_at as token_last_used_at
    from api_tokens t join users u on u.id = t.user_id
    where t.token_hash = ${hashApiToken(token)} and t.revoked_at is null
      and (t.expires_at is null or t.expires_at > now()) and u.status = 'active'`);
  const [row] = rowsOf<PrincipalRow>(result);
  if (!row) return null;
  const lastUsed = row.token_last_used_at ? new Date(row.token_last_used_at).getTime() : 0;
  if (Date.now() - lastUsed > LAST_USED_RESOLUTION_MS) {
    await db.execute(sql`update api_tokens set last_used_at = now() where id = ${row.token_id}`);
  }
  return toPrincipal(row, "api_token");
}

/** A bearer credential: a personal token (cpt_...) or a signed access token. */
export async function principalForBearer(db: Db, credential: string): Promise<UserPrincipal | null> {
  if (looksLikeApiToken(credential)) return principalForApiToken(db, credential);
  const userId = await verifyAccessToken(credential);
  return userId === null ? null : principalForUser(db, userId, "access_token");
}
