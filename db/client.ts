// One database module for both engines: PostgreSQL through postgres.js when DATABASE_URL is set,
// embedded PGlite under DATA_DIR when it is not. Callers see one drizzle type and never the driver.
import path from "node:path";
import { mkdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import * as schema from "./schema";

type Schema = typeof schema;
/** A database or an open transaction: service code accepts either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Db;
  kind: "postgres" | "pglite";
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");
// Any fixed number: every instance takes this lock before migrating, so only one migrates at a time.
const MIGRATION_LOCK_ID = 7_230_001;

export interface OpenOptions {
  /** PostgreSQL connection string; without it, PGlite. */
  url?: string;
  /** PGlite data directory; "memory://" for an in-memory database. */
  dataDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      // PostgreSQL's default plan_cache_mode: only the named statements of db/prepared.ts are cached
      // (every other statement is unnamed and planned with its own values), and they are key lookups,
      // planned once instead of on every run.
    });
    const db = drizzlePostgres(client, { schema }) as unknown as Db;
    return { db, kind: "postgres", close: () => client.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? "memory://";
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", close: () => client.close() };
}

/** Applies the committed migrations; safe to run from several instances at once. */
export async function migrateDatabase(options: OpenOptions): Promise<void> {
  if (options.url) {
    // One connection, so that the advisory lock and the migration share a session.
    const client = postgres(options.url, { max: 1, onnotice: () => {} });
    try {
      await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
      await migratePostgres(drizzlePostgres(client), { migrationsFolder: MIGRATIONS_FOLDER });
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
    } finally {
      await client.end({ timeout: 5 });
    }
    return;
  }
  throw new Error("migrateDatabase without a url: use migrateHandle on the open PGlite handle");
}

/** Migrates an open handle (PGlite has one connection, so it is migrated in place). */
export async function migrateHandle(handle: DatabaseHandle, options: OpenOptions): Promise<void> {
  if (handle.kind === "postgres") return migrateDatabase(options);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  await migratePglite(handle.db as any, { migrationsFolder: MIGRATIONS_FOLDER });
}

/** Rows of a raw `db.execute(sql...)`: postgres.js returns an array, PGlite `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
