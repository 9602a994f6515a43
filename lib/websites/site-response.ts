// The HTTP answer for a site request: the page or the hero image of the site at {slug}. Links point at
// the tenant's own host when the request came for it, at /sites/{slug} otherwise; the Host is part of
// the answer (Vary) so that a shared cache keeps the two apart.
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { config } from "@/lib/config";
import { normalizeHost, subdomainSlug } from "@/lib/domains/host-names";
import { renderSite } from "./render-site";
import { siteForSlug, siteHero } from "./site";

export const HERO_PATH = "_hero";

interface SiteRequest {
  slug: string;
  path: string[];
  host: string | null;
  search: URLSearchParams;
}

function isOwnHost(host: string | null, slug: string): boolean {
  const name = normalizeHost(host);
  return name !== null && subdomainSlug(name, config().ROOT_DOMAIN) === slug;
}

export async function siteResponse(request: SiteRequest): Promise<Response> {
  const db = await getDb();
  const slug = request.slug.toLowerCase();
  if (request.path.length === 1 && request.path[0] === HERO_PATH) return heroResponse(db, slug, request.search.get("v"));
  const base = isOwnHost(request.host, slug) ? "" : `/sites/${encodeURIComponent(slug)}`;
  const rendered = renderSite(await siteForSlug(db, slug, `/${request.path.join("/")}`), base);
  return new Response(rendered.html, {
    status: rendered.status,
    headers: { "content-type": "text/html; charset=utf-8", vary: "Host", ...rendered.headers },
  });
}

async function heroResponse(db: Db, slug: string, version: string | null): Promise<Response> {
  const hero = await siteHero(db, slug);
  if (!hero)
    return new Response("Not found", {
      status: 404,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=60" },
    });
  // A versioned address never changes its image (a rebuild links the next version).
  const cache = version === String(hero.build) ? "public, max-age=31536000, immutable" : "public, max-age=60";
  return new Response(new Uint8Array(hero.data), {
    status: 200,
    headers: {
      "content-type": hero.contentType,
      "cache-control": cache,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    },
  });
}
