// What a tenant's starter website is made of, whichever generator writes it: the brief a generator is
// given (the organization's name, plugins and brand), and the content it must answer with. One zod
// schema serves the offline generator's output, the OpenAI structured output's JSON schema and the check
// of what a model answered.
import { z } from "zod";
import { CONSOLE_SEGMENTS } from "@/lib/console-paths";

export const SiteSection = z.object({
  heading: z.string().max(200),
  paragraphs: z.array(z.string().max(2000)).max(6),
});

export const SitePageContent = z.object({
  /** "" for the home page, else one path segment (about, services, contact). */
  slug: z.string().max(40),
  title: z.string().max(120),
  sections: z.array(SiteSection).max(8),
});

export const SiteContent = z.object({
  headline: z.string().max(200),
  tagline: z.string().max(300),
  pages: z.array(SitePageContent).max(8),
});
export type SiteContent = z.infer<typeof SiteContent>;

/** Everything a generator needs to know about the tenant. */
export interface SiteBrief {
  organizationName: string;
  plugins: { key: string; name: string }[];
  brand: { appName: string; primaryColor: string; secondaryColor: string };
}

/** The words a text model is given; kept on the website row so an operator can read what was asked. */
export function sitePrompt(brief: SiteBrief): string {
  const plugins = brief.plugins.length ? brief.plugins.map((p) => p.name).join(", ") : "none";
  return [
    `Write the starter website of "${brief.organizationName}", hosted by ${brief.brand.appName}.`,
    `Its enabled features (plugins): ${plugins}.`,
    'Answer with a headline, a one-sentence tagline and three pages: home (slug ""), about (slug "about") and contact (slug "contact").',
    "Each page has one to three sections of a heading and one or two short paragraphs. Plain text, no markdown, no placeholders.",
  ].join("\n");
}

/** The image model's brief for the hero picture. */
export function heroImagePrompt(brief: SiteBrief): string {
  return `A wide, calm hero image for the website of "${brief.organizationName}", in ${brief.brand.primaryColor} and ${brief.brand.secondaryColor} tones, no text.`;
}

/** A slug as a page path: "" is the home page. Only lowercase words and hyphens make a path, and not the console's. */
export function pagePath(slug: string): string | null {
  const clean = slug
    .trim()
    .toLowerCase()
    .replace(/^\/+|\/+$/g, "");
  if (clean === "") return "/";
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(clean) && !CONSOLE_SEGMENTS.has(clean) ? `/${clean}` : null;
}

/**
 * Whether content that parsed has nothing to show: no headline, or no page with a usable path and some
 * text. Seed 000's 102 ("failed with empty content").
 */
export function isEmptyContent(content: SiteContent): boolean {
  if (!content.headline.trim()) return true;
  const hasText = (page: SiteContent["pages"][number]) => page.sections.some((s) => s.heading.trim() || s.paragraphs.some((p) => p.trim()));
  return !content.pages.some((page) => pagePath(page.slug) !== null && page.title.trim() && hasText(page));
}
