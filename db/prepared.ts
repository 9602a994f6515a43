// Statements on the hot path, built once per database (or transaction) object instead of per call:
// building a drizzle query costs more CPU than PostgreSQL spends answering a primary-key lookup, and
// every API request starts with one (its principal).
//
// Drizzle runs a statement with a name (`.prepare("name")`) as a named prepared statement; after five
// runs PostgreSQL may plan it once for all values (plan_cache_mode auto). That suits a lookup by key and
// nothing else: a page (LIMIT/OFFSET) or a search (ILIKE) needs a plan for its own values (the plan for a
// deep offset makes page 1 many times slower), so those stay unnamed, planned on every run.
// db/prepared.test.ts holds the named ones to this.
//
// Keyed by the exact object: a statement built from the database runs outside any transaction, so a
// transaction gets statements of its own (built on first use, dropped with it).
import type { Db } from "./client";

const statements = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let byName = statements.get(db);
  if (!byName) statements.set(db, (byName = new Map()));
  let statement = byName.get(name) as T | undefined;
  if (statement === undefined) {
    statement = build(db);
    byName.set(name, statement);
  }
  return statement;
}
