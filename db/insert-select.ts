// `INSERT INTO table (columns) SELECT values FROM source`: a row whose values are known (or are SQL over
// the source) written once for each row of the source, and not at all when the source is empty. Drizzle's
// own insert...select wants every column of the table in order; this names only the columns given and
// leaves the rest to their defaults, as .values() does. Values (or placeholders, in a prepared statement)
// are encoded by their columns (a jsonb column's object becomes its JSON text); PostgreSQL types the
// parameters from the target columns.
import { type Placeholder, SQL, getTableColumns, is, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";

type InsertSelectRow<T extends PgTable> = { [K in keyof T["$inferInsert"]]?: T["$inferInsert"][K] | SQL | Placeholder };

export function insertSelect<T extends PgTable>(table: T, row: InsertSelectRow<T>, source: SQL): SQL {
  const columns = getTableColumns(table);
  const given = Object.entries(row).filter(([, value]) => value !== undefined);
  const names = given.map(([key]) => {
    const column = columns[key];
    if (!column) throw new Error(`insertSelect: ${key} is not a column of the table`);
    return sql.identifier(column.name);
  });
  const values = given.map(([key, value]) => (is(value, SQL) ? value : sql.param(value, columns[key])));
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select ${sql.join(values, sql`, `)} from ${source}`;
}
