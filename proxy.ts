// Routing only, never authorization (every page and route resolves its principal itself, so skipping
// this changes nothing):
// - A tenant's own host, {slug}.{ROOT_DOMAIN}, is its site (app/sites/[slug]), served there with the
//   Host kept, and the console under /admin, so that a member signs in on the tenant's address
//   (/admin/login, seed 001's adminUrl) in its agency's brand and stays there. /admin/login serves the
//   sign-in page on any other host too.
// - Console pages without a session cookie send the visitor to the sign-in page on the same host, so an
//   agency's console domain keeps its visitors.
import { type NextRequest, NextResponse } from "next/server";
import { config as appConfig } from "@/lib/config";
import { isConsolePage } from "@/lib/console-paths";
import { normalizeHost, subdomainSlug } from "@/lib/domains/host-names";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const ADMIN_PREFIX = "/admin";
const ADMIN_LOGIN_PATH = "/admin/login";
// What the console answers on a tenant's host as it is: signing in (and what its pages load).
const CONSOLE_ON_TENANT_HOST = /^\/(?:set-password|api\/|_next\/|favicon\.ico$)/;

function tenantSlug(req: NextRequest): string | null {
  const host = normalizeHost(req.headers.get("host"));
  return host ? subdomainSlug(host, appConfig().ROOT_DOMAIN) : null;
}

export function proxy(req: NextRequest) {
  const slug = tenantSlug(req);
  if (slug) return onTenantHost(req, slug);
  if (req.nextUrl.pathname === ADMIN_LOGIN_PATH) return rewriteTo(req, "/login");
  return needsSignIn(req, req.nextUrl.pathname) ? toSignIn(req, "/login", req.nextUrl.pathname) : NextResponse.next();
}

/**
 * A tenant's host: the console under /admin (its pages rewritten from /admin/..., its sign-in at
 * /admin/login, landing on /admin), the sign-in routes and the API as they are; a console page's address
 * without /admin (the console's own links) is sent under it; everything else is the tenant's site.
 */
function onTenantHost(req: NextRequest, slug: string) {
  const { pathname, search } = req.nextUrl;
  if (pathname === ADMIN_PREFIX || pathname.startsWith(`${ADMIN_PREFIX}/`)) {
    const inner = pathname.slice(ADMIN_PREFIX.length) || "/";
    if (inner === "/login") return rewriteTo(req, "/login", { callbackUrl: ADMIN_PREFIX });
    if (needsSignIn(req, inner)) return toSignIn(req, ADMIN_LOGIN_PATH, `${ADMIN_PREFIX}${inner === "/" ? "" : inner}`);
    return rewriteTo(req, inner);
  }
  if (pathname === "/login")
    return req.nextUrl.searchParams.has("callbackUrl") ? NextResponse.next() : rewriteTo(req, "/login", { callbackUrl: ADMIN_PREFIX });
  if (CONSOLE_ON_TENANT_HOST.test(pathname)) return NextResponse.next();
  if (pathname !== "/" && isConsolePage(pathname)) return NextResponse.redirect(new URL(`${ADMIN_PREFIX}${pathname}${search}`, req.url));
  return rewriteTo(req, `/sites/${slug}${pathname === "/" ? "" : pathname}`);
}

/** A console page asked for without a session cookie. */
function needsSignIn(req: NextRequest, page: string): boolean {
  return isConsolePage(page) && !SESSION_COOKIES.some((name) => req.cookies.has(name));
}

/** To the sign-in page on the same host, back to `returnTo` afterwards. */
function toSignIn(req: NextRequest, signInPath: string, returnTo: string) {
  const login = new URL(signInPath, req.url);
  login.searchParams.set("callbackUrl", returnTo + req.nextUrl.search);
  return NextResponse.redirect(login);
}

function rewriteTo(req: NextRequest, pathname: string, query: Record<string, string> = {}) {
  const target = req.nextUrl.clone();
  target.pathname = pathname;
  for (const [key, value] of Object.entries(query)) if (!target.searchParams.has(key)) target.searchParams.set(key, value);
  return NextResponse.rewrite(target);
}

export const config = {
  // Every page (a tenant's host routes them all), not the API nor Next's own assets.
  matcher: ["/((?!api/|_next/static|_next/image).*)"],
};
