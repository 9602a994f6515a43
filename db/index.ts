// The process-wide database: opened and migrated on first use, kept on globalThis so that
// Next's module reloading in development does not open PGlite twice on one data directory.
import path from "node:path";
import { config } from "@/lib/config";
import { type DatabaseHandle, type Db, migrateHandle, openDatabase, type OpenOptions } from "./client";

const GLOBAL_KEY = Symbol.for("tenant-control-plane.database");
type Holder = { [GLOBAL_KEY]?: Promise<DatabaseHandle> };

export function defaultOpenOptions(): OpenOptions {
  const cfg = config();
  if (cfg.DATABASE_URL) return { url: cfg.DATABASE_URL, maxConnections: cfg.DATABASE_POOL_SIZE };
  return { dataDir: path.join(path.resolve(cfg.DATA_DIR), "pglite") };
}

export function getDatabase(): Promise<DatabaseHandle> {
  const holder = globalThis as Holder;
  if (!holder[GLOBAL_KEY]) {
    const options = defaultOpenOptions();
    holder[GLOBAL_KEY] = (async () => {
      const handle = await openDatabase(options);
      await migrateHandle(handle, options);
      return handle;
    })();
    // A failed open must not be cached forever: the next request tries again.
    holder[GLOBAL_KEY].catch(() => {
      delete holder[GLOBAL_KEY];
    });
  }
  return holder[GLOBAL_KEY]!;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

/** Tests install their own fresh database as the process database. */
export function setDatabaseForTests(handle: DatabaseHandle) {
  (globalThis as Holder)[GLOBAL_KEY] = Promise.resolve(handle);
}
