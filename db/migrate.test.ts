// Several instances starting at once against one PostgreSQL database must not break the migration.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { migrateDatabase } from "./client";

const serverUrl = process.env.TEST_DATABASE_URL;

// PGlite is one process's embedded database: there is nothing to race. The PostgreSQL run covers this.
describe.runIf(serverUrl)("migrations on PostgreSQL", () => {
  it("survives several instances migrating one database at once", async () => {
    const name = `migrate_${randomBytes(5).toString("hex")}`;
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    try {
      await Promise.all([1, 2, 3, 4].map(() => migrateDatabase({ url: url.toString() })));
      const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const applied = await db`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const tables =
        await db`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name = 'organizations'`;
      await db.end();
      expect(tables[0].n).toBe(1);
      // Each migration recorded once, however many instances ran them.
      const journal = (await import("./migrations/meta/_journal.json", { with: { type: "json" } })).default as { entries: unknown[] };
      expect(applied[0].n).toBe(journal.entries.length);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
