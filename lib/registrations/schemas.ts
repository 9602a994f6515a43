import { z } from "zod";
import { registrationStatuses } from "@/db/schema";
import { Limit, OrganizationName } from "@/lib/organizations/schemas";
import { PageQuery } from "@/lib/pagination";
import { Email, SerialId, Subdomain } from "@/lib/validation";

const Text = (max: number) => z.string().trim().min(1).max(max);
const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const RegisterInput = z.object({
  email: Email,
  password: z.string().min(8).max(200),
  company_name: Text(255),
  contact_name: Text(255),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^\+?[0-9 ().-]{5,40}$/)
    .nullish()
    .transform((v) => v || null),
  desired_org_name: OrganizationName,
  desired_org_slug: Subdomain,
  utm_source: OptionalText(100),
  utm_medium: OptionalText(100),
  utm_campaign: OptionalText(100),
});
export type RegisterInput = z.infer<typeof RegisterInput>;

export const ApproveInput = z.object({
  org_name: OrganizationName.optional(),
  org_slug: Subdomain.optional(),
  initial_credit_limit: Limit.optional(),
  storage_limit_gb: Limit.optional(),
  max_users: Limit.optional(),
  bandwidth_limit_gb: Limit.optional(),
});
export type ApproveInput = z.infer<typeof ApproveInput>;

export const RejectInput = z.object({ reason: z.string().trim().min(1).max(1000) });

const RegistrationStatus = z.enum(registrationStatuses);

export const ListRegistrationsQuery = PageQuery.extend({ status: RegistrationStatus.optional() });
export type ListRegistrationsQuery = z.infer<typeof ListRegistrationsQuery>;

export const RegistrationIdParams = z.object({ request_id: SerialId });

export const RegistrationView = z.object({
  id: z.number().int(),
  status: RegistrationStatus,
  email: z.string(),
  company_name: z.string(),
  contact_name: z.string(),
  phone: z.string().nullable(),
  desired_org_name: z.string(),
  desired_org_slug: z.string(),
  utm_source: z.string().nullable(),
  utm_medium: z.string().nullable(),
  utm_campaign: z.string().nullable(),
  org_name: z.string().nullable(),
  org_slug: z.string().nullable(),
  initial_credit_limit: z.number().int().nullable(),
  storage_limit_gb: z.number().int().nullable(),
  max_users: z.number().int().nullable(),
  bandwidth_limit_gb: z.number().int().nullable(),
  rejection_reason: z.string().nullable(),
  reviewed_by: z.number().int().nullable(),
  reviewed_at: z.string().nullable(),
  organization_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
