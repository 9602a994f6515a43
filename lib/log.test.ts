// The log never carries a secret: known keys are redacted, and a failed query's parameters (which
// drizzle writes into its error's message and stack) are cut out of errors.
import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resetConfigForTests } from "./config";
import { log } from "./log";

const HASH = "$argon2id$v=19$m=65536,t=3,p=4$c2VjcmV0LWhhc2g";

function captureStderr() {
  const lines: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

// Tests run with LOG_LEVEL=silent; these read what the log writes.
beforeEach(() => {
  vi.stubEnv("LOG_LEVEL", "debug");
  resetConfigForTests();
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  resetConfigForTests();
});

describe("log", () => {
  it("redacts fields named like secrets", () => {
    const lines = captureStderr();
    log.error("boom", { password: "hunter2", authorization: "Bearer cpt_x", user_id: 7 });
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ level: "error", msg: "boom", password: "[redacted]", authorization: "[redacted]", user_id: 7 });
  });

  it("keeps a failed query's statement and cause but not its parameters", () => {
    const lines = captureStderr();
    const cause = new Error('duplicate key value violates unique constraint "users_email_key"');
    log.error("unhandled error", {
      error: new DrizzleQueryError('insert into "users" ("email", "password_hash") values ($1, $2)', ["ann@example.test", HASH], cause),
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(HASH);
    expect(lines[0]).not.toContain("ann@example.test");
    const { error } = JSON.parse(lines[0]);
    expect(error.message).toBe('Failed query: insert into "users" ("email", "password_hash") values ($1, $2)\nparams: [redacted]');
    expect(error.stack).toContain("params: [redacted]");
    expect(error.stack).toMatch(/\n {4}at /);
    expect(error.cause.message).toContain("users_email_key");
  });
});
