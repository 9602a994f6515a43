import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createTestDatabase } from "@/lib/testing/database";
import { createUser, unique } from "@/lib/testing/factories";
import { findUserByEmail } from "./find-user-by-email";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => handle?.close());

describe("findUserByEmail", () => {
  it("finds a user whatever the case of the stored or the given email, and nobody for another email", async () => {
    const local = unique("Mixed.Case");
    const user = await createUser(handle.db, { email: `${local}@Example.Test` });
    for (const asked of [`${local}@Example.Test`, `${local.toLowerCase()}@example.test`, ` ${local.toUpperCase()}@EXAMPLE.TEST `]) {
      expect((await findUserByEmail(handle.db, asked))?.id).toBe(user.id);
    }
    expect(await findUserByEmail(handle.db, `${unique("nobody")}@example.test`)).toBeUndefined();
  });
});
