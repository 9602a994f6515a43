// Usage is counted in UTC calendar days and months, whatever the caller's time zone, so that every
// instance and every reader agrees on which month an event belongs to.
import { DAY_MS } from "@/lib/time";

/** "2026-11-23" */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The first day of at's month: "2026-11-01". */
export function monthOf(at: Date): string {
  return `${at.toISOString().slice(0, 7)}-01`;
}

export function monthBounds(at: Date): { start: string; end: string; next: string } {
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  return { start: utcDay(start), end: utcDay(new Date(next.getTime() - DAY_MS)), next: utcDay(next) };
}

/** The first instant of the month before at's: the oldest usage still accepted. */
export function previousMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1));
}

/** The n days ending with at's day, oldest first. */
export function lastDays(n: number, at: Date): string[] {
  const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return Array.from({ length: n }, (_, i) => utcDay(new Date(today - (n - 1 - i) * DAY_MS)));
}
