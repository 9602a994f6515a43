// The named prepared statements (db/prepared.ts) are key lookups and one write that PostgreSQL plans once; no
// page or search is among them: a generic plan for LIMIT/OFFSET or ILIKE would serve some values badly.
// PostgreSQL only: PGlite runs every statement unnamed.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { principalForApiToken, principalForUser } from "@/lib/auth/resolve-principal";
import { createApiToken } from "@/lib/auth/api-tokens";
import { createOrganization, getOrganization, listOrganizations } from "@/lib/organizations/organizations";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { contextAs, createOrganizationRow, createUser, unique } from "@/lib/testing/factories";

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
  it("plan the principal and organization lookups once, and leave pages and searches unnamed", async () => {
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
    for (const marker of ['"api_tokens"."token_hash" = $1', '"users"."id" = $1', '"organizations"."id" = $1']) {
      const statement = lookup(marker);
      expect(statement, `a named statement with ${marker}`).toBeDefined();
      expect(statement!.generic_plans, `generic plans of the statement with ${marker}`).toBeGreaterThan(0);
    }
    const paged = named.filter((s) => /\b(limit|offset|ilike)\b/i.test(s.statement));
    expect(paged.map((s) => s.statement)).toEqual([]);
  });

  // A plan prepared for any values cannot use a partial index whose predicate a parameter would have to
  // match: the creation's claim check must name the open statuses as literals, or it reads every
  // registration request on each creation (it did: 71 ms a creation with 50,000 requests).
  it("creates an organization with a plan that finds claims through the open-slug index, whatever the values", async () => {
    const { db } = handle;
    const ctx = await contextAs(db, await createUser(db, { isSuperadmin: true }));
    expect((await createOrganization(ctx, { name: "Prepared", slug: unique("prepared") })).name).toBe("Prepared");
    // postgres.js names the statements it prepares itself: found by its text.
    const [statement] = rowsOf<{ name: string; types: string[] }>(
      await db.execute(
        sql`select name, parameter_types::text[] as types from pg_prepared_statements where statement like 'with "created" as (insert into "organizations"%'`,
      ),
    );
    expect(statement, "the creation's named statement").toBeDefined();
    // The generic plan, with sequential scans priced out so that only an index no plan can use leaves one.
    await db.execute(sql`set plan_cache_mode = force_generic_plan`);
    await db.execute(sql`set enable_seqscan = off`);
    try {
      const plan = rowsOf<{ "QUERY PLAN": string }>(
        await db.execute(sql`explain execute ${sql.identifier(statement.name)}(${sql.raw(statement.types.map(() => "null").join(", "))})`),
      )
        .map((row) => row["QUERY PLAN"])
        .join("\n");
      expect(plan).toContain("registration_requests_open_slug_key");
      expect(plan).not.toMatch(/Seq Scan on registration_requests/);
    } finally {
      await db.execute(sql`reset plan_cache_mode`);
      await db.execute(sql`reset enable_seqscan`);
    }
  });
});
