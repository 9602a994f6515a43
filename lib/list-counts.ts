// Exact totals of the big lists, read from list_counts (kept by triggers) instead of counting rows.
import { and, eq, sql } from "drizzle-orm";
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
