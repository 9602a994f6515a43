// Usage ingestion: one event or a batch of up to 1,000, in one transaction. Every event is counted
// at most once (its idempotency key is unique per organization); credit consumption is refused,
// event by event, when it would overdraw the balance or pass the month's credit limit, and a
// refused event leaves nothing behind. The daily rollup and the ledger change with the events.
import { type SQL, and, eq, gte, inArray, lt, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { type UsageMetric, usageDaily, usageEvents } from "@/db/schema";
import { type UserPrincipal, activeAgencyIds, hasTokenScope } from "@/lib/auth/principal";
import { organizationAuditTarget, recordAudit } from "@/lib/audit/record-audit";
import { type ServiceContext, requireUser, withTransaction } from "@/lib/context";
import { appendConsumptions, lockOrganizationCredits } from "@/lib/credits/ledger";
import { ForbiddenError, InsufficientCreditsError, ValidationError } from "@/lib/errors";
import { canManageOrganization, getOrganization } from "@/lib/organizations/organizations";
import { announceCrossedThresholds } from "./alerts";
import { monthBounds, monthOf, previousMonthStart, utcDay } from "./period";
import type { ReportUsageInput, ReportUsageResult, UsageEventResult } from "./schemas";

/** How far ahead of this server's clock an event may be dated (clocks drift). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

interface PendingEvent {
  index: number;
  metric: UsageMetric;
  quantity: number;
  occurredAt: Date;
  key: string;
}

/** Events dated in the future or before last month are refused as a whole, before anything is written. */
function toPendingEvents(input: ReportUsageInput, now: Date): PendingEvent[] {
  const oldest = previousMonthStart(now);
  const errors: Record<string, string[]> = {};
  const events = input.events.map((e, index) => {
    const occurredAt = e.occurred_at ? new Date(e.occurred_at) : now;
    if (occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
      errors[`events.${index}.occurred_at`] = ["The occurred at field must not be in the future."];
    if (occurredAt < oldest)
      errors[`events.${index}.occurred_at`] = [
        `The occurred at field must not be before ${utcDay(oldest)}: usage is accepted for this month and the last.`,
      ];
    return { index, metric: e.metric, quantity: e.quantity, occurredAt, key: e.idempotency_key };
  });
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return events;
}

const consumesCredits = (e: PendingEvent) => e.metric === "credits" && e.quantity > 0;

/** Credits consumed so far in each month the events fall in (the caller holds the account lock). */
async function creditsUsedByMonth(ctx: ServiceContext, organizationId: string, events: PendingEvent[]): Promise<Map<string, number>> {
  const used = new Map<string, number>();
  for (const month of new Set(events.map((e) => monthOf(e.occurredAt)))) {
    const bounds = monthBounds(new Date(`${month}T00:00:00Z`));
    const [row] = await ctx.db
      .select({ total: sql<string | null>`sum(${usageDaily.total})` })
      .from(usageDaily)
      .where(
        and(
          eq(usageDaily.organizationId, organizationId),
          eq(usageDaily.metric, "credits"),
          gte(usageDaily.day, bounds.start),
          lt(usageDaily.day, bounds.next),
        ),
      );
    used.set(month, Number(row?.total ?? 0));
  }
  return used;
}

/**
 * Decides each credit event in order, as if applied one after the other: a duplicate of an event
 * already stored (or earlier in the batch) is skipped, one the balance or the month's limit cannot
 * cover is refused. Runs under the account lock, so the balance and the month's total are current.
 */
async function decideCreditEvents(ctx: ServiceContext, organizationId: string, events: PendingEvent[]) {
  const accepted: PendingEvent[] = [];
  const refused = new Map<number, string>();
  if (events.length === 0) return { accepted, refused, balance: null };
  const account = await lockOrganizationCredits(ctx, organizationId);
  const stored = await ctx.db
    .select({ key: usageEvents.idempotencyKey })
    .from(usageEvents)
    .where(and(eq(usageEvents.organizationId, organizationId), inArray(usageEvents.idempotencyKey, [...new Set(events.map((e) => e.key))])));
  const seen = new Set(stored.map((r) => r.key));
  const usedByMonth = await creditsUsedByMonth(ctx, organizationId, events);
  let balance = account.balance;
  for (const event of events) {
    if (seen.has(event.key)) continue;
    const month = monthOf(event.occurredAt);
    const used = usedByMonth.get(month) ?? 0;
    if (event.quantity > balance) {
      refused.set(event.index, `Insufficient credits: ${event.quantity} requested, ${balance} available.`);
    } else if (account.creditLimit !== null && used + event.quantity > account.creditLimit) {
      refused.set(
        event.index,
        `Monthly credit limit reached: ${used} of ${account.creditLimit} credits used in ${month.slice(0, 7)}, ${event.quantity} requested.`,
      );
    } else {
      seen.add(event.key);
      balance -= event.quantity;
      usedByMonth.set(month, used + event.quantity);
      accepted.push(event);
    }
  }
  return { accepted, refused, balance: account.balance };
}

/**
 * Inserts the events in key order (so concurrent batches take the unique index's locks in the same
 * order and cannot deadlock) and returns the ones actually stored: a key stored by someone else
 * meanwhile, or twice in this batch, is stored once.
 */
async function storeEvents(ctx: ServiceContext, organizationId: string, events: PendingEvent[]): Promise<PendingEvent[]> {
  const sorted = [...events].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  const firstByKey = new Map<string, PendingEvent>();
  for (const e of sorted) if (!firstByKey.has(e.key)) firstByKey.set(e.key, e);
  // The rows go as one JSON document, unpacked by the database: building a 1,000-row VALUES list
  // with 5,000 bind parameters cost more CPU than the database spends inserting them (and one text
  // parameter behaves the same on postgres.js and PGlite, which arrays of timestamps do not).
  const rows = JSON.stringify(
    sorted.map((e) => ({ metric: e.metric, quantity: e.quantity, occurred_at: e.occurredAt.toISOString(), idempotency_key: e.key })),
  );
  const result = await ctx.db.execute(sql`
    insert into usage_events (organization_id, metric, quantity, occurred_at, idempotency_key)
    select ${organizationId}::uuid, e.metric, e.quantity, e.occurred_at, e.idempotency_key
    from rows from (jsonb_to_recordset(${rows}::jsonb) as (metric text, quantity bigint, occurred_at timestamptz, idempotency_key text))
         with ordinality as e(metric, quantity, occurred_at, idempotency_key, position)
    order by e.position
    on conflict do nothing
    returning idempotency_key`);
  const stored = rowsOf<{ idempotency_key: string }>(result).map((r) => firstByKey.get(r.idempotency_key)!);
  return stored.sort((a, b) => a.index - b.index);
}

/** Adds the stored events to the daily rollup, one row per metric and day, in a fixed lock order. */
async function rollUp(ctx: ServiceContext, organizationId: string, events: PendingEvent[]): Promise<void> {
  const days = new Map<string, { metric: UsageMetric; day: string; total: number; peak: number; last: number; lastAt: Date }>();
  for (const e of events) {
    const day = utcDay(e.occurredAt);
    const id = `${e.metric}|${day}`;
    const row = days.get(id);
    if (!row) days.set(id, { metric: e.metric, day, total: e.quantity, peak: e.quantity, last: e.quantity, lastAt: e.occurredAt });
    else {
      row.total += e.quantity;
      row.peak = Math.max(row.peak, e.quantity);
      if (e.occurredAt >= row.lastAt) Object.assign(row, { last: e.quantity, lastAt: e.occurredAt });
    }
  }
  if (days.size === 0) return;
  const rows = [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => ({ organizationId, ...r }));
  const excluded = (column: string): SQL => sql.raw(`excluded.${column}`);
  await ctx.db
    .insert(usageDaily)
    .values(rows)
    .onConflictDoUpdate({
      target: [usageDaily.organizationId, usageDaily.metric, usageDaily.day],
      set: {
        total: sql`${usageDaily.total} + ${excluded("total")}`,
        peak: sql`greatest(${usageDaily.peak}, ${excluded("peak")})`,
        last: sql`case when ${excluded("last_at")} >= ${usageDaily.lastAt} then ${excluded("last")} else ${usageDaily.last} end`,
        lastAt: sql`greatest(${usageDaily.lastAt}, ${excluded("last_at")})`,
      },
    });
}

const NOT_A_REPORTER = "You are not allowed to report usage for this organization. Use a token with the usage scope.";

/** Who may report usage at all (the route's guard): superadmins, admins of an active agency, usage-scoped tokens. */
export function requireUsageReporter(ctx: ServiceContext): UserPrincipal {
  const user = requireUser(ctx);
  if (!user.isSuperadmin && activeAgencyIds(user).length === 0 && !hasTokenScope(user, "usage")) throw new ForbiddenError(NOT_A_REPORTER);
  return user;
}

/** May the caller report usage for this organization? Its managers may, and usage-scoped tokens. */
function assertMayReport(ctx: ServiceContext, org: Parameters<typeof canManageOrganization>[1]) {
  const user = requireUser(ctx);
  if (!canManageOrganization(user, org) && !hasTokenScope(user, "usage")) throw new ForbiddenError(NOT_A_REPORTER);
}

export async function reportUsage(ctx: ServiceContext, input: ReportUsageInput & { id: string }): Promise<ReportUsageResult> {
  requireUser(ctx);
  const now = new Date();
  const events = toPendingEvents(input, now);
  return withTransaction(ctx, async (tx) => {
    const org = await getOrganization(tx, { id: input.id });
    assertMayReport(tx, org);
    const credit = await decideCreditEvents(tx, org.id, events.filter(consumesCredits));
    const acceptedCredits = new Set(credit.accepted);
    const candidates = events.filter((e) => !consumesCredits(e) || acceptedCredits.has(e));
    const stored = await storeEvents(tx, org.id, candidates);
    const storedSet = new Set(stored);
    const consumed = stored.filter(consumesCredits);
    const balance =
      credit.balance === null
        ? org.creditBalance
        : await appendConsumptions(
            tx,
            org.id,
            credit.balance,
            consumed.map((e) => ({ amount: e.quantity, idempotencyKey: e.key, reason: `Usage: ${e.key}` })),
          );
    await rollUp(tx, org.id, stored);
    const results: UsageEventResult[] = events.map((e) => {
      const error = credit.refused.get(e.index);
      if (error) return { index: e.index, idempotency_key: e.key, status: "refused", error };
      return { index: e.index, idempotency_key: e.key, status: storedSet.has(e) ? "accepted" : "duplicate" };
    });
    const counts = { accepted: stored.length, duplicates: results.filter((r) => r.status === "duplicate").length, refused: credit.refused.size };
    // One event on its own is answered like any other request: refused is a 422 with the reason.
    if (input.single && counts.refused === 1) throw new InsufficientCreditsError(results[0].error);
    if (counts.accepted + counts.refused > 0) {
      const creditsConsumed = consumed.reduce((sum, e) => sum + e.quantity, 0);
      await recordAudit(tx, {
        action: "usage.reported",
        ...organizationAuditTarget(org),
        metadata: { ...counts, credits_consumed: creditsConsumed, credit_balance: balance },
      });
    }
    if (counts.accepted > 0) await announceCrossedThresholds(tx, { ...org, creditBalance: balance }, { now, creditsConsumed: consumed.length > 0 });
    return { ...counts, credit_balance: balance, results };
  });
}
