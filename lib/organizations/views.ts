import type { Organization } from "@/db/schema";

/** The tenant as seed 003 shows it after creation. */
export function toTenantV1(org: Organization) {
  return { id: org.id, name: org.name, slug: org.slug, status: org.status, created_at: org.createdAt.toISOString() };
}

export function toTenantV1Detail(org: Organization) {
  return { ...toTenantV1(org), admin_id: org.agencyId, custom_domain: org.customDomain, updated_at: org.updatedAt.toISOString() };
}
