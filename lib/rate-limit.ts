// Fixed-window rate limits counted in the database, so every instance shares one count.
import { sql } from "drizzle-orm";
import { type Db, rowsOf } from "@/db/client";
import { RateLimitedError } from "@/lib/errors";

interface RateLimitRule {
  limit: number;
  windowSeconds: number;
  message: string;
}

/** Counts one hit in the bucket's current window; throws RateLimitedError past the limit. */
export async function consumeRateLimit(db: Db, bucket: string, rule: RateLimitRule): Promise<void> {
  const result = await db.execute(sql`
    insert into rate_limit_counters (bucket, window_start, hits)
    values (${bucket}, to_timestamp(floor(extract(epoch from now()) / ${rule.windowSeconds}) * ${rule.windowSeconds}), 1)
    on conflict (bucket, window_start) do update set hits = rate_limit_counters.hits + 1
    returning hits, extract(epoch from (window_start + make_interval(secs => ${rule.windowSeconds}) - now()))::float8 as remaining`);
  const [row] = rowsOf<{ hits: number; remaining: number }>(result);
  if (row && row.hits > rule.limit) throw new RateLimitedError(rule.message, Math.max(1, Math.ceil(Number(row.remaining))));
}

/** Old windows are useless; dropped now and then so the table stays small. */
export async function purgeRateLimitCounters(db: Db): Promise<void> {
  await db.execute(sql`delete from rate_limit_counters where window_start < now() - interval '1 day'`);
}
