import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { Card, EmptyState, PageHeader, StatusBadge, formatDateTime } from "@/components/ui";
import { listQueryFromUrl } from "@/lib/next/list-query";
import { pageContext } from "@/lib/next/session";
import { requireSuperadminPage } from "@/lib/next/page-guards";
import { listRegistrations } from "@/lib/registrations/queries";
import { registrationCounts } from "../registration-counts";
import { ListRegistrationsQuery, RegistrationStatus } from "@/lib/registrations/schemas";
import { STATUS_LABELS } from "@/lib/registrations/views";
import { DataTable } from "@/components/data-table";

export const metadata: Metadata = { title: "Registrations" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;

export default async function RegistrationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await pageContext();
  requireSuperadminPage(ctx.principal);
  const raw = await searchParams;
  const query = listQueryFromUrl(
    ListRegistrationsQuery,
    { limit: PAGE_SIZE, offset: raw.offset, status: raw.status ?? "pending_approval" },
    { limit: PAGE_SIZE, status: "pending_approval" },
  );
  const status = query.status ?? "pending_approval";
  const [page, counts] = await Promise.all([listRegistrations(ctx, query), registrationCounts()]);

  return (
    <>
      <PageHeader title="Registrations" description="Organizations asking to join the platform. Review, approve and provision them." />
      <nav aria-label="Registration status" className="mb-4 flex flex-wrap gap-1 border-b border-slate-200">
        {RegistrationStatus.options.map((s) => {
          const current = s === status;
          return (
            <Link
              key={s}
              href={`/registrations?status=${s}`}
              aria-current={current ? "page" : undefined}
              className={`-mb-px flex items-center gap-2 border-b-2 px-4 py-2 text-sm font-medium ${current ? "border-brand text-brand" : "border-transparent text-slate-500 hover:text-slate-800"}`}
            >
              {STATUS_LABELS[s]}
              <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600" data-testid={`count-${s}`}>
                {counts[s].toLocaleString("en-US")}
              </span>
            </Link>
          );
        })}
      </nav>
      <Card>
        {page.data.length === 0 ? (
          <EmptyState title={`No ${STATUS_LABELS[status].toLowerCase()} registrations.`}>
            {status === "pending_approval" ? "New registrations from the public form appear here." : "Nothing in this state yet."}
          </EmptyState>
        ) : (
          <DataTable columns={["Company", "Contact", "Desired slug", "Source", "Status", "Submitted"]}>
            {page.data.map((r) => (
              <tr key={r.id} className="hover:bg-slate-50">
                <td className="px-4 py-3 font-medium">
                  <Link href={`/registrations/${r.id}`} className="text-brand hover:underline">
                    {r.companyName}
                  </Link>
                </td>
                <td className="px-4 py-3">
                  <div>{r.contactName}</div>
                  <div className="text-xs text-slate-500">{r.email}</div>
                </td>
                <td className="px-4 py-3 font-mono text-xs">{r.orgSlug ?? r.desiredOrgSlug}</td>
                <td className="px-4 py-3 text-slate-600">{r.utmSource ?? "—"}</td>
                <td className="px-4 py-3">
                  <StatusBadge status={r.status} />
                </td>
                <td className="px-4 py-3 text-slate-600">{formatDateTime(r.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination basePath="/registrations" params={{ status }} total={page.total} limit={page.limit} offset={page.offset} />
      </Card>
    </>
  );
}
