// Exports the audit trail for the current filter as CSV or NDJSON, streamed page by page (keyset, in
// pages of 1,000), so that a trail of millions of rows never sits in memory.
import { and, desc, lt } from "drizzle-orm";
import { z } from "zod";
import { auditLogs } from "@/db/schema";
import { type ServiceContext, requireUser } from "@/lib/context";
import { AuditFilter, type AuditLogView, auditConditions, toAuditLogView } from "./audit-logs";

const PAGE = 1000;

export const AuditExportQuery = AuditFilter.extend({ format: z.enum(["csv", "ndjson"]).default("csv") });
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

const CSV_COLUMNS = [
  "id",
  "occurred_at",
  "actor_type",
  "actor_user_id",
  "actor_label",
  "impersonator_user_id",
  "action",
  "target_type",
  "target_id",
  "organization_id",
  "agency_id",
  "ip",
  "user_agent",
  "request_id",
  "metadata",
  "chain_seq",
  "hash",
] as const;

/**
 * One CSV field: quoted when it holds a quote, a comma or a line break; and a leading = + - @ (which a
 * spreadsheet would run as a formula) is neutralised with a leading apostrophe.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(row: AuditLogView): string {
  const flat: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    ...row,
    actor_type: row.actor.type,
    actor_user_id: row.actor.user_id,
    actor_label: row.actor.label,
    impersonator_user_id: row.actor.impersonator_user_id,
  };
  return CSV_COLUMNS.map((c) => csvField(flat[c])).join(",") + "\r\n";
}

interface AuditExport {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
}

/** Checks the caller and the filter at once (so errors come before the first byte), then streams. */
export function exportAuditLogs(ctx: ServiceContext, query: AuditExportQuery): AuditExport {
  const user = requireUser(ctx);
  const where = auditConditions(user, query);
  const encoder = new TextEncoder();
  let before: number | null = null;
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await ctx.db
        .select()
        .from(auditLogs)
        .where(before === null ? where : and(where, lt(auditLogs.id, before)))
        .orderBy(desc(auditLogs.id))
        .limit(PAGE);
      let chunk = "";
      if (query.format === "csv" && !headerSent) chunk += CSV_COLUMNS.join(",") + "\r\n";
      headerSent = true;
      for (const row of rows) chunk += query.format === "csv" ? csvLine(toAuditLogView(row)) : JSON.stringify(toAuditLogView(row)) + "\n";
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (rows.length < PAGE) controller.close();
      else before = rows.at(-1)!.id;
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return {
    stream,
    contentType: query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
    filename: `audit-log-${stamp}.${query.format === "csv" ? "csv" : "ndjson"}`,
  };
}
