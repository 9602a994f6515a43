// Bulk-loads the audit trail the audit rows are measured against: BENCH_AUDIT_ROWS rows (10 million by
// default) over 2,000 organizations, ~30 actions and 500 actor users, over the last 60 days, in one
// INSERT ... SELECT generate_series. For the load only, the table's user triggers are off (the hash chain's
// per-row sha256 and chain-head update, the append-only guards): chain_seq, prev_hash and hash stay null
// (the benchmark does not verify the chain). Its secondary indexes are dropped and rebuilt after the load
// with their own definitions (whatever the migrations made them), then VACUUM ANALYZE.
import type postgres from "postgres";

export const AUDIT_ROWS = Number(process.env.BENCH_AUDIT_ROWS ?? 10_000_000);
export const AUDIT_ORGANIZATIONS = 2_000;
export const AUDIT_ACTORS = 500;
export const AUDIT_DAYS = 60;

export const AUDIT_ACTIONS = [
  "organization.created",
  "organization.updated",
  "organization.suspended",
  "organization.reactivated",
  "organization.deleted",
  "organization.member_added",
  "organization.member_removed",
  "organization.role_changed",
  "organization.domain_added",
  "organization.domain_verified",
  "agency.created",
  "agency.updated",
  "agency.owner_assigned",
  "agency.suspended",
  "agency.reactivated",
  "registration.submitted",
  "registration.approved",
  "registration.rejected",
  "registration.provisioned",
  "user.created",
  "user.updated",
  "user.password_changed",
  "user.signed_in",
  "user.signed_out",
  "api_token.created",
  "api_token.revoked",
  "credits.granted",
  "credits.transferred",
  "credit_limit.changed",
  "settings.updated",
];

export interface AuditSeed {
  rows: number;
  organizations: string[];
  /** The agency with the most organizations among the seeded ones, and how many rows its admin sees. */
  agencyId: number;
  agencyVisibleRows: number;
  steps: { insertS: number; indexS: number; rollupS: number; vacuumS: number };
  sizesMb: { table: number; indexes: number };
  ms: number;
}

const seconds = (since: number) => (performance.now() - since) / 1000;

export async function seedAudit(sql: postgres.Sql, rows = AUDIT_ROWS): Promise<AuditSeed> {
  const started = performance.now();
  // Active tenants, a random but stable sample (uuids are random): ~10% of them belong to an agency.
  const orgRows = await sql<{ id: string }[]>`select id from organizations where status = 'active' order by id limit ${AUDIT_ORGANIZATIONS}`;
  if (orgRows.length < AUDIT_ORGANIZATIONS) throw new Error(`only ${orgRows.length} organizations to spread audit rows over`);
  const organizations = orgRows.map((r) => r.id);
  const steps = { insertS: 0, indexS: 0, rollupS: 0, vacuumS: 0 };
  const indexes = await sql<{ name: string; def: string }[]>`
    select indexname as name, indexdef as def from pg_indexes
    where schemaname = current_schema() and tablename = 'audit_logs' and indexname <> 'audit_logs_pkey'`;

  await sql.begin(async (tx) => {
    await tx`alter table audit_logs disable trigger user`;
    for (const ix of indexes) await tx.unsafe(`drop index "${ix.name}"`);
    await tx`set local work_mem = '256MB'`;
    let t = performance.now();
    // Row g: organization g mod 2,000 (its agency as agency_id); 5% agency-level events (no organization)
    // and 5% platform events (neither); h1 and h2 are independent hashes of g for the action and the actor.
    // Ids from the table's sequence (the migrations and the superadmin's bootstrap may have written rows).
    // occurred_at grows with id, as in a real trail: the newest 10% of the rows are the last 6 days.
    await tx.unsafe(
      `
      insert into audit_logs (occurred_at, actor_type, actor_user_id, actor_label, action, target_type, target_id,
        organization_id, agency_id, metadata, ip, user_agent, request_id)
      select now() - ($4::float8 * 86400 * ($3 - g) / $3) * interval '1 second',
        'user', actor, 'user' || actor || '@example.com', action, split_part(action, '.', 1), (g % 100000)::text,
        case when kind = 'org' then o.ids[1 + g % $1] end,
        case when kind = 'org' then nullif(o.agencies[1 + g % $1], 0) when kind = 'agency' then ag.ids[1 + h2 % array_length(ag.ids, 1)] end,
        jsonb_build_object('seed', g % 100), '10.' || (h1 % 256) || '.' || (h2 % 256) || '.' || (g % 256), 'bench/1.0', null
      from (select array_agg(id order by id) as ids, array_agg(coalesce(agency_id, 0) order by id) as agencies
          from organizations where id = any($2::uuid[])) o,
        (select array_agg(id order by id) as ids from agencies) ag,
        generate_series(1, $3::bigint) g,
        lateral (select abs(hashint8(g)::bigint) as h1, abs(hashint8(g + 7919)::bigint) as h2) h,
        lateral (select case when h1 % 20 = 0 then 'agency' when h1 % 20 = 1 then 'platform' else 'org' end as kind,
          1 + h2 % $5 as actor, ($6::text[])[1 + (h1 / 20) % array_length($6::text[], 1)] as action) a`,
      [AUDIT_ORGANIZATIONS, organizations, rows, AUDIT_DAYS, AUDIT_ACTORS, AUDIT_ACTIONS],
    );
    steps.insertS = seconds(t);
    t = performance.now();
    await tx`set local maintenance_work_mem = '512MB'`;
    for (const ix of indexes) await tx.unsafe(ix.def);
    steps.indexS = seconds(t);
    t = performance.now();
    // The trigger that keeps the superadmin's daily statistics was off for the load: recount them.
    await tx`select audit_rollups_rebuild()`;
    await tx`alter table audit_logs enable trigger user`;
    steps.rollupS = seconds(t);
  });
  const t = performance.now();
  await sql`vacuum analyze audit_logs`;
  steps.vacuumS = seconds(t);
  const [busiest] = await sql<{ agency_id: number }[]>`
    select agency_id from organizations where id = any(${organizations}::uuid[]) and agency_id is not null
    group by 1 order by count(*) desc, 1 limit 1`;
  const [counts] = await sql<{ rows: number; visible: number }[]>`
    select (select count(*) from audit_logs)::int as rows,
      (select count(*) from audit_logs where agency_id = ${busiest.agency_id}
        or organization_id in (select id from organizations where agency_id = ${busiest.agency_id}))::int as visible`;
  const [sizes] = await sql<{ table: number; indexes: number }[]>`
    select pg_table_size('audit_logs')::float8 / 1048576 as table, pg_indexes_size('audit_logs')::float8 / 1048576 as indexes`;
  return {
    rows: counts.rows,
    organizations,
    agencyId: busiest.agency_id,
    agencyVisibleRows: counts.visible,
    steps,
    sizesMb: { table: sizes.table, indexes: sizes.indexes },
    ms: performance.now() - started,
  };
}
