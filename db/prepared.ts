// Statements on the hot path, built once per database (or transaction) object instead of per call.
// Building a drizzle query costs more CPU than PostgreSQL spends answering a primary-key lookup (about
// 0.5 ms for a select of the organizations table's columns, against 0.25 ms run prepared), and every
// API request makes two such lookups (its principal, then the organization it names).
//
// Drizzle runs a statement with a name (`.prepare("name")`) as a named prepared statement; after five
// runs PostgreSQL may plan it once for all values (plan_cache_mode auto). That suits a lookup by key, or
// a write of one row (an organization's creation), and nothing else: a page (LIMIT/OFFSET) or a search (ILIKE) needs a plan for its own values (the plan for
// offset 50,000 makes page 1 twenty times slower), so those stay unnamed, planned on every run.
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

/** A PostgreSQL array literal ("{a,b}") for ids, so one prepared shape serves any number of them. */
export function idArray(ids: readonly (string | number)[]): string {
  return `{${ids.join(",")}}`;
}
