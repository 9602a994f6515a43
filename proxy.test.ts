// What proxy.ts does with each kind of request: a tenant's host is its site with the console under
// /admin; the console's own host keeps its pages and sends visitors without a session to sign in.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "./proxy";

// ROOT_DOMAIN is unset in the tests: localhost, so {slug}.localhost is a tenant's host.
function route(url: string, { cookie }: { cookie?: boolean } = {}) {
  const parsed = new URL(url);
  const headers: Record<string, string> = { host: parsed.host };
  if (cookie) headers.cookie = "next-auth.session-token=x";
  const res = proxy(new NextRequest(url, { headers }));
  const rewrite = res.headers.get("x-middleware-rewrite");
  const location = res.headers.get("location");
  if (rewrite) return { rewrite: new URL(rewrite).pathname + new URL(rewrite).search };
  if (location) return { redirect: new URL(location).pathname + new URL(location).search };
  return { next: true };
}

describe("proxy on a tenant's host", () => {
  it("serves the site for its pages", () => {
    expect(route("http://acme.localhost:3000/")).toEqual({ rewrite: "/sites/acme" });
    expect(route("http://acme.localhost:3000/about")).toEqual({ rewrite: "/sites/acme/about" });
    expect(route("http://acme.localhost:3000/_hero?v=2")).toEqual({ rewrite: "/sites/acme/_hero?v=2" });
  });

  it("serves the console under /admin, signing in there and landing on /admin", () => {
    expect(route("http://acme.localhost:3000/admin/login")).toEqual({ rewrite: "/login?callbackUrl=%2Fadmin" });
    expect(route("http://acme.localhost:3000/admin")).toEqual({ redirect: "/admin/login?callbackUrl=%2Fadmin" });
    expect(route("http://acme.localhost:3000/admin", { cookie: true })).toEqual({ rewrite: "/" });
    expect(route("http://acme.localhost:3000/admin/organizations/x", { cookie: true })).toEqual({ rewrite: "/organizations/x" });
    // The console's own links (without /admin) are sent under it.
    expect(route("http://acme.localhost:3000/organizations/x?tab=1", { cookie: true })).toEqual({ redirect: "/admin/organizations/x?tab=1" });
  });

  it("leaves the API, Next's assets and the set-password page alone", () => {
    expect(route("http://acme.localhost:3000/set-password?token=t")).toEqual({ next: true });
    expect(route("http://acme.localhost:3000/login?callbackUrl=%2Fadmin%2Ftokens")).toEqual({ next: true });
  });
});

describe("proxy on the console's host", () => {
  it("sends a visitor without a session to sign in, and back", () => {
    expect(route("http://localhost:3000/organizations?status=active")).toEqual({ redirect: "/login?callbackUrl=%2Forganizations%3Fstatus%3Dactive" });
    expect(route("http://localhost:3000/organizations", { cookie: true })).toEqual({ next: true });
    expect(route("http://localhost:3000/admin/login")).toEqual({ rewrite: "/login" });
    expect(route("http://localhost:3000/sites/acme/about")).toEqual({ next: true });
    expect(route("http://localhost:3000/register")).toEqual({ next: true });
  });
});
