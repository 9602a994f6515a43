// The branding editor's live preview: the console's navigation, a primary button and the sign-in card,
// drawn with the same pieces (and the same CSS variables) as the real pages.
import type { Branding } from "@/lib/branding/schemas";
import { BrandFooter, BrandMark, brandStyle } from "./brand";

const NAV = ["Organizations", "My agency", "API tokens"];

export function BrandingPreview({ branding }: { branding: Branding }) {
  return (
    <section aria-label="Live preview" data-testid="branding-preview" style={brandStyle(branding)} className="space-y-4">
      <div className="flex overflow-hidden rounded-lg border border-slate-200">
        <div className="w-48 shrink-0 bg-brand-dark px-3 py-4" data-testid="preview-nav">
          <div className="mb-4 flex items-center gap-2 px-1 text-white">
            <BrandMark branding={branding} />
            <span className="truncate text-sm font-semibold" data-testid="preview-app-name">
              {branding.app_name}
            </span>
          </div>
          <ul className="space-y-1">
            {NAV.map((label, i) => (
              <li key={label} className={`rounded-md px-2 py-1.5 text-xs font-medium ${i === 0 ? "bg-white/10 text-white" : "text-slate-300"}`}>
                {label}
              </li>
            ))}
          </ul>
        </div>
        <div className="flex flex-1 flex-col items-start gap-3 bg-slate-50 p-4">
          <span className="text-sm font-semibold text-slate-700">Organizations</span>
          <span className="text-sm text-brand underline">A link</span>
          <span data-testid="preview-button" className="inline-flex rounded-md bg-brand px-3.5 py-2 text-sm font-medium text-white shadow-sm">
            Primary button
          </span>
        </div>
      </div>
      <div className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-6" data-testid="preview-sign-in">
        <div className="mx-auto max-w-xs">
          <div className="mb-4 flex flex-col items-center text-center">
            <BrandMark branding={branding} size="lg" />
            <p className="mt-3 text-base font-semibold">Sign in to {branding.app_name}</p>
          </div>
          <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div className="h-8 rounded-md border border-slate-300" />
            <div className="h-8 rounded-md border border-slate-300" />
            <div className="flex h-8 items-center justify-center rounded-md bg-brand text-sm font-medium text-white">Sign in</div>
          </div>
          <BrandFooter branding={branding} className="mt-4" />
        </div>
      </div>
    </section>
  );
}
