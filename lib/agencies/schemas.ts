import { z } from "zod";
import { PageQuery } from "@/lib/pagination";
import { Email, SerialId } from "@/lib/validation";

const Name = z.string().trim().min(1).max(255);
const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const PartnerGroupInput = z.object({
  name: Name,
  description: OptionalText(1000),
  /** Percent off the credits an agency in this group buys: 0-100, two decimals at most. */
  credit_discount_percent: z.number().min(0).max(100).multipleOf(0.01).default(0),
});
export const PartnerGroupUpdate = z.object({
  name: Name.optional(),
  description: OptionalText(1000).optional(),
  credit_discount_percent: z.number().min(0).max(100).multipleOf(0.01).optional(),
});
export type PartnerGroupInput = z.infer<typeof PartnerGroupInput>;
export type PartnerGroupUpdate = z.infer<typeof PartnerGroupUpdate>;

export const PartnerGroupView = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  credit_discount_percent: z.number(),
  agencies_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const IdParams = z.object({ id: SerialId });

const Phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ().-]{5,40}$/)
  .nullish()
  .transform((v) => v || null);

export const AgencyInput = z.object({
  name: Name,
  contact_email: Email.nullish().transform((v) => v ?? null),
  company_name: OptionalText(255),
  phone: Phone,
  partner_group_id: SerialId.nullish().transform((v) => v ?? null),
});
export const AgencyUpdate = z.object({
  name: Name.optional(),
  contact_email: Email.nullable().optional(),
  company_name: OptionalText(255).optional(),
  phone: Phone.optional(),
  partner_group_id: SerialId.nullable().optional(),
});
export type AgencyInput = z.infer<typeof AgencyInput>;
export type AgencyUpdate = z.infer<typeof AgencyUpdate>;

export const ListAgenciesQuery = PageQuery.extend({
  status: z.enum(["active", "suspended"]).optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListAgenciesQuery = z.infer<typeof ListAgenciesQuery>;

export const SuspendAgencyInput = z.object({ reason: z.string().trim().min(1).max(500) });
export const AssignOwnerInput = z.object({ user_id: SerialId });

export const AgencyView = z.object({
  id: z.number().int(),
  name: z.string(),
  contact_email: z.string().nullable(),
  company_name: z.string().nullable(),
  phone: z.string().nullable(),
  partner_group_id: z.number().int().nullable(),
  partner_group_name: z.string().nullable(),
  owner_user_id: z.number().int().nullable(),
  status: z.enum(["active", "suspended"]),
  suspended_reason: z.string().nullable(),
  credit_balance: z.number().int(),
  console_domain: z.string().nullable(),
  organizations_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
