// Platform API: credits (seed 002's grant-credits and credits/add) and the ledgers behind them.
import { z } from "zod";
import { IdParams } from "@/lib/agencies/schemas";
import { AddCreditsInput, GrantCreditsInput, LedgerEntryView, LedgerQuery, requireOrganizationFunder } from "@/lib/credits/ledger";
import { OrgIdParams } from "@/lib/organizations/schemas";
import { requireAgencyAdmin } from "@/lib/agencies/agencies";
import { requireSuperadmin, requireUser } from "@/lib/context";
import { defineContract } from "../contract";

const base = { surface: "platform" as const };
const ledgerPage = z.object({ data: z.array(LedgerEntryView), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });

export const grantCredits = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "POST",
  path: "/api/tenants/admins/{id}/grant-credits",
  summary: "Grant credits to an agency, recording its partner group's discount (superadmin)",
  tags: ["Credits"],
  params: IdParams,
  body: GrantCreditsInput,
  response: LedgerEntryView,
  successStatus: 201,
  notFound: "Admin not found",
  errors: [401, 403, 404, 422],
});

export const addCredits = defineContract({
  auth: requireOrganizationFunder,
  ...base,
  method: "POST",
  path: "/api/tenants/organizations/{org_id}/credits/add",
  summary: "Add credits to an organization: a platform grant (superadmin) or a transfer from the owning agency's balance",
  description: "A transfer larger than the agency's balance is refused with 422 `Insufficient credits`, and nothing is written.",
  tags: ["Credits"],
  params: OrgIdParams,
  body: AddCreditsInput,
  response: LedgerEntryView,
  successStatus: 201,
  notFound: "Tenant not found",
  errors: [401, 403, 404, 422],
});

export const agencyLedger = defineContract({
  auth: requireAgencyAdmin,
  ...base,
  method: "GET",
  path: "/api/tenants/admins/{id}/ledger",
  summary: "An agency's credit ledger, newest first, with the balance after each entry",
  tags: ["Credits"],
  params: IdParams,
  query: LedgerQuery,
  response: ledgerPage,
  notFound: "Admin not found",
  errors: [401, 403, 404],
});

export const organizationLedger = defineContract({
  auth: requireUser,
  ...base,
  method: "GET",
  path: "/api/tenants/organizations/{org_id}/ledger",
  summary: "An organization's credit ledger, newest first, with the balance after each entry",
  tags: ["Credits"],
  params: OrgIdParams,
  query: LedgerQuery,
  response: ledgerPage,
  notFound: "Tenant not found",
  errors: [401, 403, 404],
});
