// A fresh, migrated database per test file: in-memory PGlite by default, or a new database on the
// PostgreSQL cluster named by TEST_DATABASE_URL (npm test starts a throwaway one).
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { type DatabaseHandle, migrateDatabase, migrateHandle, openDatabase } from "@/db/client";
import { setDatabaseForTests } from "@/db";

export function usingPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<DatabaseHandle & { url?: string }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ dataDir: "memory://" });
    await migrateHandle(handle, {});
    return handle;
  }
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateDatabase({ url: url.toString() });
  const handle = await openDatabase({ url: url.toString(), maxConnections: options.maxConnections ?? 10 });
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** A fresh database that is also the process database (for route handler tests). */
export async function installTestDatabase(): Promise<DatabaseHandle> {
  const handle = await createTestDatabase();
  setDatabaseForTests(handle);
  return handle;
}
