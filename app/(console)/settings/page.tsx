import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireSuperadminPage } from "@/lib/auth/page-guards";
import { pageContext } from "@/lib/auth/session";
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
    </>
  );
}
