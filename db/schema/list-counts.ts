import { bigint, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * Row counts of the big lists per owner and status, kept exact by triggers (migration 0005), so that
 * a list's `total` is a lookup instead of a count over a hundred thousand rows on every page.
 * owner: the agency id for organizations (0 for the platform's own), 0 for registration requests.
 */
export const listCounts = pgTable(
  "list_counts",
  {
    list: text("list").notNull(),
    owner: integer("owner").notNull().default(0),
    status: text("status").notNull(),
    n: bigint("n", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.list, t.owner, t.status] })],
);
