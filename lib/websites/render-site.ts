// A tenant site's HTML: one self-contained page (inline styles in the agency's colours, the hero image
// from the tenant's own schema), and the plain pages for a site that is coming soon, temporarily
// unavailable or not there. Every text is escaped: it came from an organization's name or a model.
import type { SitePage } from "@/db/tenant-schema";
import { POWERED_BY } from "@/lib/branding/schemas";
import type { SiteAnswer, SiteFrame } from "./site";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A colour as the branding validated it (#rgb or #rrggbb); anything else falls back. */
const colour = (value: string, fallback: string) => (/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(value) ? value : fallback);

function styles(frame: SiteFrame): string {
  const primary = colour(frame.branding.primary_color, "#4f46e5");
  const secondary = colour(frame.branding.secondary_color, "#0f172a");
  return `
    *{box-sizing:border-box}body{margin:0;font:17px/1.6 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1e293b;background:#f8fafc}
    header{display:flex;align-items:center;justify-content:space-between;gap:1rem;flex-wrap:wrap;padding:1rem 1.5rem;background:${secondary};color:#fff}
    header a{color:#fff;text-decoration:none}nav a{margin-left:1rem;opacity:.85}nav a[aria-current=page]{opacity:1;text-decoration:underline}
    .brand{font-weight:700;font-size:1.15rem}.hero{width:100%;aspect-ratio:8/3;object-fit:cover;display:block;background:${primary}}
    main{max-width:52rem;margin:0 auto;padding:2rem 1.5rem}h1{font-size:2rem;line-height:1.2;color:${secondary}}h2{color:${primary};margin-top:2rem}
    .tagline{font-size:1.15rem;color:#475569}footer{padding:2rem 1.5rem;text-align:center;color:#64748b;font-size:.9rem}
    .notice{max-width:36rem;margin:15vh auto;padding:2rem;text-align:center}`;
}

function document(frame: SiteFrame | null, title: string, body: string): string {
  const name = frame ? escapeHtml(frame.organizationName) : "Site";
  const favicon = frame?.branding.favicon_url ? `<link rel="icon" href="${escapeHtml(frame.branding.favicon_url)}">` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}${frame ? ` · ${name}` : ""}</title>${favicon}<style>${frame ? styles(frame) : "body{font-family:system-ui,sans-serif}.notice{max-width:36rem;margin:15vh auto;text-align:center}"}</style></head>
<body>${body}</body></html>`;
}

function footer(frame: SiteFrame): string {
  const lines = [frame.branding.footer_text, frame.branding.hide_powered_by ? null : POWERED_BY].filter((l): l is string => Boolean(l));
  return `<footer>${lines.map(escapeHtml).join(" · ")}</footer>`;
}

function page(
  frame: SiteFrame,
  current: SitePage,
  pages: { path: string; title: string }[],
  tagline: string | null,
  heroSrc: string,
  base: string,
): string {
  const href = (path: string) => escapeHtml(`${base}${path === "/" ? "/" : path}`);
  const nav = pages
    .map((p) => `<a href="${href(p.path)}"${p.path === current.path ? ' aria-current="page"' : ""}>${escapeHtml(p.title)}</a>`)
    .join("");
  const sections = current.sections
    .map(
      (s, i) =>
        `${i === 0 && current.path === "/" ? "" : `<h2>${escapeHtml(s.heading)}</h2>`}${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("")}`,
    )
    .join("");
  const heading = current.path === "/" ? (current.sections[0]?.heading ?? current.title) : current.title;
  return `<header><a class="brand" href="${href("/")}">${escapeHtml(frame.organizationName)}</a><nav>${nav}</nav></header>
${current.path === "/" ? `<img class="hero" src="${escapeHtml(heroSrc)}" alt="">` : ""}
<main><h1>${escapeHtml(heading)}</h1>${current.path === "/" && tagline ? `<p class="tagline">${escapeHtml(tagline)}</p>` : ""}${sections}</main>${footer(frame)}`;
}

function notice(frame: SiteFrame | null, title: string, text: string): string {
  return `<div class="notice"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></div>${frame ? footer(frame) : ""}`;
}

export interface RenderedSite {
  status: number;
  html: string;
  headers: Record<string, string>;
}

/**
 * The answer for a site request. `base` is what the site's links start with ("" on the tenant's own
 * host, /sites/{slug} on the console's address). Built pages may be cached for a minute and served stale
 * while revalidating; the other answers are not cached for long, so a reactivation shows at once.
 */
export function renderSite(answer: SiteAnswer, base: string): RenderedSite {
  switch (answer.kind) {
    case "page": {
      const hero = `${base}/_hero?v=${answer.heroVersion}`;
      return {
        status: 200,
        html: document(answer.frame, answer.page.title, page(answer.frame, answer.page, answer.pages, answer.tagline, hero, base)),
        headers: { "cache-control": "public, max-age=60, stale-while-revalidate=600" },
      };
    }
    case "missing_page":
      return {
        status: 404,
        html: document(
          answer.frame,
          "Page not found",
          notice(answer.frame, "Page not found", `This page is not part of ${answer.frame.organizationName}'s site.`),
        ),
        headers: { "cache-control": "public, max-age=60" },
      };
    case "building":
      return {
        status: 503,
        html: document(
          answer.frame,
          "Coming soon",
          notice(answer.frame, `${answer.frame.organizationName} is coming soon`, "This site is being built. Please check back in a minute."),
        ),
        headers: { "cache-control": "no-store", "retry-after": "30" },
      };
    case "unavailable":
      return {
        status: 503,
        html: document(
          answer.frame,
          "Temporarily unavailable",
          notice(answer.frame, "Temporarily unavailable", "This site is temporarily unavailable. Please try again later."),
        ),
        headers: { "cache-control": "no-store", "retry-after": "3600" },
      };
    case "not_found":
      return {
        status: 404,
        html: document(null, "Site not found", notice(null, "Site not found", "There is no site at this address.")),
        headers: { "cache-control": "public, max-age=60" },
      };
  }
}
