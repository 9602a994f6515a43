// Pages of lists: the query parameters every list takes, and the page of a list ordered newest first.
import { type SQL, asc, desc, eq, getTableColumns } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "@/db/client";
import { PG_INT_MAX } from "@/lib/validation";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** PostgreSQL's integer: an offset beyond it would fail in the statement (a 500) instead of finding nothing. */
export const MAX_OFFSET = PG_INT_MAX;

/** limit defaults to 50 and is capped at 200 (a larger one is clamped, not refused); 0 <= offset <= MAX_OFFSET. */
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_LIMIT)
    .transform((n) => Math.min(n, MAX_LIMIT)),
  offset: z.coerce.number().int().min(0).max(MAX_OFFSET).default(0),
});

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> {
  data: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A table listed newest first: by created_at, ties broken by id. */
type NewestFirstTable = PgTable & { id: PgColumn; createdAt: PgColumn };

/**
 * One page of a list ordered newest first (created_at desc, id desc), given the list's total.
 *
 * A deferred join: the page's ids come from an index-only scan, so an offset skips index entries rather
 * than rows, and only the page's rows are read from the table. A page past the middle of its list is
 * nearer the oldest end: it is read oldest first there, skipping total - offset - limit entries instead
 * of offset, and comes out newest first all the same. Not a named prepared statement: page 1 and a deep
 * page want different plans, so each is planned with its own LIMIT and OFFSET.
 */
export async function newestFirstPage<T extends NewestFirstTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  total: number,
  page: PageRequest,
): Promise<Page<T["$inferSelect"]>> {
  const result = { total, limit: page.limit, offset: page.offset };
  const rowsLeft = total - page.offset;
  if (rowsLeft <= 0) return { data: [], ...result };
  const fromOldest = 2 * page.offset + page.limit > total;
  const pageIds = db
    .select({ id: table.id })
    .from(table as PgTable)
    .where(where)
    .orderBy(...(fromOldest ? [asc(table.createdAt), asc(table.id)] : [desc(table.createdAt), desc(table.id)]))
    .limit(fromOldest ? Math.min(page.limit, rowsLeft) : page.limit)
    .offset(fromOldest ? Math.max(rowsLeft - page.limit, 0) : page.offset)
    .as("page_ids");
  const data = await db
    .select(getTableColumns(table as PgTable))
    .from(table as PgTable)
    .innerJoin(pageIds, eq(table.id, pageIds.id))
    .orderBy(desc(table.createdAt), desc(table.id));
  return { data: data as T["$inferSelect"][], ...result };
}
