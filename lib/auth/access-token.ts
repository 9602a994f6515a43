// Short-lived access tokens for API clients: HS256 JWTs signed with a key derived from AUTH_SECRET
// (a different key from the session cookie's, so one can never be used as the other).
import { createHash } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { authSecret } from "@/lib/config";
import type { ServiceContext } from "@/lib/context";
import { verifySignIn, type Credentials } from "./sign-in";

export const ACCESS_TOKEN_TTL_SECONDS = 3600;
const ISSUER = "tenant-control-plane";
const AUDIENCE = "api";

function signingKey(): Uint8Array {
  return createHash("sha256").update(`access-token:${authSecret()}`).digest();
}

interface IssuedAccessToken {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
}

export async function issueAccessToken(ctx: ServiceContext, credentials: Credentials): Promise<IssuedAccessToken> {
  const user = await verifySignIn(ctx, credentials);
  const accessToken = await new SignJWT({ typ: "access" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(String(user.id))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(signingKey());
  return { access_token: accessToken, token_type: "Bearer", expires_in: ACCESS_TOKEN_TTL_SECONDS };
}

/** The user id the token was issued to, or null when it is invalid or expired. */
export async function verifyAccessToken(token: string): Promise<number | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    const id = Number(payload.sub);
    return payload.typ === "access" && Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}
