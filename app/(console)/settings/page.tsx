import type { Metadata } from "next";
import { Card, LinkButton, PageHeader } from "@/components/ui";
import { requireSuperadminPage } from "@/lib/next/page-guards";
import { pageContext } from "@/lib/next/session";
import { BUILT_IN_BRANDING } from "@/lib/branding/schemas";
import { getPlatformSettings, toSettingsView } from "@/lib/settings/settings";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const ctx = await pageContext();
  requireSuperadminPage(ctx.principal);
  const settings = toSettingsView(await getPlatformSettings(ctx));
  return (
    <>
      <PageHeader title="Platform settings" description="The registration policy and the defaults every new organization starts with." />
      <SettingsForm initial={settings} />
      <Card className="mt-6 flex max-w-2xl flex-wrap items-center justify-between gap-4 p-6">
        <div>
          <h2 className="text-base font-semibold">Default branding</h2>
          <p className="mt-1 text-sm text-slate-500">
            What superadmins, visitors and agencies without their own branding see: {settings.default_branding.app_name ?? BUILT_IN_BRANDING.app_name}
            .
          </p>
        </div>
        <LinkButton href="/settings/branding">Edit branding</LinkButton>
      </Card>
    </>
  );
}
