// Exact totals of the big lists, read from list_counts (kept by triggers) instead of counting rows.
import { type SQL, and, eq, inArray, sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { listCounts } from "@/db/schema";

export interface ListCountsFilter {
  /** Agencies whose organizations are counted (absent: every owner). */
  owners?: number[];
  status?: string;
}

/** The total as a scalar subquery, to read it in the statement that reads its page too. */
export function listCountsTotalSql(list: "organizations" | "registration_requests", filter: ListCountsFilter = {}): SQL {
  if (filter.owners && filter.owners.length === 0) return sql`0`;
  const where = and(
    eq(listCounts.list, list),
    filter.owners ? inArray(listCounts.owner, filter.owners) : undefined,
    filter.status ? eq(listCounts.status, filter.status) : undefined,
  );
  return sql`(select coalesce(sum(${listCounts.n}), 0) from ${listCounts} where ${where})`;
}

export async function countFromListCounts(db: Db, list: "organizations" | "registration_requests", filter: ListCountsFilter = {}): Promise<number> {
  const [row] = rowsOf<{ total: string | number }>(await db.execute(sql`select ${listCountsTotalSql(list, filter)} as total`));
  return Number(row.total);
}
