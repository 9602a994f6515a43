// A list page written by PostgreSQL as JSON, for the APIs to pass through (JsonText): the rows are a
// view's json_build_object (its TypeScript twin serves the console), the total is exact.
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { type Db, rowsOf } from "@/db/client";
import type { Page, PageRequest } from "@/lib/pagination";

/**
 * From this offset on, a page past the middle of its list is read from the list's other end. Below it,
 * skipping entries (~0.13 µs each on an index-only scan) costs less than planning the second arm (~0.3 ms).
 */
export const FROM_END_MIN_OFFSET = 1000;

/**
 * A page's JSON, keys in the order a Page<T> serializes, around rows PostgreSQL already wrote as a JSON
 * array (json_agg of a view), without parsing them again.
 */
export function pageJsonText(dataJson: string, page: Omit<Page<unknown>, "data">): string {
  return `{"data":${dataJson},"total":${page.total},"limit":${page.limit},"offset":${page.offset}}`;
}

/** A table's rows as a view writes them: one json_build_object over the table aliased `alias`. */
export interface RowView {
  table: PgTable;
  alias: "o" | "r";
  view: SQL;
}

/**
 * The JSON array of a page's rows, newest first (created_at desc, id desc): the rows whose ids `ids`
 * (a subquery with an `id` column) selects, joined to the table for those rows only (a deferred join).
 */
export function pageDataSql({ table, alias, view }: RowView, ids: SQL): SQL {
  const a = sql.raw(alias);
  return sql`coalesce((select json_agg(${view} order by ${a}.created_at desc, ${a}.id desc)
    from ${table} ${a} join (${ids}) p on p.id = ${a}.id), '[]'::json)::text`;
}

export interface NewestFirstList extends RowView {
  id: AnyPgColumn;
  createdAt: AnyPgColumn;
  /** The rows of the list (within what the principal may see). */
  where: SQL;
  /** Their exact number, as a scalar subquery (list_counts): read in the same statement, so in the same snapshot. */
  total: SQL;
}

/**
 * One page of a list ordered newest first, with its total, as JSON text (newestFirstPageSql).
 */
export async function newestFirstPageJson(db: Db, list: NewestFirstList, page: PageRequest): Promise<string> {
  const [row] = rowsOf<{ data: string; total: number }>(await db.execute(newestFirstPageSql(list, page)));
  return pageJsonText(row.data, { total: Number(row.total), limit: page.limit, offset: page.offset });
}

/**
 * The statement of newestFirstPageJson: one row, `total` and `data` (the page's JSON array).
 *
 * The page's ids come from an index-only scan. An offset walks the index from the newest entry, so a
 * deep page costs what skipping `offset` entries costs. A page past the middle of its list is nearer the
 * oldest end: read oldest first it skips total - offset - limit entries instead. Which end is nearer
 * depends on the total, known only inside the statement, so a deep page's statement carries both arms;
 * the arm not taken gets LIMIT 0 and reads nothing.
 */
export function newestFirstPageSql(list: NewestFirstList, page: PageRequest): SQL {
  return sql`select t.total, ${pageDataSql(list, pageIdsSql(list, page))} as data from (select ${list.total}::int as total) t`;
}

/** The page's ids, from the nearer end of the list (see newestFirstPageSql); `t.total` is the list's total. */
function pageIdsSql({ table, id, createdAt, where }: NewestFirstList, { limit, offset }: PageRequest): SQL {
  if (offset < FROM_END_MIN_OFFSET) return sql`select ${id} as id from ${table} where (${where}) order by ${createdAt} desc, ${id} desc limit ${limit} offset ${offset}`;
  // bigint: offset may be as large as PostgreSQL's integer, and 2 * offset + limit would overflow it.
  const [limitSql, offsetSql] = [sql`${limit}::bigint`, sql`${offset}::bigint`];
  const pastTheMiddle = sql`2 * ${offsetSql} + ${limitSql} > t.total`;
  // The arm not taken gets LIMIT 0, which reads nothing. (A WHERE on the total would put a gating node
  // between the LIMIT and the index scan, and every skipped entry would pass through it.)
  const rows = sql`select ${id} as id from ${table} where (${where})`;
  return sql`
    select id from (
      (${rows} order by ${createdAt} desc, ${id} desc
        limit case when ${pastTheMiddle} then 0 else ${limitSql} end offset ${offsetSql})
      union all
      (${rows} order by ${createdAt} asc, ${id} asc
        limit case when ${pastTheMiddle} then greatest(least(${limitSql}, t.total - ${offsetSql}), 0) else 0 end
        offset greatest(t.total - ${offsetSql} - ${limitSql}, 0))
    ) from_nearer_end limit ${limitSql}`;
}
