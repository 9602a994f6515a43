// An organization's usage: the current month against each of its limits and a 30-day daily series,
// read from the daily rollup (never from the events), so the cost does not grow with the events.
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { type Organization, type UsageMetric, gaugeMetrics, usageMetrics } from "@/db/schema";
import { type ServiceContext, requireUser } from "@/lib/context";
import { getOrganization } from "@/lib/organizations/organizations";
import { lastDays, monthBounds } from "./period";
import type { UsageReport } from "./schemas";

const CHART_DAYS = 30;
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

/** [metric, day, total, peak]: a rollup row as the query packs it. */
type DailyTuple = [UsageMetric, string, number | string, number | string];

/** The report for an organization the caller has already been allowed to see. */
export async function usageSummary(db: Db, org: Organization, now = new Date()): Promise<UsageReport> {
  const month = monthBounds(now);
  const days = lastDays(CHART_DAYS, now);
  const since = days[0] < month.start ? days[0] : month.start;
  // One round trip: the rollup's rows since the earlier of the month's start and the chart's first
  // day, the latest storage level (a gauge stays at its last report, whenever that was: storage is
  // used until reported freed), and the member count.
  const result = await db.execute(sql`
    select
      coalesce((select json_agg(json_build_array(metric, day::text, total, peak))
                from usage_daily where organization_id = ${org.id} and day >= ${since}::date), '[]'::json) as daily,
      (select last from usage_daily where organization_id = ${org.id} and metric = 'storage_bytes' order by day desc limit 1) as storage,
      (select count(*)::int from organization_members where organization_id = ${org.id}) as members`);
  const [row] = rowsOf<{ daily: DailyTuple[] | string; storage: string | number | null; members: number }>(result);
  const daily = (typeof row.daily === "string" ? (JSON.parse(row.daily) as DailyTuple[]) : row.daily).map(([metric, day, total, peak]) => ({
    metric,
    day,
    total,
    peak,
  }));
  const members = Number(row.members);
  const monthTotal = (metric: UsageMetric) =>
    daily.filter((r) => r.metric === metric && r.day >= month.start && r.day < month.next).reduce((sum, r) => sum + Number(r.total), 0);
  const series = new Map(days.map((date) => [date, { date, ...Object.fromEntries(usageMetrics.map((m) => [m, 0])) }]));
  for (const entry of daily) {
    const point = series.get(entry.day) as Record<string, number | string> | undefined;
    if (point) point[entry.metric] = gaugeMetrics.includes(entry.metric) ? Number(entry.peak) : Number(entry.total);
  }

  return {
    organization_id: org.id,
    period: { start: month.start, end: month.end },
    credits: { ...measure(monthTotal("credits"), org.creditLimit), balance: org.creditBalance },
    storage: measure(Number(row.storage ?? 0), gbToBytes(org.storageLimitGb)),
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
