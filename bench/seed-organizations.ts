// Bulk-loads the benchmark's tenants in one INSERT ... SELECT generate_series: realistic names
// ("Harbor Bakery Group"), unique slugs, mostly active, ~10% under a few agencies, spread over three years,
// then VACUUM ANALYZE.
import type postgres from "postgres";

export const ORGANIZATIONS = 100_000;
const AGENCIES = 5;

// 16 x 20 word pairs: a pair like "harbor bakery" names ~1/320 of the tenants (~310 of 100,000).
const ADJECTIVES = [
  "Nordic",
  "Harbor",
  "Summit",
  "Golden",
  "Silver",
  "Alpine",
  "Coastal",
  "Urban",
  "Pacific",
  "Northern",
  "Royal",
  "Bright",
  "Swift",
  "Quiet",
  "Prime",
  "Evergreen",
];
const NOUNS = [
  "Bakery",
  "Dental",
  "Logistics",
  "Studio",
  "Fitness",
  "Legal",
  "Clinic",
  "Motors",
  "Realty",
  "Consulting",
  "Analytics",
  "Coffee",
  "Books",
  "Design",
  "Media",
  "Travel",
  "Energy",
  "Robotics",
  "Pharmacy",
  "Catering",
];
const FORMS = ["Co", "Group", "Partners", "Inc", "LLC", "Ltd", "& Sons", "Collective", "Works", "Hub"];

/** A search term matching a few hundred tenants through the name's trigram index. */
export const SEARCH_TERM = "harbor bakery";

const textArray = (words: string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}]`;

export async function seedOrganizations(sql: postgres.Sql): Promise<{ organizations: number; matches: number; ms: number }> {
  const started = performance.now();
  await sql.begin(async (tx) => {
    // Triggers off for the load (row by row, list_counts' trigger makes 100,000 inserts several times
    // slower); the totals it keeps are recomputed below.
    await tx`set local session_replication_role = replica`;
    await tx.unsafe(`
      insert into agencies (name, contact_email, company_name, status, credit_balance)
      select 'Agency ' || g, 'ops' || g || '@agency' || g || '.example', 'Agency ' || g || ' Ltd', 'active', 10000 * g
      from generate_series(1, ${AGENCIES}) g`);
    // h1..h3 are independent hashes of the row number, so the name's words, status and agency
    // are not correlated with each other or with age.
    await tx.unsafe(`
      insert into organizations
        (name, slug, custom_domain, status, status_reason, agency_id, plan_id, max_users, storage_limit_gb,
         credit_balance, created_at, updated_at)
      select
        adj || ' ' || noun || ' ' || form,
        lower(adj) || '-' || lower(noun) || '-' || to_hex(g),
        case when h3 % 20 = 0 then lower(adj) || lower(noun) || g || '.example.com' end,
        case when h3 % 100 < 88 then 'active' when h3 % 100 < 95 then 'suspended' when h3 % 100 < 98 then 'cancelled' else 'provisioning' end,
        case when h3 % 100 between 88 and 94 then 'Unpaid invoice' end,
        case when h2 % 10 = 0 then (select id from agencies order by id offset (h2 / 10) % ${AGENCIES} limit 1) end,
        (array['starter','business','enterprise'])[1 + h2 % 3],
        case when h1 % 4 = 0 then null else 5 * (1 + h1 % 20) end,
        10 * (1 + h3 % 50),
        h1 % 100000,
        created,
        least(now(), created + make_interval(days => (h2 % 30)::int))
      from (
        select g,
          abs(hashint4(g)::bigint) as h1, abs(hashint4(g + 1000003)::bigint) as h2, abs(hashint4(g + 2000003)::bigint) as h3,
          now() - make_interval(mins => (${ORGANIZATIONS} - g) * 15, secs => abs(hashint4(g)::bigint) % 600) as created
        from generate_series(1, ${ORGANIZATIONS}) g
      ) s,
      lateral (select
        (${textArray(ADJECTIVES)})[1 + h1 % ${ADJECTIVES.length}] as adj,
        (${textArray(NOUNS)})[1 + (h1 / ${ADJECTIVES.length}) % ${NOUNS.length}] as noun,
        (${textArray(FORMS)})[1 + h2 % ${FORMS.length}] as form) w`);
    const [{ present }] = await tx<{ present: boolean }[]>`select to_regclass('list_counts') is not null as present`;
    if (present) {
      // As migration 0005 initializes it.
      await tx`delete from list_counts where list = 'organizations'`;
      await tx`
        insert into list_counts (list, owner, status, n)
        select 'organizations', coalesce(agency_id, 0), status, count(*) from organizations group by 2, 3`;
    }
    // The loaded tenants count as built, so that the server's website sweep does not queue 100,000 builds
    // in the middle of the rows (an older BENCH_REF has no websites table).
    const [{ websites }] = await tx<{ websites: boolean }[]>`select to_regclass('websites') is not null as websites`;
    if (websites) await tx`insert into websites (organization_id, building_progress, completed_at) select id, 100, now() from organizations`;
  });
  // VACUUM as well as ANALYZE: the steady state of a table. Right after a bulk load the trigram indexes'
  // statistics are stale and the planner picks a sequential scan for the search (and autovacuum would
  // change the plans in the middle of the run).
  await sql`vacuum analyze`;
  // And VACUUM again: the first one, right after the load, leaves every page not all-visible
  // (pg_class.relallvisible = 0), so index-only scans fetch every heap tuple (Heap Fetches = rows walked)
  // and the planner, costing that, prefers (created_at, id) with a filter to the (status, created_at, id)
  // index. The second sets the visibility map, as autovacuum would in a table at rest.
  await sql`vacuum organizations`;
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from organizations`;
  const pattern = `%${SEARCH_TERM}%`;
  const [{ m }] = await sql<{ m: number }[]>`select count(*)::int as m from organizations where name ilike ${pattern} or slug ilike ${pattern}`;
  return { organizations: n, matches: m, ms: performance.now() - started };
}

/** Random existing tenant ids for GET /api/v1/tenants/{id}. */
export async function sampleIds(sql: postgres.Sql, n: number): Promise<string[]> {
  const rows = await sql<{ id: string }[]>`select id from organizations order by random() limit ${n}`;
  return rows.map((r) => r.id);
}
