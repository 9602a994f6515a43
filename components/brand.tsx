// The white-label pieces every page wears: the brand's colors as CSS variables, its logo (or initials)
// and its footer. Shared by the server-rendered pages and the branding editor's live preview.
import type { CSSProperties } from "react";
import { type Branding, POWERED_BY, isHexColor, isHttpsUrl } from "@/lib/branding/schemas";

/**
 * The brand's colors for a style prop: app/globals.css maps them to Tailwind's `brand` and `brand-dark`.
 * Set through React's style object (never concatenated into CSS text), and only validated hex colors.
 */
export function brandStyle(branding: Pick<Branding, "primary_color" | "secondary_color">): CSSProperties {
  const style: Record<string, string> = {};
  if (isHexColor(branding.primary_color)) style["--brand-primary"] = branding.primary_color;
  if (isHexColor(branding.secondary_color)) style["--brand-secondary"] = branding.secondary_color;
  return style as CSSProperties;
}

/** "Control Plane" -> "CP": what stands in for a logo. */
export function initialsOf(appName: string): string {
  const words = appName.trim().split(/\s+/).filter(Boolean);
  const letters = (words.length > 1 ? words.slice(0, 2).map((w) => Array.from(w)[0]) : Array.from(words[0] ?? "").slice(0, 2)).join("");
  return letters.toUpperCase() || "·";
}

const MARK_SIZES = { sm: "h-8 w-8 text-sm rounded-lg", lg: "h-12 w-12 text-xl rounded-xl" } as const;

/** The brand's logo, or its initials on the primary color when it has none. */
export function BrandMark({ branding, size = "sm" }: { branding: Pick<Branding, "logo_url" | "app_name">; size?: keyof typeof MARK_SIZES }) {
  if (isHttpsUrl(branding.logo_url)) {
    // A remote image of any size on any host: next/image would need every agency's host configured.
    return (
      // eslint-disable-next-line @next/next/no-img-element
      <img
        src={branding.logo_url}
        alt={`${branding.app_name} logo`}
        data-testid="brand-logo"
        className={`${MARK_SIZES[size]} shrink-0 object-contain`}
      />
    );
  }
  return (
    <span aria-hidden="true" className={`flex shrink-0 items-center justify-center bg-brand font-bold text-white ${MARK_SIZES[size]}`}>
      {initialsOf(branding.app_name)}
    </span>
  );
}

/** The footer text (always as text, never HTML), a support link and the powered-by line unless hidden. */
export function BrandFooter({
  branding,
  className = "",
}: {
  branding: Pick<Branding, "footer_text" | "support_email" | "hide_powered_by">;
  className?: string;
}) {
  const parts = [
    branding.footer_text ? (
      <span key="text" data-testid="brand-footer-text">
        {branding.footer_text}
      </span>
    ) : null,
    branding.support_email ? (
      <a key="support" href={`mailto:${branding.support_email}`} className="text-brand hover:underline">
        Support: {branding.support_email}
      </a>
    ) : null,
    branding.hide_powered_by ? null : <span key="powered">{POWERED_BY}</span>,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <footer className={`flex flex-wrap items-center justify-center gap-x-4 gap-y-1 text-xs text-slate-500 ${className}`} data-testid="brand-footer">
      {parts}
    </footer>
  );
}
