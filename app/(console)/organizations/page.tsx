import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { Card, EmptyState, PageHeader, StatusBadge, formatDateTime, inputClass } from "@/components/ui";
import { listQueryFromUrl } from "@/lib/next/list-query";
import { pageContext } from "@/lib/next/session";
import { listAgencies } from "@/lib/agencies/agencies";
import { type UserPrincipal, activeAgencyIds } from "@/lib/auth/principal";
import type { ServiceContext } from "@/lib/context";
import { listOrganizations, owningAgencyNames, websiteBuildCounts } from "@/lib/organizations/organizations";
import { ListOrganizationsQuery, OrganizationStatus, WebsiteBuildState } from "@/lib/organizations/schemas";
import { DataTable } from "@/components/data-table";
import { type AgencyChoice, NewOrganizationButton } from "./new-organization";

export const metadata: Metadata = { title: "Organizations" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 25;
/** A select of agencies stays usable up to this many; past it the dialog says the list is cut. */
const AGENCY_CHOICES = 200;

/** What the "New organization" dialog offers for the owning agency; null when the user may not create one. */
async function agencyChoiceFor(ctx: ServiceContext & { principal: UserPrincipal }): Promise<AgencyChoice | null> {
  const mine = activeAgencyIds(ctx.principal);
  if (!ctx.principal.isSuperadmin && mine.length === 0) return null;
  if (!ctx.principal.isSuperadmin && mine.length === 1) return { kind: "none" };
  // A superadmin's list is every agency; an agency admin's is its own.
  const page = await listAgencies(ctx, { limit: AGENCY_CHOICES, offset: 0, status: ctx.principal.isSuperadmin ? undefined : "active" });
  return {
    kind: ctx.principal.isSuperadmin ? "optional" : "required",
    agencies: page.data.map((a) => ({ id: a.id, name: a.name })),
    truncated: page.total > page.data.length,
  };
}

export default async function OrganizationsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await pageContext();
  const raw = await searchParams;
  // A hand-edited URL with a bad value falls back to the unfiltered list rather than an error page.
  const query = listQueryFromUrl(
    ListOrganizationsQuery,
    { limit: PAGE_SIZE, offset: raw.offset, status: raw.status || undefined, q: raw.q || undefined, website: raw.website || undefined },
    { limit: PAGE_SIZE },
  );
  const [page, agencyChoice, builds] = await Promise.all([listOrganizations(ctx, query), agencyChoiceFor(ctx), websiteBuildCounts(ctx)]);
  const agencyNames = await owningAgencyNames(
    ctx,
    page.data.filter((org) => org.agencyId !== null).map((org) => org.id),
  );
  const canOpenAgency = (id: number) => ctx.principal.isSuperadmin || ctx.principal.agencies.some((a) => a.id === id);
  const filtered = Boolean(query.q || query.status || query.website);

  return (
    <>
      <PageHeader
        title="Organizations"
        description="Every tenant you can see, newest first."
        actions={agencyChoice ? <NewOrganizationButton agencyChoice={agencyChoice} /> : undefined}
      />
      {(builds.building > 0 || builds.failed > 0) && (
        <p className="mb-4 flex flex-wrap gap-3 text-sm" data-testid="website-build-counts">
          {builds.failed > 0 && (
            <Link href="/organizations?website=failed" className="rounded-md bg-red-50 px-3 py-1.5 font-medium text-red-800 hover:underline">
              {builds.failed} website build{builds.failed === 1 ? "" : "s"} failed
            </Link>
          )}
          {builds.building > 0 && (
            <Link href="/organizations?website=building" className="rounded-md bg-slate-100 px-3 py-1.5 text-slate-700 hover:underline">
              {builds.building} website{builds.building === 1 ? "" : "s"} building
            </Link>
          )}
        </p>
      )}
      <Card>
        <form className="flex flex-wrap gap-3 border-b border-slate-200 p-4" role="search">
          <label className="sr-only" htmlFor="q">
            Search by name or slug
          </label>
          <input id="q" name="q" defaultValue={query.q} placeholder="Search by name or slug" className={`${inputClass} max-w-xs`} />
          <label className="sr-only" htmlFor="status">
            Status
          </label>
          <select id="status" name="status" defaultValue={query.status ?? ""} className={`${inputClass} w-auto`}>
            <option value="">All statuses</option>
            {OrganizationStatus.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="website">
            Website
          </label>
          <select id="website" name="website" defaultValue={query.website ?? ""} className={`${inputClass} w-auto`}>
            <option value="">Any website</option>
            {WebsiteBuildState.options.map((state) => (
              <option key={state} value={state}>
                {state === "building" ? "Website building" : "Website failed"}
              </option>
            ))}
          </select>
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50"
          >
            Filter
          </button>
          {filtered && (
            <Link href="/organizations" className="self-center text-sm text-brand hover:underline">
              Clear filters
            </Link>
          )}
        </form>
        {page.data.length === 0 ? (
          <EmptyState title={filtered ? "No organizations match these filters." : "No organizations yet."}>
            {filtered
              ? "Try another search, status or website state."
              : `Organizations created ${agencyChoice ? "here, " : ""}through the API or from approved registrations appear here.`}
          </EmptyState>
        ) : (
          <DataTable columns={["Name", "Slug", "Status", "Agency", "Created"]}>
            {page.data.map((org) => (
              <tr key={org.id} className="hover:bg-slate-50">
                <td className="px-4 py-3 font-medium">
                  <Link href={`/organizations/${org.id}`} className="text-brand hover:underline">
                    {org.name}
                  </Link>
                </td>
                <td className="px-4 py-3 font-mono text-xs text-slate-600">{org.slug}</td>
                <td className="px-4 py-3">
                  <StatusBadge status={org.status} />
                </td>
                <td className="px-4 py-3 text-slate-600">
                  <AgencyCell
                    id={org.agencyId}
                    name={org.agencyId === null ? undefined : agencyNames.get(org.agencyId)}
                    linked={org.agencyId !== null && canOpenAgency(org.agencyId)}
                  />
                </td>
                <td className="px-4 py-3 text-slate-600">{formatDateTime(org.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pagination
          basePath="/organizations"
          params={{ q: query.q, status: query.status, website: query.website }}
          total={page.total}
          limit={page.limit}
          offset={page.offset}
        />
      </Card>
    </>
  );
}

function AgencyCell({ id, name, linked }: { id: number | null; name: string | undefined; linked: boolean }) {
  if (id === null) return <>Platform</>;
  const label = name ?? `#${id}`;
  return linked ? (
    <Link href={`/agencies/${id}`} className="text-brand hover:underline">
      {label}
    </Link>
  ) : (
    <>{label}</>
  );
}
