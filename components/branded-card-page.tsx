// The frame of the pages seen before the console (sign-in, registration, set-password): the brand's
// mark above a card, and its footer below.
import type { ReactNode } from "react";
import { currentBranding } from "@/lib/next/current-branding";
import { BrandFooter, BrandMark } from "./brand";

export async function BrandedCardPage({
  title,
  description,
  wide = false,
  after,
  children,
}: {
  title: string;
  description?: string;
  wide?: boolean;
  /** Below the card, above the footer (a link to another page). */
  after?: ReactNode;
  children: ReactNode;
}) {
  const { branding } = await currentBranding();
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className={`w-full ${wide ? "max-w-xl" : "max-w-sm"}`}>
        <div className="mb-8 flex flex-col items-center text-center">
          <BrandMark branding={branding} size="lg" />
          <h1 className="mt-4 text-2xl font-semibold tracking-tight">{title}</h1>
          {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
        {after}
        <BrandFooter branding={branding} className="mt-8" />
      </div>
    </main>
  );
}
