import type { NextRequest } from "next/server";
import { siteResponse } from "@/lib/websites/site-response";

export const dynamic = "force-dynamic";

// GET /sites/{slug}/{path} - a tenant's site on the console's own address; proxy.ts rewrites requests
// for {slug}.{ROOT_DOMAIN} here, keeping their Host
export async function GET(req: NextRequest, { params }: { params: Promise<{ slug: string; path?: string[] }> }) {
  const { slug, path = [] } = await params;
  return siteResponse({ slug, path, host: req.headers.get("host"), search: req.nextUrl.searchParams });
}
