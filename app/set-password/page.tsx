import type { Metadata } from "next";
import { BrandedCardPage } from "@/components/branded-card-page";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password" };
export const dynamic = "force-dynamic";

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <BrandedCardPage title="Set your password">
      {token ? (
        <SetPasswordForm token={token} />
      ) : (
        <p role="alert" className="text-sm text-red-700">
          This link is incomplete. Open the link from your invitation again.
        </p>
      )}
    </BrandedCardPage>
  );
}
