import type { Organization } from "@/db/schema";

/** The tenant as seed 003 shows it after creation. */
export function toTenantV1(org: Organization) {
  return { id: org.id, name: org.name, slug: org.slug, status: org.status, created_at: org.createdAt.toISOString() };
}

export function toTenantV1Detail(org: Organization) {
  return { ...toTenantV1(org), admin_id: org.agencyId, custom_domain: org.customDomain, updated_at: org.updatedAt.toISOString() };
}

/** The organization as the platform API (/api/tenants/**) shows it. */
export function toOrganizationView(org: Organization) {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    custom_domain: org.customDomain,
    status: org.status,
    status_reason: org.statusReason,
    admin_id: org.agencyId,
    plan_id: org.planId,
    service_id: org.externalServiceId,
    enabled_plugins: org.enabledPlugins,
    credit_limit: org.creditLimit,
    storage_limit_gb: org.storageLimitGb,
    max_users: org.maxUsers,
    bandwidth_limit_gb: org.bandwidthLimitGb,
    credit_balance: org.creditBalance,
    created_at: org.createdAt.toISOString(),
    updated_at: org.updatedAt.toISOString(),
  };
}
