import type { Metadata } from "next";
import Link from "next/link";
import { BrandingEditor } from "@/components/branding-editor";
import { PageHeader } from "@/components/ui";
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
      <nav className="mb-4 text-sm">
        <Link href="/settings" className="text-brand hover:underline">
          ← Settings
        </Link>
      </nav>
      <PageHeader title="Platform branding" description="The default look: for superadmins, visitors, and every agency field left empty." />
      <BrandingEditor target={{ kind: "platform" }} own={settings.default_branding} inherited={BUILT_IN_BRANDING} inheritedLabel="Built-in default" />
    </>
  );
}
