// Tenant schemas: created from the tenant migrations with their version recorded, upgraded one schema per
// transaction (also by several callers at once), queried with a transaction-local search_path that never
// leaks, and dropped whole.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, type Db, rowsOf } from "@/db/client";
import { tenantSchemas } from "@/db/schema";
import { sitePages } from "@/db/tenant-schema";
import { installTestDatabase, usingPostgres } from "@/lib/testing/database";
import { createOrganizationRow } from "@/lib/testing/factories";
import { dropTenantSchema, inTenantSchema, latestTenantVersion, migrateTenantSchema, migrateTenantSchemas, tenantSchemaName } from "./tenant-schema";

let handle: DatabaseHandle;
let db: Db;
beforeAll(async () => {
  handle = await installTestDatabase();
  db = handle.db;
});
afterAll(async () => handle?.close());

async function tablesOf(schema: string): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await db.execute(sql`select table_name as name from information_schema.tables where table_schema = ${schema} order by 1`),
  );
  return rows.map((r) => r.name);
}

const searchPath = async () => rowsOf<{ path: string }>(await db.execute(sql`select current_setting('search_path') as path`))[0].path;

describe("tenant schemas", () => {
  it("are created from the tenant migrations with their version, and migrating again changes nothing", async () => {
    const org = await createOrganizationRow(db);
    const schema = tenantSchemaName(org.id);
    expect(schema).toMatch(/^tenant_[0-9a-f]{32}$/);
    expect(await migrateTenantSchema(db, org.id)).toBe(0);
    expect(await tablesOf(schema)).toEqual(["site_assets", "site_pages", "site_settings"]);
    const [registered] = await db.select().from(tenantSchemas).where(eq(tenantSchemas.organizationId, org.id));
    expect(registered).toMatchObject({ schemaName: schema, version: latestTenantVersion() });
    expect(await migrateTenantSchema(db, org.id)).toBe(latestTenantVersion());
  });

  it("are brought up to the latest version by migrateTenantSchemas, each one behind it", async () => {
    const org = await createOrganizationRow(db);
    await migrateTenantSchema(db, org.id);
    // As a schema of an older version would be: its registry says 0, and 0001's tables are not there.
    await db.execute(sql`drop schema ${sql.identifier(tenantSchemaName(org.id))} cascade`);
    await db.update(tenantSchemas).set({ version: 0 }).where(eq(tenantSchemas.organizationId, org.id));
    expect(await migrateTenantSchemas(db)).toBeGreaterThanOrEqual(1);
    expect(await tablesOf(tenantSchemaName(org.id))).toContain("site_pages");
    expect(await migrateTenantSchemas(db)).toBe(0);
  });

  it("run their queries with the tenant's search_path inside the transaction only", async () => {
    const org = await createOrganizationRow(db);
    await migrateTenantSchema(db, org.id);
    const before = await searchPath();
    await db.transaction(async (tx) =>
      inTenantSchema(tx as unknown as Db, org.id, async () => {
        await tx.insert(sitePages).values({ path: "/", title: "Home", sections: [], position: 0, build: 1 });
      }),
    );
    expect(await searchPath()).toBe(before);
    // The page went into the tenant's own schema, and public has no such table.
    const rows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.identifier(tenantSchemaName(org.id))}.site_pages`));
    expect(rows[0].n).toBe(1);
    expect(await tablesOf("public")).not.toContain("site_pages");
  });

  it("are dropped whole, with their registry entry, and another tenant's stays", async () => {
    const [gone, kept] = [await createOrganizationRow(db), await createOrganizationRow(db)];
    await migrateTenantSchema(db, gone.id);
    await migrateTenantSchema(db, kept.id);
    await dropTenantSchema(db, gone.id);
    expect(await tablesOf(tenantSchemaName(gone.id))).toEqual([]);
    expect(await db.select().from(tenantSchemas).where(eq(tenantSchemas.organizationId, gone.id))).toEqual([]);
    expect(await tablesOf(tenantSchemaName(kept.id))).toHaveLength(3);
  });

  it.runIf(usingPostgres())("are created once when several instances migrate the same tenant at once (PostgreSQL)", async () => {
    const org = await createOrganizationRow(db);
    const results = await Promise.all(Array.from({ length: 4 }, () => migrateTenantSchema(db, org.id)));
    expect(results.filter((from) => from === 0)).toHaveLength(1);
    expect(await tablesOf(tenantSchemaName(org.id))).toHaveLength(3);
  });
});
