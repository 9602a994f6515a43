// Readiness tells a load balancer the truth about the database.
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { setDatabaseForTests } from "@/db";
import { GET } from "@/app/api/health/route";
import { createTestDatabase } from "@/lib/testing/database";
import { checkHealth } from "./health";

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const handle of opened) await handle.close().catch(() => {});
});

describe("GET /api/health", () => {
  it("answers 200 with the database engine when the database answers", async () => {
    const handle = await createTestDatabase();
    opened.push(handle);
    setDatabaseForTests(handle);
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok", database: { status: "ok", engine: handle.kind } });
  });

  it("answers 503 when the database is down", async () => {
    // Nothing listens on port 1: every query fails, as when PostgreSQL is stopped.
    const dead = await openDatabase({ url: "postgres://nobody@127.0.0.1:1/none", maxConnections: 1 });
    opened.push(dead);
    setDatabaseForTests(dead);
    expect(await checkHealth()).toEqual({ status: "unavailable", database: { status: "unreachable" } });
    const response = await GET();
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
