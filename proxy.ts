// Routing only, never authorization (every page and route resolves its principal itself, so skipping
// this changes nothing):
// - /admin/login, the sign-in address handed to billing systems (seed 001's adminUrl) on an
//   organization's host ({slug}.{ROOT_DOMAIN} or its verified custom domain), serves the sign-in page.
//   It is a rewrite, so the host stays and the page's branding resolves from it. No host is looked up
//   here: on any other host the same path shows the sign-in page on that host's (or the platform's) brand.
// - Console pages without a session cookie send the visitor to the sign-in page on the same host, so an
//   agency's console domain keeps its visitors.
import { type NextRequest, NextResponse } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const ADMIN_LOGIN_PATH = "/admin/login";

export function proxy(req: NextRequest) {
  if (req.nextUrl.pathname === ADMIN_LOGIN_PATH) {
    const signIn = req.nextUrl.clone();
    signIn.pathname = "/login";
    return NextResponse.rewrite(signIn);
  }
  if (SESSION_COOKIES.some((name) => req.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", req.url);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: [
    "/",
    "/admin/login",
    "/organizations/:path*",
    "/tokens/:path*",
    "/registrations/:path*",
    "/settings/:path*",
    "/agencies/:path*",
    "/partner-groups/:path*",
    "/users/:path*",
    "/audit/:path*",
    "/notifications/:path*",
    "/outbox/:path*",
  ],
};
