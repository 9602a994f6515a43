import type { Metadata } from "next";
import Link from "next/link";
import { DailyChart } from "@/components/daily-chart";
import { LedgerTable } from "@/components/ledger-table";
import { BackLink, Card, PageHeader, StatusBadge } from "@/components/ui";
import { UsageMeter, formatBytes, formatCount } from "@/components/usage-meter";
import { pageContext } from "@/lib/next/session";
import { organizationLedger, toLedgerEntryView } from "@/lib/credits/ledger";
import { canManageOrganization } from "@/lib/organizations/organizations";
import { lowBalanceThreshold } from "@/lib/usage/alerts";
import { usageSummary } from "@/lib/usage/report";
import { loadOrganization } from "../load-organization";
import type { UsageReport } from "@/lib/usage/schemas";

export const metadata: Metadata = { title: "Usage" };
export const dynamic = "force-dynamic";

const CHARTS: { metric: keyof Omit<UsageReport["daily"][number], "date">; title: string; format: (n: number) => string }[] = [
  { metric: "credits", title: "Credits consumed", format: formatCount },
  { metric: "bandwidth_bytes", title: "Bandwidth", format: formatBytes },
  { metric: "api_calls", title: "API calls", format: formatCount },
  { metric: "storage_bytes", title: "Storage (peak of the day)", format: formatBytes },
  { metric: "active_users", title: "Active users (peak of the day)", format: formatCount },
];

function monthName(start: string): string {
  return new Date(`${start}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}

export default async function OrganizationUsagePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageContext();
  const loaded = await loadOrganization(ctx, params);
  if ("refusal" in loaded) return loaded.refusal;
  const { org } = loaded;
  const [usage, ledger] = await Promise.all([usageSummary(ctx.db, org), organizationLedger(ctx, { id: org.id, limit: 20, offset: 0 })]);
  const lowBalance = usage.credits.balance < lowBalanceThreshold(org.creditLimit);
  const reported = usage.daily.some((d) => CHARTS.some((c) => d[c.metric] > 0));

  return (
    <>
      <BackLink href={`/organizations/${org.id}`}>{org.name}</BackLink>
      <PageHeader
        title={`Usage: ${org.name}`}
        description={`${monthName(usage.period.start)} (UTC), ${usage.period.start} to ${usage.period.end}. Limits apply per calendar month.`}
        actions={<StatusBadge status={org.status} />}
      />

      <section aria-label="This month against the limits" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <UsageMeter
          title="Credits this month"
          measure={usage.credits}
          format={formatCount}
          footnote={`Balance: ${formatCount(usage.credits.balance)} credits${lowBalance ? " (low)" : ""}`}
        />
        <UsageMeter title="Storage" measure={usage.storage} format={formatBytes} footnote="The latest reported level." />
        <UsageMeter title="Bandwidth this month" measure={usage.bandwidth} format={formatBytes} />
        <UsageMeter title="Users" measure={usage.users} format={formatCount} footnote="Members of the organization." />
      </section>
      {lowBalance && (
        <p role="status" className="mt-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">
          The credit balance is low: usage that needs more credits than the balance holds is refused.
          {canManageOrganization(ctx.principal, org) ? " Add credits on the organization's page." : " Ask your administrator for more credits."}
        </p>
      )}

      <h2 className="mb-3 mt-8 text-sm font-semibold uppercase tracking-wide text-slate-500">Last 30 days</h2>
      {!reported && (
        <Card className="mb-4 p-5 text-sm text-slate-600">
          No usage has been reported for this organization in the last 30 days. The platform&apos;s services report it with{" "}
          <code className="rounded bg-slate-100 px-1 text-xs">POST /api/tenants/organizations/{org.id}/usage</code>; see the{" "}
          <Link href="/docs/api" className="text-brand hover:underline">
            API reference
          </Link>
          .
        </Card>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        {CHARTS.map((chart) => (
          <DailyChart
            key={chart.metric}
            title={chart.title}
            format={chart.format}
            points={usage.daily.map((d) => ({ date: d.date, value: d[chart.metric] }))}
          />
        ))}
      </div>

      <div className="mt-8">
        <LedgerTable rows={ledger.data.map(toLedgerEntryView)} total={ledger.total} />
      </div>
    </>
  );
}
