// Platform API: the audit trail (seed 002's Audit Logs, plus filters, a keyset cursor and the chain's verification).
import { z } from "zod";
import { AuditLogQuery, AuditLogView, AuditStatsQuery } from "@/lib/audit/audit-logs";
import { AuditExportQuery } from "@/lib/audit/export";
import { requireAuditReader } from "@/lib/audit/guards";
import { requireSuperadmin } from "@/lib/context";
import { defineContract } from "../contract";

const base = { surface: "platform" as const, tags: ["Audit logs"] };

export const listAuditLogs = defineContract({
  auth: requireAuditReader,
  ...base,
  method: "GET",
  path: "/api/tenants/audit-logs",
  summary: "The audit trail, newest first, within the caller's visibility",
  description: [
    "A superadmin sees every row; an agency admin its agencies' and their organizations' rows; an organization owner its organization's; anyone else gets 403.",
    "Filters: action, target_type, actor_id, organization_id, from and to (a day or an instant, inclusive). A filter naming something outside the caller's view finds nothing.",
    "Offset pages carry `total`; for deep scrolling pass the previous page's `next_cursor` as `cursor` (keyset: `total` is then null).",
  ].join(" "),
  query: AuditLogQuery,
  response: z.object({
    data: z.array(AuditLogView),
    total: z.number().int().nullable(),
    limit: z.number().int(),
    offset: z.number().int(),
    next_cursor: z.string().nullable(),
  }),
  errors: [401, 403, 422],
});

export const auditStats = defineContract({
  auth: requireAuditReader,
  ...base,
  method: "GET",
  path: "/api/tenants/audit-logs/stats",
  summary: "Audit totals for the last `days` days (1-365, default 30): per day (every day, zeros included), per action, and the top actors",
  query: AuditStatsQuery,
  response: z.object({
    days: z.number().int(),
    from: z.string(),
    to: z.string(),
    total: z.number().int(),
    per_day: z.array(z.object({ date: z.string(), count: z.number().int() })),
    per_action: z.array(z.object({ action: z.string(), count: z.number().int() })),
    top_actors: z.array(z.object({ user_id: z.number().int().nullable(), label: z.string().nullable(), count: z.number().int() })),
  }),
  errors: [401, 403, 422],
});

export const verifyAuditLogs = defineContract({
  auth: requireSuperadmin,
  ...base,
  method: "GET",
  path: "/api/tenants/audit-logs/verify",
  summary: "Walk the audit trail's hash chain and report the first row altered, removed or inserted out of order (superadmin)",
  response: z.object({
    ok: z.boolean(),
    checked: z.number().int(),
    head_seq: z.number().int(),
    problem: z
      .object({
        kind: z.enum(["altered", "removed", "out_of_order", "unchained"]),
        id: z.number().int().nullable(),
        chain_seq: z.number().int().nullable(),
        message: z.string(),
      })
      .nullable(),
  }),
  errors: [401, 403],
});

export const exportAuditLogs = defineContract({
  auth: requireAuditReader,
  ...base,
  method: "GET",
  path: "/api/tenants/audit-logs/export",
  summary: "Export the filtered audit trail as CSV (`format=csv`, the default) or NDJSON (`format=ndjson`), streamed, newest first",
  description: "The same filters and visibility as the list. The answer is streamed page by page, so any size of trail can be exported.",
  query: AuditExportQuery,
  errors: [401, 403, 422],
});
