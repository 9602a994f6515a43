import type { Metadata } from "next";
import { SetPasswordForm } from "./set-password-form";

export const metadata: Metadata = { title: "Set your password" };
export const dynamic = "force-dynamic";

export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="mb-6 text-center text-2xl font-semibold tracking-tight">Set your password</h1>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {token ? <SetPasswordForm token={token} /> : <p role="alert" className="text-sm text-red-700">This link is incomplete. Open the link from your invitation again.</p>}
        </div>
      </div>
    </main>
  );
}
