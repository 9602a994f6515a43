// pg-boss's bring-your-own-database adapter over the application's own connection: the PGlite instance
// (which cannot be opened twice in one process) or the postgres.js pool, and inside a service's
// transaction that transaction's connection, so a job taken there commits or rolls back with it.
import type { Db } from "@/db/client";

/** What pg-boss calls: `executeSql(text, values)` answering `{ rows }`, as node-postgres does. */
interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** PGlite or one of its transactions: `query` runs one statement with parameters, `exec` several without. */
interface PgliteLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<{ rows: unknown[] }[]>;
}

/** postgres.js: the pool (which can reserve a connection) or a transaction's connection. */
interface PostgresJsLike {
  unsafe(text: string, params?: unknown[]): Promise<unknown>;
  reserve?: () => Promise<PostgresJsLike & { release(): void }>;
}

/**
 * The driver's client under a drizzle database or transaction. Drizzle keeps it on its session, which
 * it exposes as `db._.session`; the client itself is not in drizzle's types, so its shape is checked.
 */
function driverClient(db: Db): PgliteLike | PostgresJsLike {
  const session = (db as unknown as { _?: { session?: { client?: unknown } } })._?.session;
  const client = session?.client as Partial<PgliteLike & PostgresJsLike> | undefined;
  if (client && typeof client.query === "function" && typeof client.exec === "function") return client as PgliteLike;
  if (client && typeof client.unsafe === "function") return client as PostgresJsLike;
  throw new Error("pg-boss adapter: unsupported database driver (expected PGlite or postgres.js under drizzle)");
}

/**
 * Parameters as node-postgres sends them, which is what pg-boss expects: objects as JSON text, dates as
 * ISO timestamps, undefined as null. (Drizzle turns off postgres.js's own json and timestamp serializers.)
 */
function toParameter(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) || Buffer.isBuffer(value)) return value;
  if (typeof value === "object") return JSON.stringify(value);
  return value;
}

// pg-boss wraps its maintenance and schema changes in one text: BEGIN; ...; COMMIT.
const STARTS_A_TRANSACTION = /^\s*begin\b/i;

export function pgBossDb(db: Db): PgBossDb {
  const client = driverClient(db);
  if ("exec" in client) {
    return {
      async executeSql(text, values) {
        // A parameterised query is one statement (extended protocol); text without parameters may hold
        // several, which only the simple protocol (exec) runs. PGlite serialises both behind its own lock,
        // so pg-boss never interleaves with an open application transaction.
        if (values && values.length > 0) return client.query(text, values.map(toParameter));
        const results = await client.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    };
  }
  return {
    async executeSql(text, values) {
      const params = (values ?? []).map(toParameter);
      // postgres.js refuses a BEGIN on a pooled connection (the next query could land on another one),
      // so a transaction in one text runs on a connection reserved for it.
      if (STARTS_A_TRANSACTION.test(text) && client.reserve) {
        const reserved = await client.reserve();
        try {
          return { rows: lastResult(await reserved.unsafe(text, params)) };
        } finally {
          reserved.release();
        }
      }
      return { rows: lastResult(await client.unsafe(text, params)) };
    },
  };
}

/** postgres.js answers a multi-statement text with one result per statement; pg-boss reads the last. */
function lastResult(result: unknown): unknown[] {
  if (!Array.isArray(result)) return [];
  if (result.length > 0 && result.every((r) => Array.isArray(r))) return Array.from(result.at(-1) as unknown[]);
  return Array.from(result);
}
