// Bulk-loads the usage history GET .../usage is measured against: BENCH_USAGE_EVENTS events (10 million by
// default) over 2,000 organizations and the last 60 days, in one INSERT ... SELECT generate_series with
// triggers off and the idempotency index built after the load, then the daily rollup (usage_daily) the
// ingestion path maintains, computed by one GROUP BY over those events, and VACUUM ANALYZE.
import type postgres from "postgres";

export const USAGE_EVENTS = Number(process.env.BENCH_USAGE_EVENTS ?? 10_000_000);
export const USAGE_ORGANIZATIONS = 2_000;
export const USAGE_DAYS = 60;

export interface UsageSeed {
  events: number;
  dailyRows: number;
  organizations: string[];
  /** Seconds of each step: the events, the index, the rollup, VACUUM ANALYZE. */
  steps: { insertS: number; indexS: number; rollupS: number; vacuumS: number };
  /** Sizes on disk, MB: the events (heap and indexes), the rollup. */
  sizesMb: { events: number; eventIndexes: number; daily: number };
  ms: number;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

export async function seedUsage(sql: postgres.Sql, events = USAGE_EVENTS): Promise<UsageSeed> {
  const started = performance.now();
  const [{ existing }] = await sql<{ existing: number }[]>`select count(*)::int as existing from (select 1 from usage_events limit 1) e`;
  if (existing > 0) throw new Error("seedUsage expects an empty usage_events table (it rolls up the whole table)");
  // Active tenants without an agency, a random but stable sample (uuids are random).
  const orgRows = await sql<{ id: string }[]>`
    select id from organizations where status = 'active' and agency_id is null order by id limit ${USAGE_ORGANIZATIONS}`;
  if (orgRows.length < USAGE_ORGANIZATIONS) throw new Error(`only ${orgRows.length} organizations to spread usage over`);
  const organizations = orgRows.map((r) => r.id);
  const steps = { insertS: 0, indexS: 0, rollupS: 0, vacuumS: 0 };

  await sql.begin(async (tx) => {
    // Triggers off (the foreign key's checks run row by row), and the unique (organization_id,
    // idempotency_key) index built once after the load: sorting 10 million keys once is several times
    // faster than inserting them one by one into a btree larger than shared_buffers.
    await tx`set local session_replication_role = replica`;
    await tx`set local work_mem = '256MB'`;
    await tx`drop index usage_events_org_idempotency_key`;
    let t = performance.now();
    // Row g: organization g mod 2,000, metric (g / 2,000) mod 5, so every organization has every metric;
    // h1 and h2 are independent hashes of g for the quantity and the time (uniform over the last 60 days).
    await tx.unsafe(
      `
      insert into usage_events (id, organization_id, metric, quantity, occurred_at, idempotency_key, created_at)
      select g, o.ids[1 + g % $1], m.metric,
        case m.metric
          when 'api_calls' then 1 + h1 % 1000
          when 'bandwidth_bytes' then 1 + h1 % 10000000
          when 'storage_bytes' then h1 % 5368709120
          when 'credits' then 1 + h1 % 10
          else 1 + h1 % 50
        end,
        at, 'seed-' || g, at
      from (select array_agg(id order by id) as ids from organizations where id = any($2::uuid[])) o,
        generate_series(1, $3::bigint) g,
        lateral (select abs(hashint8(g)::bigint) as h1, abs(hashint8(g + 7919)::bigint) as h2) h,
        lateral (select (array['api_calls','bandwidth_bytes','storage_bytes','credits','active_users'])[1 + (g / $1) % 5] as metric) m,
        lateral (select now() - (h2 % ($4 * 86400)) * interval '1 second' - (h2 % 1000) * interval '1 millisecond' as at) a`,
      [USAGE_ORGANIZATIONS, organizations, events, USAGE_DAYS],
    );
    steps.insertS = seconds(t);
    t = performance.now();
    await tx`set local maintenance_work_mem = '512MB'`;
    await tx`create unique index usage_events_org_idempotency_key on usage_events using btree (organization_id, idempotency_key)`;
    await tx`select setval(pg_get_serial_sequence('usage_events', 'id'), greatest((select max(id) from usage_events), 1))`;
    steps.indexS = seconds(t);
    t = performance.now();
    // The rollup as lib/usage/ingest.ts keeps it: per organization, metric and UTC day, the sum, the
    // largest event, and the latest event's quantity (max of [epoch µs, quantity]: the latest wins) and time.
    await tx`
      insert into usage_daily (organization_id, metric, day, total, peak, last, last_at)
      select organization_id, metric, (occurred_at at time zone 'UTC')::date,
        sum(quantity)::bigint, max(quantity),
        (max(array[(extract(epoch from occurred_at) * 1000000)::bigint, quantity]))[2],
        max(occurred_at)
      from usage_events
      group by 1, 2, 3`;
    steps.rollupS = seconds(t);
  });
  // VACUUM as well as ANALYZE: without it, autovacuum would start on 10 million freshly inserted rows in the
  // middle of the measurements (its insert threshold), and the first readers would set every hint bit.
  const t = performance.now();
  await sql`vacuum analyze usage_events`;
  await sql`vacuum analyze usage_daily`;
  steps.vacuumS = seconds(t);
  const [counts] = await sql<{ events: number; daily: number }[]>`
    select (select count(*) from usage_events)::int as events, (select count(*) from usage_daily)::int as daily`;
  const [sizes] = await sql<{ events: number; indexes: number; daily: number }[]>`
    select pg_table_size('usage_events')::float8 / 1048576 as events, pg_indexes_size('usage_events')::float8 / 1048576 as indexes,
      pg_total_relation_size('usage_daily')::float8 / 1048576 as daily`;
  return {
    events: counts.events,
    dailyRows: counts.daily,
    organizations,
    steps,
    sizesMb: { events: sizes.events, eventIndexes: sizes.indexes, daily: sizes.daily },
    ms: performance.now() - started,
  };
}
