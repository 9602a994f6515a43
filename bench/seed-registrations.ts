// Bulk-loads the benchmark's registration requests in one INSERT ... SELECT generate_series: mostly
// pending approval, some approved, rejected or provisioned, a unique desired slug and email per row,
// submitted over about two years; then recomputes their list_counts and runs VACUUM ANALYZE.
import type postgres from "postgres";

export const REGISTRATIONS = 50_000;

const COMPANIES = ["Harbor", "Summit", "Golden", "Alpine", "Coastal", "Urban", "Pacific", "Northern", "Bright", "Evergreen"];
const TRADES = ["Bakery", "Dental", "Logistics", "Studio", "Fitness", "Legal", "Clinic", "Realty", "Consulting", "Travel"];
const SOURCES = ["google", "newsletter", "partner", "linkedin"];

const textArray = (words: string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(",")}]`;

export async function seedRegistrations(sql: postgres.Sql): Promise<{ registrations: number; byStatus: Record<string, number>; ms: number }> {
  const started = performance.now();
  await sql.begin(async (tx) => {
    // Triggers off for the load, as for the organizations; list_counts is recomputed below.
    await tx`set local session_replication_role = replica`;
    // h1, h2: independent hashes of the row number. Status: 80% pending, 8% approved, 7% rejected, 5% provisioned.
    // Unique slug and email per row (the open-request unique indexes cover pending and approved rows).
    await tx.unsafe(`
      insert into registration_requests
        (email, password_hash, company_name, contact_name, phone, desired_org_name, desired_org_slug,
         utm_source, utm_medium, utm_campaign, status, org_name, org_slug, credit_limit, storage_limit_gb,
         max_users, bandwidth_limit_gb, rejection_reason, reviewed_at, submitted_ip, created_at, updated_at)
      select
        'owner' || g || '@' || lower(company) || lower(trade) || '.example',
        'bench-placeholder-not-a-real-hash',
        company || ' ' || trade || ' ' || g,
        'Contact ' || g,
        case when h2 % 3 = 0 then '+1555' || lpad((h1 % 10000000)::text, 7, '0') end,
        company || ' ' || trade,
        'reg-' || lower(company) || '-' || lower(trade) || '-' || to_hex(g),
        case when h2 % 5 < 4 then (${textArray(SOURCES)})[1 + h2 % ${SOURCES.length}] end,
        case when h2 % 5 < 4 then 'cpc' end,
        case when h2 % 5 < 4 then 'spring-' || (h2 % 7) end,
        status,
        case when status in ('approved', 'active') then company || ' ' || trade end,
        case when status in ('approved', 'active') then 'reg-' || lower(company) || '-' || lower(trade) || '-' || to_hex(g) end,
        case when status in ('approved', 'active') then 1000 end,
        case when status in ('approved', 'active') then 50 end,
        case when status in ('approved', 'active') then 10 end,
        case when status in ('approved', 'active') then 100 end,
        case when status = 'rejected' then 'Duplicate of an existing customer' end,
        case when status <> 'pending_approval' then created + interval '1 day' end,
        '203.0.113.' || (h1 % 250),
        created,
        case when status <> 'pending_approval' then least(now(), created + interval '1 day') else created end
      from (
        select g, h1, h2, created,
          case when h1 % 100 < 80 then 'pending_approval' when h1 % 100 < 88 then 'approved' when h1 % 100 < 95 then 'rejected' else 'active' end as status,
          (${textArray(COMPANIES)})[1 + h2 % ${COMPANIES.length}] as company,
          (${textArray(TRADES)})[1 + (h2 / ${COMPANIES.length}) % ${TRADES.length}] as trade
        from (
          select g,
            abs(hashint4(g + 3000017)::bigint) as h1, abs(hashint4(g + 4000037)::bigint) as h2,
            now() - make_interval(mins => (${REGISTRATIONS} - g) * 20, secs => abs(hashint4(g)::bigint) % 900) as created
          from generate_series(1, ${REGISTRATIONS}) g
        ) s
      ) r`);
    const [{ present }] = await tx<{ present: boolean }[]>`select to_regclass('list_counts') is not null as present`;
    if (present) {
      // As migration 0005 initializes it.
      await tx`delete from list_counts where list = 'registration_requests'`;
      await tx`
        insert into list_counts (list, owner, status, n)
        select 'registration_requests', 0, status, count(*) from registration_requests group by status`;
    }
  });
  await sql`vacuum analyze registration_requests`;
  // Twice, as for the organizations: the second VACUUM sets the visibility map (see seed-organizations.ts).
  await sql`vacuum registration_requests`;
  await sql`vacuum analyze list_counts`;
  const rows = await sql<
    { status: string; n: number }[]
  >`select status, count(*)::int as n from registration_requests group by status order by status`;
  const byStatus = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return { registrations: rows.reduce((s, r) => s + r.n, 0), byStatus, ms: performance.now() - started };
}
