import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { auditLogs, signInAttempts, type User } from "@/db/schema";
import { anonymous } from "@/lib/auth/principal";
import { RateLimitedError, UnauthorizedError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import { TEST_PASSWORD, contextFor, createUser, unique } from "@/lib/testing/factories";
import { INVALID_CREDENTIALS, LOCKOUT_WINDOW_MS, MAX_FAILURES, verifySignIn } from "./sign-in";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

// Each test signs in from its own address, so one test's failures never lock another's.
let lastOctet = 0;
function anonymousContext() {
  return contextFor(handle.db, anonymous, { ip: `198.51.100.${++lastOctet}` });
}

/** A user whose password is TEST_PASSWORD (the factories' shared hash, so no extra hashing). */
const signInUser = (overrides: Partial<User> = {}) => createUser(handle.db, overrides);

async function auditOf(email: string) {
  return handle.db.select().from(auditLogs).where(eq(auditLogs.actorLabel, email)).orderBy(asc(auditLogs.id));
}

async function failedAttempt(ctx: ReturnType<typeof anonymousContext>, email: string) {
  await expect(verifySignIn(ctx, { email, password: "not the password" })).rejects.toThrow(INVALID_CREDENTIALS);
}

async function rateLimitOf(promise: Promise<unknown>): Promise<RateLimitedError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RateLimitedError);
  return err as RateLimitedError;
}

describe("verifySignIn", () => {
  it("returns the user for the right password and audits the success", async () => {
    const user = await signInUser();
    const ctx = anonymousContext();
    const signedIn = await verifySignIn(ctx, { email: user.email, password: TEST_PASSWORD });
    expect(signedIn.id).toBe(user.id);

    const [audit] = await auditOf(user.email);
    expect(audit).toMatchObject({
      action: "auth.sign_in.succeeded",
      actorUserId: user.id,
      targetType: "user",
      targetId: String(user.id),
      ip: ctx.ip,
      requestId: ctx.requestId,
    });
  });

  it("matches the email regardless of case and surrounding spaces", async () => {
    const user = await signInUser();
    const signedIn = await verifySignIn(anonymousContext(), { email: `  ${user.email.toUpperCase()} `, password: TEST_PASSWORD });
    expect(signedIn.id).toBe(user.id);
  });

  it("refuses a wrong password with UnauthorizedError and audits the failure with its reason", async () => {
    const user = await signInUser();
    const attempt = verifySignIn(anonymousContext(), { email: user.email, password: "wrong horse battery staple" });
    await expect(attempt).rejects.toThrow(UnauthorizedError);
    await expect(attempt).rejects.toThrow("The email or password is incorrect.");

    const [audit] = await auditOf(user.email);
    expect(audit).toMatchObject({ action: "auth.sign_in.failed", actorUserId: user.id, metadata: { reason: "wrong_password" } });
  });

  it("refuses an unknown email with the same message, and audits it", async () => {
    const email = `${unique("nobody")}@example.test`;
    await expect(verifySignIn(anonymousContext(), { email, password: TEST_PASSWORD })).rejects.toThrow(
      new UnauthorizedError("The email or password is incorrect."),
    );
    const [audit] = await auditOf(email);
    expect(audit).toMatchObject({ action: "auth.sign_in.failed", actorUserId: null, metadata: { reason: "unknown_email" } });
  });

  it("refuses a disabled user even with the right password", async () => {
    const user = await signInUser({ status: "disabled" });
    await expect(verifySignIn(anonymousContext(), { email: user.email, password: TEST_PASSWORD })).rejects.toThrow(INVALID_CREDENTIALS);
    const [audit] = await auditOf(user.email);
    expect(audit).toMatchObject({ action: "auth.sign_in.failed", metadata: { reason: "user_disabled" } });
  });
});

describe("lock-out", () => {
  // Most failures are inserted as rows (a password check is slow); the ones that decide the
  // outcome go through verifySignIn, so the test also shows that the service records them.
  it(`locks an email after ${MAX_FAILURES} failures, even for the right password`, async () => {
    expect(MAX_FAILURES).toBe(10);
    const user = await signInUser();
    // Failures from many addresses: the email's count locks, not the address's.
    await insertFailures({ email: user.email, count: MAX_FAILURES - 2 });
    await failedAttempt(anonymousContext(), user.email);
    // One short of the limit the right password still works (and a success does not add a failure).
    expect((await verifySignIn(anonymousContext(), { email: user.email, password: TEST_PASSWORD })).id).toBe(user.id);
    await failedAttempt(anonymousContext(), user.email);

    const locked = await rateLimitOf(verifySignIn(anonymousContext(), { email: user.email, password: TEST_PASSWORD }));
    expect(locked.message).toMatch(/^Too many failed sign-in attempts\. Try again in \d+ minutes?\.$/);
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(LOCKOUT_WINDOW_MS / 1000);
    // The same email in other letters is the same account.
    await rateLimitOf(verifySignIn(anonymousContext(), { email: user.email.toUpperCase(), password: TEST_PASSWORD }));
  });

  it("locks an address that fails across many emails, for every email", async () => {
    const ctx = anonymousContext();
    await insertFailures({ ip: ctx.ip!, count: MAX_FAILURES - 1 });
    await failedAttempt(ctx, `${unique("guess")}@example.test`);
    const user = await signInUser();
    const locked = await rateLimitOf(verifySignIn(ctx, { email: user.email, password: TEST_PASSWORD }));
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    // Another address is not locked.
    expect((await verifySignIn(anonymousContext(), { email: user.email, password: TEST_PASSWORD })).id).toBe(user.id);
  });

  it("does not count failures older than the 15 minute window", async () => {
    const user = await signInUser();
    const ip = "192.0.2.250";
    await insertFailures({ email: user.email, ip, count: MAX_FAILURES, secondsAgo: 16 * 60 });
    expect((await verifySignIn(anonymousContext(), { email: user.email, password: TEST_PASSWORD })).id).toBe(user.id);

    // The same failures inside the window lock, and the lock lifts when they leave it.
    await insertFailures({ email: user.email, ip, count: MAX_FAILURES, secondsAgo: 14 * 60 });
    const locked = await rateLimitOf(verifySignIn(anonymousContext(), { email: user.email, password: TEST_PASSWORD }));
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("does not lock on successful sign-ins", async () => {
    const user = await signInUser();
    const ip = "192.0.2.251";
    await handle.db.insert(signInAttempts).values(Array.from({ length: MAX_FAILURES + 5 }, () => ({ email: user.email, ip, succeeded: true })));
    expect((await verifySignIn(contextFor(handle.db, anonymous, { ip }), { email: user.email, password: TEST_PASSWORD })).id).toBe(user.id);
  });
});

/**
 * Failed attempts as rows, `secondsAgo` in the past (aged rows instead of waiting). Without an
 * email each row guesses another one; without an ip each comes from another address.
 */
async function insertFailures({ email, ip, count, secondsAgo = 0 }: { email?: string; ip?: string; count: number; secondsAgo?: number }) {
  const attemptedAt = new Date(Date.now() - secondsAgo * 1000);
  await handle.db.insert(signInAttempts).values(
    Array.from({ length: count }, (_, i) => ({
      email: email ?? `${unique("guess")}@example.test`,
      ip: ip ?? `192.0.2.${i + 1}`,
      succeeded: false,
      attemptedAt,
    })),
  );
}
