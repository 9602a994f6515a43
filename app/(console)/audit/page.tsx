import type { Metadata } from "next";
import Link from "next/link";
import { DailyChart } from "@/components/daily-chart";
import { DataTable } from "@/components/data-table";
import { LockedOut } from "@/components/locked-out";
import { Card, EmptyState, PageHeader, formatDateTime, inputClass } from "@/components/ui";
import { formatCount } from "@/components/usage-meter";
import { AuditLogQuery, AuditStatsQuery, auditStats, listAuditLogs } from "@/lib/audit/audit-logs";
import { pageContext } from "@/lib/next/session";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { TARGET_TYPES, targetHref } from "./targets";
import { VerifyChainButton } from "./verify-chain-button";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
const FILTER_KEYS = ["action", "target_type", "actor_id", "organization_id", "from", "to"] as const;
const CHART_DAYS = [7, 30, 90, 365];

type Search = Record<string, string | undefined>;

/** The URL's filters, without the empty ones: what the form, the links and the exports carry on. */
function filtersOf(raw: Search): Record<string, string> {
  return Object.fromEntries(FILTER_KEYS.flatMap((k) => (raw[k]?.trim() ? [[k, raw[k]!.trim()]] : [])));
}

function withoutKeys(filters: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([k]) => !keys.includes(k)));
}

