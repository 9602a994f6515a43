import type { RegistrationRequest, RegistrationStatus } from "@/db/schema";

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
