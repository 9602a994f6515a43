// Durations in milliseconds, named once so that date arithmetic reads in days.

/** One day: exact between UTC dates (JavaScript time has no leap seconds); a local day may be 23 or 25 hours. */
export const DAY_MS = 86_400_000;
