import { z } from "zod";
import { organizationStatuses } from "@/db/schema";
import { PageQuery } from "@/lib/pagination";
import { DomainName, PG_INT_MAX, Subdomain } from "@/lib/validation";

export const OrganizationName = z.string().trim().min(1).max(255);
export const OrganizationStatus = z.enum(organizationStatuses);

/** A limit: a non-negative integer, null for unlimited, 0 for none allowed. */
export const Limit = z.number().int().min(0).max(PG_INT_MAX).nullable();

export const CreateOrganizationInput = z.object({
  name: OrganizationName,
  slug: Subdomain,
  /** The owning agency (the seeds' "admin"); superadmins may name one, agency admins get their own. */
  admin_id: z.number().int().positive().nullish(),
});
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>;

/** A website build's state for the lists: still building (queued or under way), or failed (101-103). */
export const WebsiteBuildState = z.enum(["building", "failed"]);
export type WebsiteBuildState = z.infer<typeof WebsiteBuildState>;

export const ListOrganizationsQuery = PageQuery.extend({
  status: OrganizationStatus.optional(),
  q: z.string().trim().max(100).optional(),
  website: WebsiteBuildState.optional(),
});
export type ListOrganizationsQuery = z.infer<typeof ListOrganizationsQuery>;

export const OrganizationIdParams = z.object({ id: z.uuid() });
export const OrgIdParams = z.object({ org_id: z.uuid() });

export const LimitsInput = z.object({
  credit_limit: Limit.optional(),
  storage_limit_gb: Limit.optional(),
  max_users: Limit.optional(),
  bandwidth_limit_gb: Limit.optional(),
});
export type LimitsInput = z.infer<typeof LimitsInput>;

export const UpdateOrganizationInput = LimitsInput.extend({
  name: OrganizationName.optional(),
  custom_domain: DomainName.nullable().optional(),
  enabled_plugins: z.array(z.string().trim().min(1).max(64)).max(100).optional(),
});
export type UpdateOrganizationInput = z.infer<typeof UpdateOrganizationInput>;

export const SetStatusInput = z.object({
  status: z.enum(["active", "suspended", "cancelled"]),
  reason: z.string().trim().max(500).nullish(),
});
export type SetStatusInput = z.infer<typeof SetStatusInput>;

export const CreditLimitInput = z.object({ credit_limit: Limit });

/** The tenant as REST v1 shows it (seed 003). */
export const TenantV1 = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  status: OrganizationStatus,
  created_at: z.string(),
});

export const TenantV1Detail = TenantV1.extend({
  admin_id: z.number().int().nullable(),
  custom_domain: z.string().nullable(),
  updated_at: z.string(),
});

/** The organization as the platform API (/api/tenants/**) shows it. */
export const OrganizationView = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  custom_domain: z.string().nullable(),
  status: OrganizationStatus,
  status_reason: z.string().nullable(),
  admin_id: z.number().int().nullable(),
  plan_id: z.string().nullable(),
  service_id: z.string().nullable(),
  enabled_plugins: z.array(z.string()),
  credit_limit: z.number().int().nullable(),
  storage_limit_gb: z.number().int().nullable(),
  max_users: z.number().int().nullable(),
  bandwidth_limit_gb: z.number().int().nullable(),
  credit_balance: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
