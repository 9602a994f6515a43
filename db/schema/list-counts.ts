import { bigint, integer, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";

/**
 * Row counts of the big lists per owner and status, kept exact by triggers (migration 0005), so that
 * a list's `total` is a lookup instead of a count over a hundred thousand rows on every page.
 * owner: the agency id for organizations (0 for the platform's own), 0 for registration requests.
 * shard: 16 rows per (list, owner, status), each connection adding to its own (migration 0022), so that
 * concurrent creations do not queue on one row; a total is always a sum.
 */
export const listCounts = pgTable(
  "list_counts",
  {
    list: text("list").notNull(),
    owner: integer("owner").notNull().default(0),
    status: text("status").notNull(),
    shard: smallint("shard").notNull().default(0),
    n: bigint("n", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.list, t.owner, t.status, t.shard] })],
);
