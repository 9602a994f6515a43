import { z } from "zod";
import { organizationStatuses } from "@/db/schema";
import { PageQuery } from "@/lib/pagination";
import { Subdomain } from "@/lib/validation";

export const OrganizationName = z.string().trim().min(1).max(255);
export const OrganizationStatus = z.enum(organizationStatuses);

export const CreateOrganizationInput = z.object({
  name: OrganizationName,
  slug: Subdomain,
  /** The owning agency (the seeds' "admin"); superadmins may name one, agency admins get their own. */
  admin_id: z.number().int().positive().nullish(),
});
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>;

export const ListOrganizationsQuery = PageQuery.extend({
  status: OrganizationStatus.optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListOrganizationsQuery = z.infer<typeof ListOrganizationsQuery>;

export const OrganizationIdParams = z.object({ id: z.uuid() });

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
