import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BrandingEditor } from "@/components/branding-editor";
import { PageHeader } from "@/components/ui";
import { getAgency } from "@/lib/agencies/agencies";
import { IdParams } from "@/lib/agencies/schemas";
import { pageContext } from "@/lib/next/session";
import { getAgencyBranding } from "@/lib/branding/agency-branding";
import { toOverridesView } from "@/lib/branding/schemas";
import { NotFoundError } from "@/lib/errors";

export const metadata: Metadata = { title: "Branding" };
export const dynamic = "force-dynamic";

export default async function AgencyBrandingPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageContext();
  const parsed = IdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const [agency, branding] = await Promise.all([getAgency(ctx, parsed.data), getAgencyBranding(ctx, parsed.data)]).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return (
    <>
      <nav className="mb-4 text-sm">
        <Link href={`/agencies/${agency.id}`} className="text-brand hover:underline">
          ← {agency.name}
        </Link>
      </nav>
      <PageHeader title="Branding" description={`How the console looks to ${agency.name}'s admins and its organizations' users.`} />
      <BrandingEditor target={{ kind: "agency", id: agency.id }} own={toOverridesView(branding.overrides)} inherited={branding.defaults} inheritedLabel="Platform default" />
    </>
  );
}
