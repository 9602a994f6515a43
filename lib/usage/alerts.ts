// Telling owners when usage nears or passes a limit, and when credits run low: each threshold once
// per organization and month, however many batches cross it and however many instances ingest.
import { usageAlerts, type Organization } from "@/db/schema";
import type { ServiceContext } from "@/lib/context";
import { mailLowBalance } from "@/lib/mail/mails";
import { agencyOwnerIds, notifyUsers, organizationOwnerIds } from "@/lib/notifications/notify";
import { monthOf } from "./period";
import { usageSummary } from "./report";

const THRESHOLDS = [80, 100] as const;
/** A balance is low under this share of the monthly credit limit... */
const LOW_BALANCE_SHARE = 0.1;
/** ...or, for an organization without a positive credit limit, under this many credits. */
const LOW_BALANCE_FLOOR = 100;

export function lowBalanceThreshold(creditLimit: number | null): number {
  return creditLimit && creditLimit > 0 ? Math.ceil(creditLimit * LOW_BALANCE_SHARE) : LOW_BALANCE_FLOOR;
}

/** Claims an alert for the period; false when it was already claimed (by this or another instance). */
async function claimAlert(ctx: ServiceContext, organizationId: string, alert: string, period: string): Promise<boolean> {
  const rows = await ctx.db
    .insert(usageAlerts)
    .values({ organizationId, alert, period })
    .onConflictDoNothing()
    .returning({ alert: usageAlerts.alert });
  return rows.length > 0;
}

async function ownersOf(ctx: ServiceContext, org: Organization): Promise<number[]> {
  const ids = await organizationOwnerIds(ctx, org.id);
  if (org.agencyId !== null) ids.push(...(await agencyOwnerIds(ctx, org.agencyId)));
  return [...new Set(ids)];
}

const LIMIT_NAMES = { credits: "credit", storage: "storage", bandwidth: "bandwidth" } as const;

export async function announceCrossedThresholds(
  ctx: ServiceContext,
  org: Organization,
  options: { now: Date; creditsConsumed: boolean },
): Promise<void> {
  const period = monthOf(options.now);
  const summary = await usageSummary(ctx.db, org, options.now);
  const notices: { type: string; title: string; body: string }[] = [];
  for (const key of ["credits", "storage", "bandwidth"] as const) {
    const { percent } = summary[key];
    if (percent === null) continue;
    // Claim every threshold crossed, but tell only of the highest: a jump from 50% to 120% is one notice.
    let highest: number | null = null;
    for (const threshold of THRESHOLDS)
      if (percent >= threshold && (await claimAlert(ctx, org.id, `${key}_${threshold}`, period))) highest = threshold;
    if (highest === null) continue;
    notices.push({
      type: `usage.limit_${highest}`,
      title: `${org.name}: ${highest === 100 ? "reached" : `${highest}% of`} its ${LIMIT_NAMES[key]} limit`,
      body: `${org.name} has used ${percent}% of its monthly ${LIMIT_NAMES[key]} limit for ${period.slice(0, 7)}.`,
    });
  }
  const threshold = lowBalanceThreshold(org.creditLimit);
  const lowBalance = options.creditsConsumed && org.creditBalance < threshold && (await claimAlert(ctx, org.id, "low_balance", period));
  if (lowBalance)
    notices.push({
      type: "credits.low_balance",
      title: `${org.name}: credit balance is low`,
      body: `${org.name} has ${org.creditBalance} credits left (below ${threshold}). Add credits before usage is refused.`,
    });
  if (notices.length === 0) return;
  const owners = await ownersOf(ctx, org);
  for (const notice of notices) await notifyUsers(ctx, owners, { ...notice, link: `/organizations/${org.id}/usage` });
  if (lowBalance) await mailLowBalance(ctx, org, { recipientIds: owners, threshold });
}
