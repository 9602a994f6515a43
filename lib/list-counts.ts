// Exact totals of the big lists, read from list_counts (kept by triggers) instead of counting rows.
import { type SQL, and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { idArray, prepared } from "@/db/prepared";
import { listCounts } from "@/db/schema";

// One prepared shape for every filter: a null parameter drops its condition (PostgreSQL plans each
// execution with the values in, so the folded condition still uses the index).
const total = (db: Db) =>
  db
    .select({ total: sql<string>`coalesce(sum(${listCounts.n}), 0)` })
    .from(listCounts)
    .where(
      and(
        eq(listCounts.list, sql.placeholder("list")),
        sql`(${sql.placeholder("owners")}::int[] is null or ${listCounts.owner} = any(${sql.placeholder("owners")}::int[]))`,
        sql`(${sql.placeholder("status")}::text is null or ${listCounts.status} = ${sql.placeholder("status")}::text)`,
      ),
    )
    .prepare("list_counts_total");

export async function countFromListCounts(db: Db, list: "organizations" | "registration_requests", filter: { owners?: number[]; status?: string } = {}): Promise<number> {
  if (filter.owners && filter.owners.length === 0) return 0;
  const [row] = await prepared(db, "list_counts_total", total).execute({
    list,
    owners: filter.owners ? idArray(filter.owners) : null,
    status: filter.status ?? null,
  });
  return Number(row?.total ?? 0);
}

/** countFromListCounts as a scalar subquery, to read a total in the statement that reads its page. */
export function listCountsTotalSql(list: "organizations" | "registration_requests", filter: { owners?: number[]; status?: string } = {}): SQL {
  if (filter.owners && filter.owners.length === 0) return sql`0`;
  const where = and(
    eq(listCounts.list, list),
    filter.owners ? inArray(listCounts.owner, filter.owners) : undefined,
    filter.status ? eq(listCounts.status, filter.status) : undefined,
  );
  return sql`(select coalesce(sum(${listCounts.n}), 0) from ${listCounts} where ${where})`;
}
