// Exact totals of the big lists, read from list_counts (kept by triggers) instead of counting rows.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { listCounts } from "@/db/schema";

interface ListCountsFilter {
  /** Agencies whose organizations are counted (absent: every owner). */
  owners?: number[];
  status?: string;
}

/** A list's total: the sum of its counters' shards (db/schema/list-counts.ts) that the filter selects. */
export async function countFromListCounts(db: Db, list: "organizations" | "registration_requests", filter: ListCountsFilter = {}): Promise<number> {
  if (filter.owners && filter.owners.length === 0) return 0;
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${listCounts.n}), 0)` })
    .from(listCounts)
    .where(
      and(
        eq(listCounts.list, list),
        filter.owners ? inArray(listCounts.owner, filter.owners) : undefined,
        filter.status ? eq(listCounts.status, filter.status) : undefined,
      ),
    );
  return Number(row.total);
}
