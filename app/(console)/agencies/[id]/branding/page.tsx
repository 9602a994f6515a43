import type { Metadata } from "next";
import { BrandingEditor } from "@/components/branding-editor";
import { BackLink, PageHeader } from "@/components/ui";
import { getAgency } from "@/lib/agencies/agencies";
import { IdParams } from "@/lib/agencies/schemas";
import { orNotFound, parsedOrNotFound } from "@/lib/next/page-guards";
import { pageContext } from "@/lib/next/session";
import { getAgencyBranding } from "@/lib/branding/agency-branding";
import { toOverridesView } from "@/lib/branding/schemas";

export const metadata: Metadata = { title: "Branding" };
export const dynamic = "force-dynamic";

export default async function AgencyBrandingPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageContext();
  const id = parsedOrNotFound(IdParams, await params);
  const [agency, branding] = await orNotFound(Promise.all([getAgency(ctx, id), getAgencyBranding(ctx, id)]));
  return (
    <>
      <BackLink href={`/agencies/${agency.id}`}>{agency.name}</BackLink>
      <PageHeader title="Branding" description={`How the console looks to ${agency.name}'s admins and its organizations' users.`} />
      <BrandingEditor
        target={{ kind: "agency", id: agency.id }}
        own={toOverridesView(branding.overrides)}
        inherited={branding.defaults}
        inheritedLabel="Platform default"
      />
    </>
  );
}
