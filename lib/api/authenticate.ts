// Resolves the principal of an API request: Authorization (Bearer or JWT scheme) first, then the
// console's session cookie. A present but invalid Authorization header never falls back to the cookie.
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import type { Db } from "@/db/client";
import { anonymous, type Principal } from "@/lib/auth/principal";
import { principalForBearer, principalForUser } from "@/lib/auth/resolve-principal";
import { authSecret } from "@/lib/config";
import { UnauthorizedError } from "@/lib/errors";

const SCHEME = /^(Bearer|JWT)\s+(\S+)\s*$/i;

export async function authenticate(req: NextRequest, db: Db): Promise<Principal> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = SCHEME.exec(authorization);
    if (!match) throw new UnauthorizedError();
    const principal = await principalForBearer(db, match[2]);
    if (!principal) throw new UnauthorizedError();
    return principal;
  }
  const secureCookie = req.headers.get("x-forwarded-proto") === "https" || req.nextUrl.protocol === "https:";
  const session = await getToken({ req, secret: authSecret(), secureCookie });
  const userId = Number(session?.sub);
  if (!session || !Number.isInteger(userId)) return anonymous;
  return (await principalForUser(db, userId, "session")) ?? anonymous;
}

/**
 * A cookie-authenticated mutation must come from the console's own origin: browsers send Origin
 * (or Sec-Fetch-Site) on every cross-site POST, so its absence or mismatch is refused.
 */
export function isSameOriginRequest(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (origin) {
    try {
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  return req.headers.get("sec-fetch-site") === "same-origin";
}
