// Who is asking. Resolved once per request by the surfaces; services only read it.

export type AuthMethod = "session" | "api_token" | "access_token";

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
  agencies: AgencyMembership[];
  organizations: Membership<string>[];
}

export interface AnonymousPrincipal {
  kind: "anonymous";
}

export type Principal = UserPrincipal | AnonymousPrincipal;

export const anonymous: AnonymousPrincipal = { kind: "anonymous" };

export function isSuperadmin(p: Principal): p is UserPrincipal & { isSuperadmin: true } {
  return p.kind === "user" && p.isSuperadmin;
}

/** Agencies this principal administers and may act for (suspended agencies excluded). */
export function activeAgencyIds(p: Principal): number[] {
  return p.kind === "user" ? p.agencies.filter((a) => a.status === "active").map((a) => a.id) : [];
}
