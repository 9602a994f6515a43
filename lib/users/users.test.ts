import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { passwordSetTokens, users } from "@/db/schema";
import { anonymous } from "@/lib/auth/principal";
import { verifySignIn } from "@/lib/auth/sign-in";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import { contextFor, createUser as createUserRow, principalOf, superadminPrincipal, unique } from "@/lib/testing/factories";
import { createUser, listUsers, setPasswordWithLink } from "./users";

let handle: DatabaseHandle;
let admin: Awaited<ReturnType<typeof principalOf>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await superadminPrincipal(handle.db);
});
afterAll(async () => handle?.close());

const asAdmin = () => contextFor(handle.db, admin);
const tokenOf = (path: string) => new URL(path, "http://x").searchParams.get("token")!;

describe("users", () => {
  it("creates a user with a password who can sign in, and refuses a taken email in any case", async () => {
    const email = `${unique("ann")}@example.test`;
    const { user, setPasswordPath } = await createUser(asAdmin(), { email, name: "Ann", password: "a-long-password" });
    expect(setPasswordPath).toBeNull();
    expect((await verifySignIn(contextFor(handle.db, anonymous), { email, password: "a-long-password" })).id).toBe(user.id);
    await expect(createUser(asAdmin(), { email: email.toUpperCase(), name: "Again" })).rejects.toThrow(ValidationError);
  });

  it("invites a user with a one-time link stored only as a hash, which sets the password once", async () => {
    const email = `${unique("bob")}@example.test`;
    const { user, setPasswordPath } = await createUser(asAdmin(), { email, name: "Bob" });
    const token = tokenOf(setPasswordPath!);
    const [link] = await handle.db.select().from(passwordSetTokens).where(eq(passwordSetTokens.userId, user.id));
    expect(link.tokenHash).not.toContain(token);
    // No password yet: signing in fails.
    await expect(verifySignIn(contextFor(handle.db, anonymous, { ip: "198.51.100.9" }), { email, password: "whatever-123" })).rejects.toThrow();

    expect(await setPasswordWithLink(contextFor(handle.db, anonymous), { token, password: "bobs-new-password" })).toEqual({ email });
    expect((await verifySignIn(contextFor(handle.db, anonymous), { email, password: "bobs-new-password" })).id).toBe(user.id);
    await expect(setPasswordWithLink(contextFor(handle.db, anonymous), { token, password: "another-password" })).rejects.toThrow(ValidationError);
  });

  it("refuses an expired link", async () => {
    const { user, setPasswordPath } = await createUser(asAdmin(), { email: `${unique("cy")}@example.test`, name: "Cy" });
    await handle.db.execute(sql`update password_set_tokens set expires_at = now() - interval '1 minute' where user_id = ${user.id}`);
    await expect(
      setPasswordWithLink(contextFor(handle.db, anonymous), { token: tokenOf(setPasswordPath!), password: "too-late-password" }),
    ).rejects.toThrow(ValidationError);
    const [row] = await handle.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row.hash).toBeNull();
  });

  it("searches by email or name, for superadmins only", async () => {
    const needle = unique("needle");
    await createUser(asAdmin(), { email: `${needle}@example.test`, name: "By email" });
    await createUser(asAdmin(), { email: `${unique("x")}@example.test`, name: `Name ${needle}` });
    const page = await listUsers(asAdmin(), { q: needle, limit: 50, offset: 0 });
    expect(page.total).toBe(2);
    const plain = await principalOf(handle.db, await createUserRow(handle.db));
    await expect(listUsers(contextFor(handle.db, plain), { limit: 50, offset: 0 })).rejects.toThrow(ForbiddenError);
    await expect(createUser(contextFor(handle.db, plain), { email: `${unique("z")}@example.test`, name: "Z" })).rejects.toThrow(ForbiddenError);
  });
});
