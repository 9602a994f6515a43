import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { Card, EmptyState, PageHeader, StatusBadge } from "@/components/ui";
import { listAgencies } from "@/lib/agencies/agencies";
import { listPartnerGroups, toPartnerGroupView } from "@/lib/agencies/partner-groups";
import { ListAgenciesQuery } from "@/lib/agencies/schemas";
import { listQueryFromUrl } from "@/lib/next/list-query";
import { pageContext } from "@/lib/next/session";
import { NewAgencyButton } from "./new-agency";
import { DataTable } from "@/components/data-table";

export const metadata: Metadata = { title: "Agencies" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;

export default async function AgenciesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await pageContext();
  const raw = await searchParams;
  const query = listQueryFromUrl(
    ListAgenciesQuery,
    { limit: PAGE_SIZE, offset: raw.offset, status: raw.status || undefined, q: raw.q || undefined },
    { limit: PAGE_SIZE },
  );
  const page = await listAgencies(ctx, query);
  const groups = ctx.principal.isSuperadmin ? (await listPartnerGroups(ctx)).map(toPartnerGroupView) : [];

  return (
    <>
      <PageHeader
        title="Agencies"
        description="White-label resellers: each owns its client organizations and a credit balance."
        actions={ctx.principal.isSuperadmin ? <NewAgencyButton groups={groups.map((g) => ({ id: g.id, name: g.name }))} /> : undefined}
      />
      <Card>
        {page.data.length === 0 ? (
          <EmptyState title="No agencies yet.">
            {ctx.principal.isSuperadmin ? "Create one to start reselling." : "You administer no agency."}
          </EmptyState>
        ) : (
          <DataTable
            columns={["Agency", "Status", "Partner group", { label: "Balance", align: "right" }, { label: "Organizations", align: "right" }]}
          >
            {page.data.map((a) => (
              <tr key={a.id} className="hover:bg-slate-50">
                <td className="px-4 py-3">
                  <Link href={`/agencies/${a.id}`} className="font-medium text-brand hover:underline">
                    {a.name}
                  </Link>
                  {a.companyName && <div className="text-xs text-slate-500">{a.companyName}</div>}
                </td>
                <td className="px-4 py-3">
                  <StatusBadge status={a.status} />
                </td>
                <td className="px-4 py-3 text-slate-600">{a.partnerGroupName ?? "—"}</td>
                <td className="px-4 py-3 text-right tabular-nums">{a.creditBalance.toLocaleString("en-US")}</td>
                <td className="px-4 py-3 text-right tabular-nums">{a.organizationsCount.toLocaleString("en-US")}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination basePath="/agencies" params={{ q: query.q, status: query.status }} total={page.total} limit={page.limit} offset={page.offset} />
      </Card>
    </>
  );
}
