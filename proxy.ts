// Routing only, never authorization (every page and route resolves its principal itself, so skipping
// this changes nothing):
// - A tenant's own host, {slug}.{ROOT_DOMAIN}, is its site (app/sites/[slug]), served there with the
//   Host kept; the sign-in routes stay the console's, so a member signs in on the tenant's address in
//   its agency's brand. /admin/login, the sign-in address handed to billing systems (seed 001's
//   adminUrl), serves the sign-in page on any host.
// - Console pages without a session cookie send the visitor to the sign-in page on the same host, so an
//   agency's console domain keeps its visitors.
import { type NextRequest, NextResponse } from "next/server";
import { config as appConfig } from "@/lib/config";
import { normalizeHost, subdomainSlug } from "@/lib/domains/host-names";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const ADMIN_LOGIN_PATH = "/admin/login";
const CONSOLE_PAGES = /^\/(?:organizations|tokens|registrations|settings|agencies|partner-groups|users|audit|notifications|outbox)(?:\/|$)|^\/$/;
// What the console answers on a tenant's host: signing in (and what the sign-in page loads).
const CONSOLE_ON_TENANT_HOST = /^\/(?:login|set-password|api\/|_next\/|favicon\.ico$)/;

function tenantSlug(req: NextRequest): string | null {
  const host = normalizeHost(req.headers.get("host"));
  return host ? subdomainSlug(host, appConfig().ROOT_DOMAIN) : null;
}

export function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  if (pathname === ADMIN_LOGIN_PATH) {
    const signIn = req.nextUrl.clone();
    signIn.pathname = "/login";
    return NextResponse.rewrite(signIn);
  }
  const slug = tenantSlug(req);
  if (slug) {
    if (CONSOLE_ON_TENANT_HOST.test(pathname)) return NextResponse.next();
    const site = req.nextUrl.clone();
    site.pathname = `/sites/${slug}${pathname === "/" ? "" : pathname}`;
    return NextResponse.rewrite(site);
  }
  if (!CONSOLE_PAGES.test(pathname) || SESSION_COOKIES.some((name) => req.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", req.url);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  // Every page (a tenant's host routes them all), not the API nor Next's own assets.
  matcher: ["/((?!api/|_next/static|_next/image).*)"],
};
