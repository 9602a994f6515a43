// Convenience only: sends visitors without a session cookie to the sign-in page. The guard is in
// the services (every page and route resolves its principal itself), so skipping this changes nothing.
import { type NextRequest, NextResponse } from "next/server";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

export function proxy(req: NextRequest) {
  if (SESSION_COOKIES.some((name) => req.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", req.url);
  login.searchParams.set("callbackUrl", req.nextUrl.pathname + req.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/", "/organizations/:path*", "/tokens/:path*", "/registrations/:path*", "/settings/:path*", "/agencies/:path*", "/partner-groups/:path*", "/users/:path*"],
};
