// Who is asking. Resolved once per request by the surfaces; services only read it.

export type AuthMethod = "session" | "api_token" | "access_token";

/** "usage": the token reports and reads usage for the organizations its user can see, and nothing else. */
export const tokenScopes = ["usage"] as const;
export type TokenScope = (typeof tokenScopes)[number];

export interface Membership<TId> {
  id: TId;
  role: "owner" | "member";
}

export interface AgencyMembership extends Membership<number> {
  status: "active" | "suspended";
}

export interface UserPrincipal {
  kind: "user";
  userId: number;
  email: string;
  name: string;
  isSuperadmin: boolean;
  via: AuthMethod;
  tokenId?: number;
  /** A personal token's scopes: empty for a token with all of its user's rights. */
  tokenScopes?: TokenScope[];
  agencies: AgencyMembership[];
  organizations: Membership<string>[];
}

interface AnonymousPrincipal {
  kind: "anonymous";
}

export type Principal = UserPrincipal | AnonymousPrincipal;

export const anonymous: AnonymousPrincipal = { kind: "anonymous" };

/** Agencies this principal administers and may act for (suspended agencies excluded). */
export function activeAgencyIds(p: Principal): number[] {
  return p.kind === "user" ? p.agencies.filter((a) => a.status === "active").map((a) => a.id) : [];
}

/**
 * Why this user may not use the console or the API at all, or null. An agency admin whose every
 * agency is suspended, and who has no organization of their own, is locked out until reactivation.
 */
export function lockedOutReason(p: UserPrincipal): string | null {
  if (p.isSuperadmin || p.agencies.length === 0 || p.organizations.length > 0) return null;
  if (p.agencies.some((a) => a.status === "active")) return null;
  return "Your agency is suspended. Contact the platform's support to restore access.";
}

/** True for a personal token limited to the given scope. */
export function hasTokenScope(p: Principal, scope: TokenScope): boolean {
  return p.kind === "user" && (p.tokenScopes ?? []).includes(scope);
}
