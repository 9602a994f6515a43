import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BrandedCardPage } from "@/components/branded-card-page";
import { currentPrincipal } from "@/lib/next/session";
import { currentBranding } from "@/lib/next/current-branding";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only same-site paths: an open redirect after sign-in would be a phishing aid.
  const target = safeRedirectPath(callbackUrl);
  if (await currentPrincipal()) redirect(target);
  const { branding } = await currentBranding();
  return (
    <BrandedCardPage title={`Sign in to ${branding.app_name}`} description="Manage organizations, agencies and API access.">
      <LoginForm callbackUrl={target} />
    </BrandedCardPage>
  );
}
