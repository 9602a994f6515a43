import type { Metadata } from "next";
import Link from "next/link";
import { BackLink, Card, LinkButton, PageHeader, StatusBadge, formatDateTime, type Fact, FactList } from "@/components/ui";
import { pageContext } from "@/lib/next/session";
import { config } from "@/lib/config";
import { canManageOrganization, owningAgencyNames } from "@/lib/organizations/organizations";
import { toOrganizationView } from "@/lib/organizations/views";
import { pluginCatalog, toPluginView } from "@/lib/plugins/plugins";
import { loadOrganization } from "./load-organization";
import { OrganizationManager } from "./organization-manager";
import { CreditsForm } from "@/components/credits-form";
import { LEDGER_OFFSET_PARAM, LedgerTable } from "@/components/ledger-table";
import { LedgerQuery, organizationLedger, toLedgerEntryView } from "@/lib/credits/ledger";
import { DomainPanel } from "@/components/domain-panel";
import { findDomain } from "@/lib/domains/domains";
import { toDomainView } from "@/lib/domains/schemas";
import { NotFoundError } from "@/lib/errors";
import { getWebsite, toWebsiteStatusView } from "@/lib/websites/websites";
import { WebsitePanel } from "@/components/website-panel";

export const metadata: Metadata = { title: "Organization" };
export const dynamic = "force-dynamic";

function limit(value: number | null, unit = ""): string {
  if (value === null) return "Unlimited";
  return `${value.toLocaleString("en-US")}${unit}`;
}

const LEDGER_PAGE = 50;

export default async function OrganizationPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await pageContext();
  const loaded = await loadOrganization(ctx, params);
  if ("refusal" in loaded) return loaded.refusal;
  const { org } = loaded;
  const manageable = canManageOrganization(ctx.principal, org);
  // An unreadable offset shows the latest entries, as the first page does.
  const ledgerPage = LedgerQuery.safeParse({ limit: LEDGER_PAGE, offset: (await searchParams)[LEDGER_OFFSET_PARAM] }).data ?? {
    limit: LEDGER_PAGE,
    offset: 0,
  };
  const catalog = manageable ? (await pluginCatalog(ctx.db)).map(toPluginView) : [];
  const [ledger, agencyNames, domain, website] = await Promise.all([
    organizationLedger(ctx, { id: org.id, ...ledgerPage }),
    org.agencyId === null ? new Map<number, string>() : owningAgencyNames(ctx, [org.id]),
    manageable ? findDomain(ctx, { organizationId: org.id }) : null,
    // An organization older than websites gets its website from the next sweep: queued until then.
    getWebsite(ctx, { id: org.id }).then(toWebsiteStatusView, (err) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    }),
  ]);
  const site = `${org.slug}.${config().ROOT_DOMAIN}`;
  const agencyName = org.agencyId === null ? "Platform" : (agencyNames.get(org.agencyId) ?? `#${org.agencyId}`);

  const facts: Fact[] = [
    [
      "Tenant id",
      <span key="id" className="font-mono text-xs">
        {org.id}
      </span>,
    ],
    [
      "Slug",
      <span key="slug" className="font-mono text-xs">
        {org.slug}
      </span>,
    ],
    [
      "Site",
      <span key="site" className="font-mono text-xs">
        {site}
      </span>,
    ],
    ["Sign-in address", <span key="sign-in" className="font-mono text-xs">{`${site}/admin/login`}</span>],
    ["Custom domain", domain ? `${domain.domain} (${domain.status})` : (org.customDomain ?? "—")],
    [
      "Agency",
      org.agencyId !== null && (ctx.principal.isSuperadmin || ctx.principal.agencies.some((a) => a.id === org.agencyId)) ? (
        <Link key="agency" href={`/agencies/${org.agencyId}`} className="text-brand hover:underline">
          {agencyName}
        </Link>
      ) : (
        agencyName
      ),
    ],
    ["Plan", org.planId ?? "—"],
    ["Billing service id", org.externalServiceId ?? "—"],
    ["Created", formatDateTime(org.createdAt)],
    ["Updated", formatDateTime(org.updatedAt)],
  ];
  const limits: [string, string][] = [
    ["Credit limit (per month)", limit(org.creditLimit)],
    ["Credit balance", org.creditBalance.toLocaleString("en-US")],
    ["Storage", limit(org.storageLimitGb, " GB")],
    ["Users", limit(org.maxUsers)],
    ["Bandwidth", limit(org.bandwidthLimitGb, " GB")],
  ];

  return (
    <>
      <BackLink href="/organizations">Organizations</BackLink>
      <PageHeader
        title={org.name}
        actions={
          <>
            <LinkButton href={`/organizations/${org.id}/usage`}>Usage</LinkButton>
            <StatusBadge status={org.status} />
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-6 lg:col-span-2">
          <h2 className="mb-4 text-sm font-semibold uppercase tracking-wide text-slate-500">Details</h2>
          <FactList facts={facts} />
        </Card>
        <Card className="p-6">
          <h2 className="mb-4 text-sm font-semibold uppercase tracking-wide text-slate-500">Limits</h2>
          <dl className="space-y-3">
            {limits.map(([label, value]) => (
              <div key={label} className="flex justify-between gap-4 text-sm">
                <dt className="text-slate-500">{label}</dt>
                <dd className="font-medium">{value}</dd>
              </div>
            ))}
          </dl>
          <h2 className="mb-2 mt-6 text-sm font-semibold uppercase tracking-wide text-slate-500">Plugins</h2>
          {org.enabledPlugins.length ? (
            <ul className="flex flex-wrap gap-2">
              {org.enabledPlugins.map((p) => (
                <li key={p} className="rounded bg-slate-100 px-2 py-0.5 text-xs">
                  {p}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500">No plugins enabled.</p>
          )}
        </Card>
      </div>
      <div className="mt-6">
        <WebsitePanel
          initial={website ?? { tenant_id: org.id, success: false, building_progress: 0, error_message: null, prompt: { process_status: "pending" } }}
          canRebuild={manageable}
          siteUrl={`http://${site}`}
          localUrl={`/sites/${org.slug}`}
        />
      </div>
      {org.statusReason && <p className="mt-4 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900">Status reason: {org.statusReason}</p>}
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <div className={manageable ? "lg:col-span-2" : "lg:col-span-3"}>
          <LedgerTable
            rows={ledger.data.map(toLedgerEntryView)}
            total={ledger.total}
            paging={{ basePath: `/organizations/${org.id}`, ...ledgerPage }}
          />
        </div>
        {manageable && (
          <CreditsForm
            endpoint={`/api/tenants/organizations/${org.id}/credits/add`}
            title="Add credits"
            source={ctx.principal.isSuperadmin ? "granted by the platform" : "transferred from your agency's balance"}
            confirmLabel={ctx.principal.isSuperadmin ? "Grant credits" : "Transfer credits"}
          />
        )}
      </div>
      {manageable && (
        <div className="mt-6">
          <DomainPanel
            title="Custom domain"
            endpoint={`/api/tenants/organizations/${org.id}/domain`}
            claim={domain ? toDomainView(domain) : null}
            description={`The organization's own domain, besides ${site}: once verified, its members sign in at https://<domain>/admin/login on the agency's brand.`}
          />
        </div>
      )}
      {manageable && <OrganizationManager org={toOrganizationView(org)} catalog={catalog} />}
    </>
  );
}