function href(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])));
  const text = search.toString();
  return text ? `/audit?${text}` : "/audit";
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await pageContext();
  const raw = await searchParams;
  const filters = filtersOf(raw);
  const days = AuditStatsQuery.safeParse({ days: raw.days }).data?.days ?? 30;
  // Filters that cannot be read (a malformed id) or do not hold together (a "to" before "from") are left
  // out, and said so; the others, and the cursor, still apply, and the links and exports carry only those.
  const problems: string[] = [];
  let applied = filters;
  let parsed = AuditLogQuery.safeParse({ ...applied, limit: PAGE_SIZE, cursor: raw.cursor || undefined });
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
    applied = withoutKeys(
      applied,
      parsed.error.issues.map((i) => String(i.path[0])),
    );
    parsed = AuditLogQuery.safeParse({
      ...applied,
      limit: PAGE_SIZE,
      cursor: parsed.error.issues.some((i) => i.path[0] === "cursor") ? undefined : raw.cursor || undefined,
    });
  }
  let page, stats;
  try {
    stats = await auditStats(ctx, { days });
    const query = parsed.data ?? AuditLogQuery.parse({ limit: PAGE_SIZE });
    try {
      page = await listAuditLogs(ctx, query);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      problems.push(...Object.entries(err.fieldErrors).map(([field, messages]) => `${field}: ${messages.join(" ")}`));
      applied = withoutKeys(applied, Object.keys(err.fieldErrors));
      page = await listAuditLogs(ctx, AuditLogQuery.parse({ ...applied, limit: PAGE_SIZE }));
    }
  } catch (err) {
    if (err instanceof ForbiddenError) return <LockedOut title="Audit log" message={err.message} />;
    throw err;
  }
  const invalid = problems.length ? problems.join("; ") : null;
  const filtered = Object.keys(applied).length > 0;
  const exportHref = (format: string) => `/api/tenants/audit-logs/export?${new URLSearchParams({ ...applied, format })}`;

  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          ctx.principal.isSuperadmin
            ? "Everything that changed on the platform, newest first."
            : "What changed in your agency and its organizations, newest first."
        }
        actions={
          <>
            <a
              href={exportHref("csv")}
              className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
              download
            >
              Export CSV
            </a>
            <a
              href={exportHref("ndjson")}
              className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
              download
            >
              Export NDJSON
            </a>
            {ctx.principal.isSuperadmin && <VerifyChainButton />}
          </>
        }
      />

      <div className="mb-6 grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <DailyChart
            title={`Events per day, last ${days} days`}
            points={stats.per_day.map((d) => ({ date: d.date, value: d.count }))}
            format={formatCount}
          />
          <form className="mt-2 flex items-center gap-2 text-sm text-slate-600">
            {Object.entries(applied).map(([k, v]) => (
              <input key={k} type="hidden" name={k} value={v} />
            ))}
            <label htmlFor="days">Chart period</label>
            <select id="days" name="days" defaultValue={String(days)} className={`${inputClass} w-auto py-1`}>
              {CHART_DAYS.map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
            </select>
            <button type="submit" className="text-brand hover:underline">
              Show
            </button>
          </form>
        </div>
        <Card className="p-5">
          <h2 className="text-sm font-semibold text-slate-700">Top actions ({formatCount(stats.total)} events)</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {stats.per_action.slice(0, 6).map((a) => (
              <li key={a.action} className="flex justify-between gap-2">
                <Link href={href({ ...applied, action: a.action })} className="truncate font-mono text-xs text-brand hover:underline">
                  {a.action}
                </Link>
                <span className="tabular-nums text-slate-500">{formatCount(a.count)}</span>
              </li>
            ))}
            {stats.per_action.length === 0 && <li className="text-slate-500">No events in this period.</li>}
          </ul>
          <h2 className="mt-4 text-sm font-semibold text-slate-700">Top actors</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {stats.top_actors.slice(0, 5).map((a) => (
              <li key={a.user_id ?? "system"} className="flex justify-between gap-2">
                {a.user_id ? (
                  <Link href={href({ ...applied, actor_id: String(a.user_id) })} className="truncate text-brand hover:underline">
                    {a.label ?? `User #${a.user_id}`}
                  </Link>
                ) : (
                  <span className="text-slate-500">System and anonymous</span>
                )}
                <span className="tabular-nums text-slate-500">{formatCount(a.count)}</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>

      <Card>
        <form className="grid gap-3 border-b border-slate-200 p-4 sm:grid-cols-3 lg:grid-cols-7" role="search" aria-label="Filter the audit log">
          <input type="hidden" name="days" value={String(days)} />
          <FilterField label="Action" name="action" value={filters.action} placeholder="e.g. credits.granted" list="audit-actions" />
          <datalist id="audit-actions">
            {stats.per_action.map((a) => (
              <option key={a.action} value={a.action} />
            ))}
          </datalist>
          <div>
            <label htmlFor="target_type" className="block text-xs font-medium text-slate-600">
              Target type
            </label>
            <select id="target_type" name="target_type" defaultValue={filters.target_type ?? ""} className={inputClass}>
              <option value="">Any</option>
              {TARGET_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t.replace(/_/g, " ")}
                </option>
              ))}
            </select>
          </div>
          <FilterField label="Actor (user id)" name="actor_id" value={filters.actor_id} inputMode="numeric" />
          <FilterField label="Organization id" name="organization_id" value={filters.organization_id} />
          <FilterField label="From" name="from" value={filters.from} type="date" />
          <FilterField label="To" name="to" value={filters.to} type="date" />
          <div className="flex items-end gap-3">
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
            >
              Filter
            </button>
            {filtered && (
              <Link href={href({ days: String(days) })} className="pb-2 text-sm text-brand hover:underline">
                Clear
              </Link>
            )}
          </div>
        </form>
        {invalid && (
          <p role="alert" className="border-b border-slate-200 bg-amber-50 px-4 py-2 text-sm text-amber-900">
            Some filters were not understood and were left out ({invalid}).
          </p>
        )}
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No events match these filters." : "No events yet."}>
            {filtered ? "Try a wider date range or another action." : "Every change made in the console or through the API is recorded here."}
          </EmptyState>
        ) : (
          <DataTable columns={["When", "Actor", "Action", "Target", "Organization", { label: "Details", hidden: true }]}>
            {page.data.map((row) => {
              const target = targetHref(row.targetType, row.targetId);
              return (
                <tr key={row.id}>
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600">{formatDateTime(row.occurredAt)}</td>
                  <td className="px-4 py-2">
                    {row.actorUserId ? (
                      <Link href={href({ ...applied, actor_id: String(row.actorUserId) })} className="hover:underline">
                        {row.actorLabel ?? `User #${row.actorUserId}`}
                      </Link>
                    ) : (
                      <span className="text-slate-500">{row.actorLabel ?? row.actorType}</span>
                    )}
                    {row.actorType === "token" && <span className="ml-1 text-xs text-slate-500">(API token)</span>}
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{row.action}</td>
                  <td className="px-4 py-2 text-slate-600">
                    {row.targetType ? (
                      target ? (
                        <Link href={target} className="text-brand hover:underline">
                          {row.targetType.replace(/_/g, " ")} {row.targetType === "organization" ? "" : `#${row.targetId}`}
                        </Link>
                      ) : (
                        `${row.targetType.replace(/_/g, " ")} ${row.targetId ?? ""}`
                      )
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-4 py-2">
                    {row.organizationId ? (
                      <Link
                        href={href({ ...applied, organization_id: row.organizationId })}
                        className="font-mono text-xs hover:underline"
                        title="Show this organization's events"
                      >
                        {row.organizationId.slice(0, 8)}…
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-4 py-2 text-right">
                    <Link href={`/audit/${row.id}`} className="text-brand hover:underline" aria-label={`Details of event ${row.id}`}>
                      Details
                    </Link>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
        <nav aria-label="Pages" className="flex items-center justify-between border-t border-slate-200 px-4 py-3 text-sm">
          <span className="text-slate-500">
            {page.total === null ? "Older events" : `${formatCount(page.total)} ${page.total === 1 ? "event" : "events"}`}
          </span>
          <span className="flex gap-4">
            {raw.cursor && (
              <Link href={href({ ...applied, days: String(days) })} className="text-brand hover:underline">
                ← Newest
              </Link>
            )}
            {page.next_cursor && (
              <Link href={href({ ...applied, days: String(days), cursor: page.next_cursor })} className="text-brand hover:underline">
                Older →
              </Link>
            )}
          </span>
        </nav>
      </Card>
    </>
  );
}

function FilterField({ label, name, value, ...input }: { label: string; name: string; value?: string } & React.ComponentProps<"input">) {
  return (
    <div>
      <label htmlFor={name} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input id={name} name={name} defaultValue={value ?? ""} className={inputClass} {...input} />
    </div>
  );
}
