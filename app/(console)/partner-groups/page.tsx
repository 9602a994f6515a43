import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { listPartnerGroups, toPartnerGroupView } from "@/lib/agencies/partner-groups";
import { requireSuperadminPage } from "@/lib/next/page-guards";
import { pageContext } from "@/lib/next/session";
import { PartnerGroupsManager } from "./partner-groups-manager";

export const metadata: Metadata = { title: "Partner groups" };
export const dynamic = "force-dynamic";

export default async function PartnerGroupsPage() {
  const ctx = await pageContext();
  requireSuperadminPage(ctx.principal);
  const groups = (await listPartnerGroups(ctx)).map(toPartnerGroupView);
  return (
    <>
      <PageHeader title="Partner groups" description="Tiers of agencies. An agency's group sets the discount recorded when it is granted credits." />
      <PartnerGroupsManager groups={groups} />
    </>
  );
}
