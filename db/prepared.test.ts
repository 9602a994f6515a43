// The named prepared statements (db/prepared.ts) are the principal's key lookups, planned once; no
// page or search is among them: a generic plan for LIMIT/OFFSET or ILIKE would serve some values badly.
// PostgreSQL only: PGlite runs every statement unnamed.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { principalForApiToken, principalForUser } from "@/lib/auth/resolve-principal";
import { createApiToken } from "@/lib/auth/api-tokens";
import { getOrganization, listOrganizations } from "@/lib/organizations/organizations";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { contextAs, createOrganizationRow, createUser } from "@/lib/testing/factories";

let handle: DatabaseHandle;
beforeAll(async () => {
  // One connection, so every statement is prepared where pg_prepared_statements is read.
  if (usingPostgres()) handle = await createTestDatabase({ maxConnections: 1 });
});
afterAll(async () => handle?.close());

interface PreparedRow {
  statement: string;
  generic_plans: number;
  custom_plans: number;
}

const RUNS = 8; // PostgreSQL weighs a generic plan after five custom ones

describe.runIf(usingPostgres())("named prepared statements (PostgreSQL)", () => {
  it("plan the principal lookups once, and leave pages and searches unnamed", async () => {
    const { db } = handle;
    const admin = await createUser(db, { isSuperadmin: true });
    const ctx = await contextAs(db, admin);
    const { token } = await createApiToken(ctx, { name: "prepared statements" });
    const org = await createOrganizationRow(db, { name: "Harbor Bakery Group" });

    for (let run = 0; run < RUNS; run++) {
      expect((await principalForApiToken(db, token))?.userId).toBe(admin.id);
      expect((await principalForUser(db, admin.id, "session"))?.userId).toBe(admin.id);
      expect((await getOrganization(ctx, { id: org.id })).id).toBe(org.id);
      expect((await listOrganizations(ctx, { limit: 50, offset: run })).total).toBe(1);
      expect((await listOrganizations(ctx, { limit: 50, offset: 0, q: "bakery" })).data.map((o) => o.id)).toEqual([org.id]);
    }

    const named = rowsOf<PreparedRow>(
      await db.execute(sql`select statement, generic_plans::int, custom_plans::int from pg_prepared_statements where from_sql = false`),
    );
    const lookup = (marker: string) => named.find((s) => s.statement.includes(marker));
    for (const marker of ['"api_tokens"."token_hash" = $1', '"users"."id" = $1']) {
      const statement = lookup(marker);
      expect(statement, `a named statement with ${marker}`).toBeDefined();
      expect(statement!.generic_plans, `generic plans of the statement with ${marker}`).toBeGreaterThan(0);
    }
    const paged = named.filter((s) => /\b(limit|offset|ilike)\b/i.test(s.statement));
    expect(paged.map((s) => s.statement)).toEqual([]);
  });
});
