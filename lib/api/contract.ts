// A route's contract: method, path, schemas and documentation in one object. The route wrapper
// validates with it and the OpenAPI document is generated from it, so the two cannot drift.
import type { z } from "zod";
import type { TokenScope, UserPrincipal } from "@/lib/auth/principal";
import type { ServiceContext } from "@/lib/context";
import type { SurfaceName } from "./dialects";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * A role-level check of the service layer (requireSuperadmin, requireOrganizationManager, ...): who may
 * use the route at all. The wrapper runs it right after authentication, before the input is parsed, so
 * a caller who may not use the route is refused (401 anonymous, 403 otherwise) without learning what
 * input it takes. The services keep their own checks; which resource (this agency, this organization:
 * 404 when unseen) stays theirs to decide.
 */
export type RouteGuard = (ctx: ServiceContext) => UserPrincipal;

export interface RouteContract<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** OpenAPI style: /api/v1/tenants/{id} */
  path: string;
  surface: SurfaceName;
  summary: string;
  description?: string;
  tags: string[];
  /** "public" routes answer anonymous callers; every other route names its guard. */
  auth: "public" | RouteGuard;
  params?: P;
  query?: Q;
  body?: B;
  response?: R;
  /** The body as documented, when the parsing schema normalizes several accepted shapes into one. */
  documentedBody?: z.ZodType;
  successStatus?: number;
  /** The documented error statuses. */
  errors?: number[];
  /** The 404 message when a path parameter names nothing ("Tenant not found"). */
  notFound?: string;
  /** Scoped personal tokens this route accepts; a token limited to other scopes gets 403. */
  tokenScopes?: TokenScope[];
  /** How a 500 of this operation is worded (seed 003: "Failed to create tenant"). */
  failureDetail?: string;
}

export function defineContract<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  contract: RouteContract<P, Q, B, R>,
): RouteContract<P, Q, B, R> {
  return contract;
}
