import { type SQL, sql } from "drizzle-orm";
import type { Organization } from "@/db/schema";
import { isoTimeSql } from "@/lib/pagination";

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

// The same views in SQL, for a row aliased `o`, so that a list page is written by PostgreSQL (json_agg)
// and passed through: decoding, mapping and serializing 50 rows cost the app more CPU than the query.
// Times as toISOString writes them (UTC, milliseconds truncated). The tests hold each equal to its twin.

/** toTenantV1Detail in SQL. */
export const tenantV1DetailSql: SQL = sql.raw(`json_build_object(
  'id', o.id, 'name', o.name, 'slug', o.slug, 'status', o.status, 'created_at', ${isoTimeSql("o.created_at")},
  'admin_id', o.agency_id, 'custom_domain', o.custom_domain, 'updated_at', ${isoTimeSql("o.updated_at")})`);

/** toOrganizationView in SQL. */
export const organizationViewSql: SQL = sql.raw(`json_build_object(
  'id', o.id, 'name', o.name, 'slug', o.slug, 'custom_domain', o.custom_domain, 'status', o.status,
  'status_reason', o.status_reason, 'admin_id', o.agency_id, 'plan_id', o.plan_id, 'service_id', o.external_service_id,
  'enabled_plugins', to_json(o.enabled_plugins), 'credit_limit', o.credit_limit, 'storage_limit_gb', o.storage_limit_gb,
  'max_users', o.max_users, 'bandwidth_limit_gb', o.bandwidth_limit_gb, 'credit_balance', o.credit_balance,
  'created_at', ${isoTimeSql("o.created_at")}, 'updated_at', ${isoTimeSql("o.updated_at")})`);
