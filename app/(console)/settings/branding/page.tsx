import type { Metadata } from "next";
import { BrandingEditor } from "@/components/branding-editor";
import { BackLink, PageHeader } from "@/components/ui";
import { requireSuperadminPage } from "@/lib/next/page-guards";
import { pageContext } from "@/lib/next/session";
import { BUILT_IN_BRANDING } from "@/lib/branding/schemas";
import { getPlatformSettings, toSettingsView } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Platform branding" };
export const dynamic = "force-dynamic";

export default async function PlatformBrandingPage() {
  const ctx = await pageContext();
  requireSuperadminPage(ctx.principal);
  const settings = toSettingsView(await getPlatformSettings(ctx));
  return (
    <>
      <BackLink href="/settings">Settings</BackLink>
      <PageHeader title="Platform branding" description="The default look: for superadmins, visitors, and every agency field left empty." />
      <BrandingEditor target={{ kind: "platform" }} own={settings.default_branding} inherited={BUILT_IN_BRANDING} inheritedLabel="Built-in default" />
    </>
  );
}
