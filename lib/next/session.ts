// The signed-in user of a server-rendered page, as a Principal, resolved once per render. lib/next/ holds
// what adapts a Next.js request (cookies, headers, redirects) to the services; the services never see it.
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getToken } from "next-auth/jwt";
import { getDb } from "@/db";
import { requestMeta } from "@/lib/api/request-meta";
import type { ServiceContext } from "@/lib/context";
import { authSecret } from "@/lib/config";
import type { UserPrincipal } from "@/lib/auth/principal";
import { principalForUser } from "@/lib/auth/resolve-principal";

export const currentPrincipal = cache(async (): Promise<UserPrincipal | null> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const secure = headerList.get("x-forwarded-proto") === "https";
  const req = { cookies: Object.fromEntries(cookieStore.getAll().map((c) => [c.name, c.value])), headers: Object.fromEntries(headerList) };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const token = await getToken({ req: req as any, secret: authSecret(), secureCookie: secure });
  const userId = Number(token?.sub);
  if (!token || !Number.isInteger(userId)) return null;
  return principalForUser(await getDb(), userId, "session");
});

/** The service context of a page render; redirects to the sign-in page when nobody is signed in. */
export async function pageContext(): Promise<ServiceContext & { principal: UserPrincipal }> {
  const principal = await currentPrincipal();
  if (!principal) redirect("/login");
  const meta = requestMeta(await headers());
  return { principal, db: await getDb(), requestId: meta.requestId, ip: meta.ip, userAgent: meta.userAgent };
}
