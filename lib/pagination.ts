import { z } from "zod";

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** PostgreSQL's integer: an offset beyond it would fail in the statement (a 500) instead of finding nothing. */
export const MAX_OFFSET = 2_147_483_647;

/** limit defaults to 50 and is capped at 200 (a larger one is clamped, not refused); 0 <= offset <= MAX_OFFSET. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).default(DEFAULT_LIMIT).transform((n) => Math.min(n, MAX_LIMIT)),
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

/** A timestamptz column as toISOString writes it (UTC, milliseconds truncated), for views written in SQL. */
export function isoTimeSql(column: string): string {
  return `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
