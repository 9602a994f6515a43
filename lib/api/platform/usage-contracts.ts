// Platform API: usage metering (new in this product; seed 002 names only the GET).
import { OrgIdParams } from "@/lib/organizations/schemas";
import { ReportUsageBody, ReportUsageInput, ReportUsageResult, UsageReport } from "@/lib/usage/schemas";
import { requireUser } from "@/lib/context";
import { requireUsageReporter } from "@/lib/usage/ingest";
import { defineContract } from "../contract";

const base = { surface: "platform" as const, tokenScopes: ["usage" as const] };

export const reportUsage = defineContract({
  auth: requireUsageReporter,
  ...base,
  method: "POST",
  path: "/api/tenants/organizations/{org_id}/usage",
  summary: "Report usage: one event, or a batch of up to 1,000 as `{events: [...]}` (superadmin, the owning agency, or a token with the usage scope)",
  description: [
    "Metrics: `credits`, `storage_bytes`, `bandwidth_bytes`, `api_calls`, `active_users`. Each event needs an `idempotency_key`, unique per organization:",
    "a repeated key is answered `duplicate` and not counted again. `occurred_at` defaults to now and may be as old as the start of last month (UTC).",
    "Credit consumption is checked event by event, in order: one that would overdraw the balance or pass the month's credit limit is `refused`",
    "with the reason, and leaves nothing behind; the rest of the batch is kept. A single event that is refused is answered 422 with the reason.",
    "A malformed event refuses the whole batch with 422 and its field errors (`events.<index>.<field>`).",
  ].join(" "),
  tags: ["Usage"],
  params: OrgIdParams,
  body: ReportUsageInput,
  documentedBody: ReportUsageBody,
  response: ReportUsageResult,
  notFound: "Tenant not found",
  errors: [401, 403, 404, 422],
});

export const organizationUsage = defineContract({
  auth: requireUser,
  ...base,
  method: "GET",
  path: "/api/tenants/organizations/{org_id}/usage",
  summary: "An organization's usage this month against each limit, and a daily series for the last 30 days",
  description:
    "Storage and bandwidth are in bytes; their limits are set in GB of 1024^3 bytes. Users are the organization's members. Months and days are UTC.",
  tags: ["Usage"],
  params: OrgIdParams,
  response: UsageReport,
  notFound: "Tenant not found",
  errors: [401, 403, 404],
});
