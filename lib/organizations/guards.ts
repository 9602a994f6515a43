// Role-level guards of the organization services, which the routes run before reading any input: who may
// ever create or manage an organization. Which organization, and whether it is the caller's, the services
// decide (404 for what the caller cannot see, as getOrganization does).
import type { UserPrincipal } from "@/lib/auth/principal";
import { type ServiceContext, requirePlatformOrAgencyAdmin } from "@/lib/context";

/** Worded as the services word the same refusal (manage-organization.ts, organizations.ts). */
export const NOT_AN_ORGANIZATION_MANAGER = "Only the platform or the organization's agency can change it.";
export const NOT_AN_ORGANIZATION_CREATOR = "You are not allowed to create organizations.";

/** Changes to an organization and its domain: superadmins and admins of an active agency. */
export function requireOrganizationManager(ctx: ServiceContext): UserPrincipal {
  return requirePlatformOrAgencyAdmin(ctx, NOT_AN_ORGANIZATION_MANAGER);
}

/** Creating an organization: superadmins (for the platform or an agency) and admins of an active agency. */
export function requireOrganizationCreator(ctx: ServiceContext): UserPrincipal {
  return requirePlatformOrAgencyAdmin(ctx, NOT_AN_ORGANIZATION_CREATOR);
}
