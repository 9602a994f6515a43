import type { Metadata } from "next";
import { BackLink, Card, LinkButton, PageHeader, StatusBadge, formatDateTime, FactList } from "@/components/ui";
import { canManageAgency, getAgency } from "@/lib/agencies/agencies";
import { LedgerQuery, agencyLedger, toLedgerEntryView } from "@/lib/credits/ledger";
import { CreditsForm } from "@/components/credits-form";
import { LEDGER_OFFSET_PARAM, LedgerTable } from "@/components/ledger-table";
import { IdParams } from "@/lib/agencies/schemas";
import { orNotFound, parsedOrNotFound } from "@/lib/next/page-guards";
import { pageContext } from "@/lib/next/session";
import { AgencyActions } from "./agency-actions";
import { DomainPanel } from "@/components/domain-panel";
import { findDomain } from "@/lib/domains/domains";
import { toDomainView } from "@/lib/domains/schemas";

export const metadata: Metadata = { title: "Agency" };
export const dynamic = "force-dynamic";

const LEDGER_PAGE = 50;

export default async function AgencyPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await pageContext();
  const agency = await orNotFound(getAgency(ctx, parsedOrNotFound(IdParams, await params)));
  // An unreadable offset shows the latest entries, as the first page does.
  const ledgerPage = LedgerQuery.safeParse({ limit: LEDGER_PAGE, offset: (await searchParams)[LEDGER_OFFSET_PARAM] }).data ?? {
    limit: LEDGER_PAGE,
    offset: 0,
  };
  // The console domain panel shows for those the console-domain service lets manage it.
  const manageable = canManageAgency(ctx.principal, agency);
  const [ledger, consoleDomain] = await Promise.all([
    agencyLedger(ctx, { id: agency.id, ...ledgerPage }),
    manageable ? findDomain(ctx, { agencyId: agency.id }) : null,
  ]);
  const facts: [string, string][] = [
    ["Company", agency.companyName ?? "—"],
    ["Contact email", agency.contactEmail ?? "—"],
    ["Phone", agency.phone ?? "—"],
    ["Partner group", agency.partnerGroupName ?? "—"],
    ["Owner user id", agency.ownerUserId ? `#${agency.ownerUserId}` : "—"],
    ["Credit balance", agency.creditBalance.toLocaleString("en-US")],
    ["Organizations", agency.organizationsCount.toLocaleString("en-US")],
    ["Console domain", consoleDomain ? `${consoleDomain.domain} (${consoleDomain.status})` : (agency.consoleDomain ?? "—")],
    ["Created", formatDateTime(agency.createdAt)],
  ];
  return (
    <>
      {ctx.principal.isSuperadmin && <BackLink href="/agencies">Agencies</BackLink>}
      <PageHeader
        title={agency.name}
        description={`Agency #${agency.id}`}
        actions={
          <>
            <StatusBadge status={agency.status} />
            <LinkButton href={`/agencies/${agency.id}/branding`}>Branding</LinkButton>
          </>
        }
      />
      {agency.status === "suspended" && agency.suspendedReason && (
        <p className="mb-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Suspended: {agency.suspendedReason}</p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-6 lg:col-span-2">
          <FactList facts={facts} />
        </Card>
        {ctx.principal.isSuperadmin && <AgencyActions agency={{ id: agency.id, name: agency.name, status: agency.status }} />}
      </div>
      {manageable && (
        <div className="mt-6">
          <DomainPanel
            title="Console domain"
            endpoint={`/api/tenants/admins/${agency.id}/console-domain`}
            claim={consoleDomain ? toDomainView(consoleDomain) : null}
            description="Your own address for this console (e.g. console.youragency.com): once verified, it serves the console on your brand."
          />
        </div>
      )}
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <LedgerTable
            rows={ledger.data.map(toLedgerEntryView)}
            total={ledger.total}
            paging={{ basePath: `/agencies/${agency.id}`, ...ledgerPage }}
          />
        </div>
        {ctx.principal.isSuperadmin && (
          <CreditsForm
            endpoint={`/api/tenants/admins/${agency.id}/grant-credits`}
            title="Grant credits"
            source={`granted to ${agency.name}`}
            confirmLabel="Grant credits"
          />
        )}
      </div>
    </>
  );
}
