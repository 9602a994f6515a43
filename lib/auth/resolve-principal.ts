// Turns a credential (session user id, personal API token, access token) into a Principal,
// loading the user and all memberships in one query. Disabled users resolve to nobody.
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { prepared } from "@/db/prepared";
import { apiTokens, users } from "@/db/schema";
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
  token_scopes?: string[] | string | null;
  token_last_used_at?: string | Date | null;
}

// The user and all memberships: one row. Built once per database as prepared statements (db/prepared.ts):
// every API request runs one of them. The subqueries name `users.id` literally: drizzle leaves the table
// off a column of a one-table select, and a bare "id" would be agencies' id inside them.
const principalFields = {
  id: users.id,
  email: users.email,
  name: users.name,
  is_superadmin: users.isSuperadmin,
  agencies: sql<
    AgencyMembership[] | string
  >`coalesce((select json_agg(json_build_object('id', am.agency_id, 'role', am.role, 'status', a.status) order by am.created_at, am.agency_id)
            from agency_members am join agencies a on a.id = am.agency_id where am.user_id = users.id), '[]'::json)`,
  organizations: sql<
    Membership<string>[] | string
  >`coalesce((select json_agg(json_build_object('id', om.organization_id, 'role', om.role) order by om.created_at, om.organization_id)
            from organization_members om where om.user_id = users.id), '[]'::json)`,
};

const userById = (db: Db) =>
  db
    .select(principalFields)
    .from(users)
    .where(and(eq(users.id, sql.placeholder("id")), eq(users.status, "active")))
    .prepare("principal_by_user");

const userByTokenHash = (db: Db) =>
  db
    .select({ ...principalFields, token_id: apiTokens.id, token_scopes: apiTokens.scopes, token_last_used_at: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder("hash")),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`)),
        eq(users.status, "active"),
      ),
    )
    .prepare("principal_by_token");

/** A text[] arrives as an array from postgres.js and PGlite, as "{usage}" from a bare driver. */
function parseScopes(value: string[] | string): TokenScope[] {
  if (Array.isArray(value)) return value as TokenScope[];
  return value
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter(Boolean) as TokenScope[];
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
  const [row] = await prepared(db, "principal_by_user", userById).execute({ id: userId });
  return row ? toPrincipal(row, via) : null;
}

// last_used_at is refreshed at most once a minute per token, so reads stay reads.
const LAST_USED_RESOLUTION_MS = 60_000;

export async function principalForApiToken(db: Db, token: string): Promise<UserPrincipal | null> {
  const [row] = await prepared(db, "principal_by_token", userByTokenHash).execute({ hash: hashApiToken(token) });
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
