// The audit trail's role-level guard, which the routes run before reading any filter: who may read any of
// the trail at all (canReadAuditTrail). Which rows, auditVisibility decides.
import type { UserPrincipal } from "@/lib/auth/principal";
import { type ServiceContext, requireUser } from "@/lib/context";
import { ForbiddenError } from "@/lib/errors";
import { canReadAuditTrail } from "./audit-logs";

/** Worded as auditVisibility words the same refusal. */
export const NOT_AN_AUDIT_READER = "The audit trail is for superadmins, agency admins and organization owners.";

export function requireAuditReader(ctx: ServiceContext): UserPrincipal {
  const user = requireUser(ctx);
  if (!canReadAuditTrail(user)) throw new ForbiddenError(NOT_AN_AUDIT_READER);
  return user;
}
