// The built-in site generator: no network, so a fresh install builds sites on its own. Pages come from
// the organization's name, its plugins and its agency's brand; the hero image is an SVG drawn in the
// brand's colours, varied by the name so that neighbouring tenants do not look alike.
import { createHash } from "node:crypto";
import type { SiteBrief, SiteContent } from "./content";
import type { GeneratedImage, SiteGenerator } from "./generator";

function plural(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function offlineContent(brief: SiteBrief): SiteContent {
  const name = brief.organizationName;
  const features = brief.plugins.map((p) => p.name);
  const featureLine = features.length
    ? `Here you will find our ${plural(features).toLowerCase()}, kept up to date by our team.`
    : "We are putting the finishing touches on this site; check back soon for more.";
  return {
    headline: `Welcome to ${name}`,
    tagline: `${name}: what we do, who we are and how to reach us.`,
    pages: [
      {
        slug: "",
        title: name,
        sections: [
          { heading: `Welcome to ${name}`, paragraphs: [`Thank you for visiting ${name}.`, featureLine] },
          ...(features.length ? [{ heading: "What you will find here", paragraphs: features.map((f) => `${f} from ${name}.`) }] : []),
        ],
      },
      {
        slug: "about",
        title: `About ${name}`,
        sections: [{ heading: "Who we are", paragraphs: [`${name} is building its presence online with ${brief.brand.appName}.`] }],
      },
      {
        slug: "contact",
        title: "Contact",
        sections: [{ heading: "Get in touch", paragraphs: [`We would be glad to hear from you. Write to ${name} and we will answer soon.`] }],
      },
    ],
  };
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A 1600x600 hero: the brand's two colours as a gradient, soft circles placed by the name's hash. */
function heroSvg(brief: SiteBrief): GeneratedImage {
  const seed = createHash("sha256").update(brief.organizationName).digest();
  const circles = Array.from({ length: 6 }, (_, i) => {
    const cx = (seed[i * 3] / 255) * 1600;
    const cy = (seed[i * 3 + 1] / 255) * 600;
    const r = 60 + (seed[i * 3 + 2] / 255) * 220;
    return `<circle cx="${cx.toFixed(0)}" cy="${cy.toFixed(0)}" r="${r.toFixed(0)}" fill="#fff" fill-opacity="${(0.06 + (i % 3) * 0.04).toFixed(2)}"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 600" width="1600" height="600" role="img" aria-label="${escapeXml(brief.organizationName)}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${escapeXml(brief.brand.primaryColor)}"/><stop offset="1" stop-color="${escapeXml(brief.brand.secondaryColor)}"/></linearGradient></defs>
<rect width="1600" height="600" fill="url(#g)"/>${circles}</svg>`;
  return { contentType: "image/svg+xml", data: Buffer.from(svg, "utf8") };
}

export const offlineGenerator: SiteGenerator = {
  name: "offline",
  async text(brief) {
    return offlineContent(brief);
  },
  async image(brief) {
    return heroSvg(brief);
  },
};
