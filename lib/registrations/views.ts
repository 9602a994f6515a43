import { type SQL, sql } from "drizzle-orm";
import type { RegistrationRequest, RegistrationStatus } from "@/db/schema";
import { isoTimeSql } from "@/lib/pagination";

export const STATUS_LABELS: Record<RegistrationStatus, string> = {
  pending_approval: "Pending",
  approved: "Approved",
  rejected: "Rejected",
  active: "Provisioned",
};

/** A registration as the API shows it. The password hash never leaves the server. */
export function toRegistrationView(r: RegistrationRequest) {
  return {
    id: r.id,
    status: r.status,
    email: r.email,
    company_name: r.companyName,
    contact_name: r.contactName,
    phone: r.phone,
    desired_org_name: r.desiredOrgName,
    desired_org_slug: r.desiredOrgSlug,
    utm_source: r.utmSource,
    utm_medium: r.utmMedium,
    utm_campaign: r.utmCampaign,
    org_name: r.orgName,
    org_slug: r.orgSlug,
    initial_credit_limit: r.creditLimit,
    storage_limit_gb: r.storageLimitGb,
    max_users: r.maxUsers,
    bandwidth_limit_gb: r.bandwidthLimitGb,
    rejection_reason: r.rejectionReason,
    reviewed_by: r.reviewedBy,
    reviewed_at: r.reviewedAt?.toISOString() ?? null,
    organization_id: r.organizationId,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}

/** toRegistrationView in SQL, for a row aliased `r` (the API's list is written by PostgreSQL; the tests hold the two equal). */
export const registrationViewSql: SQL = sql.raw(`json_build_object(
  'id', r.id, 'status', r.status, 'email', r.email, 'company_name', r.company_name, 'contact_name', r.contact_name,
  'phone', r.phone, 'desired_org_name', r.desired_org_name, 'desired_org_slug', r.desired_org_slug,
  'utm_source', r.utm_source, 'utm_medium', r.utm_medium, 'utm_campaign', r.utm_campaign,
  'org_name', r.org_name, 'org_slug', r.org_slug, 'initial_credit_limit', r.credit_limit,
  'storage_limit_gb', r.storage_limit_gb, 'max_users', r.max_users, 'bandwidth_limit_gb', r.bandwidth_limit_gb,
  'rejection_reason', r.rejection_reason, 'reviewed_by', r.reviewed_by, 'reviewed_at', ${isoTimeSql("r.reviewed_at")},
  'organization_id', r.organization_id, 'created_at', ${isoTimeSql("r.created_at")}, 'updated_at', ${isoTimeSql("r.updated_at")})`);
