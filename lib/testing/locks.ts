// Watching PostgreSQL's lock waits from a test: whether a statement in flight queues behind a lock.
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";

/**
 * Resolves "blocked" once some backend of this database waits for a lock, or "done" if `done` settles
 * first. Polls pg_stat_activity (every 25 ms, up to 5 s): PostgreSQL only, PGlite has one connection.
 */
export async function blockedOrDone(db: Db, done: Promise<unknown>): Promise<"blocked" | "done"> {
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 200; i++) {
    if (settled) return "done";
    const [{ n }] = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`),
    );
    if (n > 0) return "blocked";
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("neither blocked nor done within 5 s");
}
