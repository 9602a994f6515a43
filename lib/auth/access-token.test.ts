import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import { encode } from "next-auth/jwt";
import type { DatabaseHandle } from "@/db/client";
import type { User } from "@/db/schema";
import { anonymous } from "@/lib/auth/principal";
import { authSecret, resetConfigForTests } from "@/lib/config";
import { UnauthorizedError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import { TEST_PASSWORD, contextFor, createUser } from "@/lib/testing/factories";
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken, verifyAccessToken } from "./access-token";

let handle: DatabaseHandle;
let user: User;
// One issued token serves every test that only reads it: each issue is a (slow) password check.
let token: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  user = await createUser(handle.db);
  ({ access_token: token } = await issueAccessToken(contextFor(handle.db, anonymous), { email: user.email, password: TEST_PASSWORD }));
});
afterAll(async () => handle?.close());
afterEach(() => {
  vi.useRealTimers();
});

/** A token with the right claims, signed with a key derived the way access-token.ts derives it from `secret`. */
function signedWith(secret: string, claims: { sub?: string; typ?: string } = {}) {
  return new SignJWT({ typ: claims.typ ?? "access" })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub ?? String(user.id))
    .setIssuer("tenant-control-plane")
    .setAudience("api")
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(createHash("sha256").update(`access-token:${secret}`).digest());
}

function base64urlJson(value: unknown) {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

describe("issueAccessToken", () => {
  it("issues a one-hour bearer token that verifies to the user", async () => {
    const issued = await issueAccessToken(contextFor(handle.db, anonymous), { email: user.email, password: TEST_PASSWORD });
    expect(issued).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600 });
    expect(await verifyAccessToken(issued.access_token)).toBe(user.id);
  });

  it("issues nothing for a wrong password", async () => {
    await expect(issueAccessToken(contextFor(handle.db, anonymous), { email: user.email, password: "wrong" })).rejects.toThrow(UnauthorizedError);
  });
});

describe("verifyAccessToken", () => {
  it("accepts a token until it expires, and refuses it after", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL_SECONDS - 60) * 1000);
    expect(await verifyAccessToken(token)).toBe(user.id);
    vi.setSystemTime(Date.now() + 120 * 1000);
    expect(await verifyAccessToken(token)).toBeNull();
  });

  it("refuses a token whose claims were altered", async () => {
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const otherUser = `${header}.${base64urlJson({ ...claims, sub: String(user.id + 1) })}.${signature}`;
    const longer = `${header}.${base64urlJson({ ...claims, exp: claims.exp + 86_400 })}.${signature}`;
    expect(await verifyAccessToken(otherUser)).toBeNull();
    expect(await verifyAccessToken(longer)).toBeNull();
  });

  it("refuses a token whose signature was altered", async () => {
    const [header, payload, signature] = token.split(".");
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    expect(await verifyAccessToken(`${header}.${payload}.${flipped}`)).toBeNull();
  });

  it("refuses an unsigned token", async () => {
    const [, payload] = token.split(".");
    expect(await verifyAccessToken(`${base64urlJson({ alg: "none", typ: "JWT" })}.${payload}.`)).toBeNull();
  });

  it("refuses a token signed with another secret", async () => {
    expect(await verifyAccessToken(await signedWith("another-secret-0123456789abcdef"))).toBeNull();
    // The control: the same claims signed with our own secret verify.
    expect(await verifyAccessToken(await signedWith(authSecret()))).toBe(user.id);
  });

  it("refuses the tokens issued before AUTH_SECRET was changed", async () => {
    const previous = process.env.AUTH_SECRET;
    try {
      process.env.AUTH_SECRET = "a-rotated-secret-0123456789abcdef";
      resetConfigForTests();
      expect(await verifyAccessToken(token)).toBeNull();
    } finally {
      process.env.AUTH_SECRET = previous;
      resetConfigForTests();
    }
    expect(await verifyAccessToken(token)).toBe(user.id);
  });

  it("refuses a correctly signed token that is not an access token", async () => {
    expect(await verifyAccessToken(await signedWith(authSecret(), { typ: "refresh" }))).toBeNull();
    expect(await verifyAccessToken(await signedWith(authSecret(), { sub: "admin" }))).toBeNull();
  });

  it("refuses the console's session cookie used as a bearer token", async () => {
    const session = await encode({ token: { sub: String(user.id) }, secret: authSecret() });
    expect(await verifyAccessToken(session)).toBeNull();
  });

  it.each(["", "garbage", "a.b.c", "cpt_not-a-jwt"])("refuses %j", async (garbage) => {
    expect(await verifyAccessToken(garbage)).toBeNull();
  });
});
