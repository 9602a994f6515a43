// An organization's usage: the current month against each of its limits and a 30-day daily series,
// read from the daily rollup (never from the events), so the cost does not grow with the events.
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { type Organization, type UsageMetric, gaugeMetrics, usageMetrics } from "@/db/schema";
import { type ServiceContext, requireUser } from "@/lib/context";
import { getOrganization } from "@/lib/organizations/organizations";
import { lastDays, monthBounds } from "./period";
import type { UsageReport } from "./schemas";

export const CHART_DAYS = 30;
/** Storage and bandwidth limits are set in GB (GiB: 1024^3 bytes) and usage is reported in bytes. */
export const BYTES_PER_GB = 1024 ** 3;

function percentOf(used: number, limit: number | null): number | null {
  if (limit === null) return null;
  if (limit === 0) return used > 0 ? 100 : 0;
  return Math.round((used * 1000) / limit) / 10;
}

function measure(used: number, limit: number | null) {
  return { used, limit, percent: percentOf(used, limit) };
}

const gbToBytes = (gb: number | null) => (gb === null ? null : gb * BYTES_PER_GB);

interface DailyRow {
  metric: UsageMetric;
  day: string;
  total: string | number;
  peak: string | number;
}

/** The report for an organization the caller has already been allowed to see. */
export async function usageSummary(db: Db, org: Organization, now = new Date()): Promise<UsageReport> {
  const month = monthBounds(now);
  const days = lastDays(CHART_DAYS, now);
  const since = days[0] < month.start ? days[0] : month.start;
  const [dailyResult, gaugeResult, membersResult] = await Promise.all([
    db.execute(sql`select metric, day::text as day, total, peak from usage_daily where organization_id = ${org.id} and day >= ${since}::date`),
    // A gauge's level is its latest report, whenever that was: storage stays used until reported freed.
    db.execute(sql`
      select distinct on (metric) metric, last from usage_daily
      where organization_id = ${org.id} and metric in ('storage_bytes', 'active_users')
      order by metric, day desc`),
    db.execute(sql`select count(*)::int as members from organization_members where organization_id = ${org.id}`),
  ]);
  const daily = rowsOf<DailyRow>(dailyResult);
  const gauges = new Map(rowsOf<{ metric: UsageMetric; last: string | number }>(gaugeResult).map((r) => [r.metric, Number(r.last)]));
  const [{ members }] = rowsOf<{ members: number }>(membersResult);

  const monthTotal = (metric: UsageMetric) =>
    daily.filter((r) => r.metric === metric && r.day >= month.start && r.day < month.next).reduce((sum, r) => sum + Number(r.total), 0);
  const series = new Map(days.map((date) => [date, { date, ...Object.fromEntries(usageMetrics.map((m) => [m, 0])) }]));
  for (const row of daily) {
    const point = series.get(row.day) as Record<string, number | string> | undefined;
    if (point) point[row.metric] = gaugeMetrics.includes(row.metric) ? Number(row.peak) : Number(row.total);
  }

  return {
    organization_id: org.id,
    period: { start: month.start, end: month.end },
    credits: { ...measure(monthTotal("credits"), org.creditLimit), balance: org.creditBalance },
    storage: measure(gauges.get("storage_bytes") ?? 0, gbToBytes(org.storageLimitGb)),
    bandwidth: measure(monthTotal("bandwidth_bytes"), gbToBytes(org.bandwidthLimitGb)),
    users: measure(members, org.maxUsers),
    api_calls: { used: monthTotal("api_calls") },
    daily: [...series.values()] as UsageReport["daily"],
  };
}

/** GET .../usage: for whoever may see the organization, and for tokens with the usage scope. */
export async function organizationUsage(ctx: ServiceContext, input: { id: string }): Promise<UsageReport> {
  requireUser(ctx);
  const org = await getOrganization(ctx, input);
  return usageSummary(ctx.db, org);
}
