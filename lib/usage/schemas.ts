import { z } from "zod";
import { usageMetrics } from "@/db/schema";

const MAX_BATCH = 1000;

const UsageEventInput = z.object({
  metric: z.enum(usageMetrics),
  /** Credits consumed, bytes stored or transferred, calls made, users active: never negative. */
  quantity: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** When it happened (ISO 8601 with an offset); now when left out. */
  occurred_at: z.iso.datetime({ offset: true }).optional(),
  /** Unique per organization: a repeated key is accepted and not counted again. */
  idempotency_key: z.string().trim().min(1).max(200),
});

const UsageBatch = z.object({ events: z.array(UsageEventInput).min(1).max(MAX_BATCH) });

/**
 * One event, or `{ "events": [...] }` with up to 1,000. A single event is read as a batch of one,
 * so both shapes share one validation; its field errors are keyed `events.0.<field>`.
 */
export const ReportUsageInput = z.preprocess(
  (body) => (body !== null && typeof body === "object" && !("events" in body) ? { events: [body], single: true } : body),
  UsageBatch.extend({ single: z.literal(true).optional() }),
);
export type ReportUsageInput = z.infer<typeof ReportUsageInput>;
/** The two shapes ReportUsageInput accepts, as the API reference shows them. */
export const ReportUsageBody = z.union([UsageEventInput, UsageBatch]);

export const UsageEventResult = z.object({
  index: z.number().int(),
  idempotency_key: z.string(),
  status: z.enum(["accepted", "duplicate", "refused"]),
  /** Why a refused event was refused. */
  error: z.string().optional(),
});
export type UsageEventResult = z.infer<typeof UsageEventResult>;

export const ReportUsageResult = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  refused: z.number().int(),
  /** The organization's credit balance after the batch. */
  credit_balance: z.number().int(),
  results: z.array(UsageEventResult),
});
export type ReportUsageResult = z.infer<typeof ReportUsageResult>;

const Measure = z.object({
  used: z.number(),
  /** null: unlimited. */
  limit: z.number().nullable(),
  /** used / limit in percent, one decimal; null when unlimited. May exceed 100. */
  percent: z.number().nullable(),
});

export const UsageReport = z.object({
  organization_id: z.uuid(),
  /** The current calendar month (UTC) that limits apply to. */
  period: z.object({ start: z.string(), end: z.string() }),
  credits: Measure.extend({ balance: z.number().int() }),
  storage: Measure,
  bandwidth: Measure,
  users: Measure,
  api_calls: z.object({ used: z.number() }),
  /** The last 30 days, oldest first, every day present: counters summed, gauges at their peak. */
  daily: z.array(
    z.object({
      date: z.string(),
      credits: z.number(),
      storage_bytes: z.number(),
      bandwidth_bytes: z.number(),
      api_calls: z.number(),
      active_users: z.number(),
    }),
  ),
});
export type UsageReport = z.infer<typeof UsageReport>;
