// The usage metering and credit rows of the benchmark: the accounts they run against (created through the
// API, so that every balance starts from its ledger), the requests (batches of usage events with repeated
// idempotency keys, transfers agency -> organization), and the SQL checks after each row: every distinct
// key stored once, every balance equal to the sum of its ledger entries.
import type autocannon from "autocannon";
import type postgres from "postgres";
import { type Headers, api } from "./api-client";

/** Events per POST .../usage batch, and the share of them that repeat a key already sent. */
export const BATCH_EVENTS = 500;
export const REPEATED_SHARE = 0.05;
/** Organizations the batches are spread over, round robin: with 16 connections, few batches wait for another's lock. */
export const INGEST_ORGANIZATIONS = 32;
/** Organizations of the agency that transfers credits to them, round robin. */
export const TRANSFER_ORGANIZATIONS = 50;
/** Credits each ingesting organization is granted (credit events consume 1 each) and the agency's grant. */
const INGEST_GRANT = 10_000_000;
const AGENCY_GRANT = 100_000_000;

export interface Check {
  ok: boolean;
  detail: string;
}

/** Runs fn over items, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map((item, j) => fn(item, i + j)))));
  return out;
}

export interface MeteringAccounts {
  /** Organizations the usage batches go to: granted credits, no monthly credit limit. */
  ingestOrganizations: string[];
  /** A usage-scoped token of the superadmin (what a metering pipeline would hold). */
  usageToken: string;
  agencyId: number;
  /** The agency's organizations the transfers go to. */
  transferOrganizations: string[];
  /** A personal token of the agency's owner. */
  agencyToken: string;
}

/**
 * Creates, as the superadmin, the organizations the usage batches go to (granted INGEST_GRANT credits,
 * credit limit removed), a usage-scoped token, and an agency with an owner who can sign in, granted
 * AGENCY_GRANT credits, with TRANSFER_ORGANIZATIONS organizations; then signs in as that owner.
 */
export async function createMeteringAccounts(baseUrl: string, superadmin: Headers, runTag: string): Promise<MeteringAccounts> {
  const ingestOrganizations = await inBatches(
    Array.from({ length: INGEST_ORGANIZATIONS }, (_, i) => i),
    4,
    async (i) => {
      const org = await api<{ id: string }>(baseUrl, "POST", "/api/tenants/organizations", superadmin, {
        name: `Bench Metering ${i + 1}`,
        slug: `bench-metering-${runTag}-${i + 1}`,
      });
      await api(baseUrl, "POST", `/api/tenants/organizations/${org.id}/credits/add`, superadmin, {
        amount: INGEST_GRANT,
        reason: "Benchmark: usage ingestion",
      });
      await api(baseUrl, "PUT", `/api/tenants/organizations/${org.id}/credit-limit`, superadmin, { credit_limit: null });
      return org.id;
    },
  );
  const { token: usageToken } = await api<{ token: string }>(baseUrl, "POST", "/api/v1/api-tokens", superadmin, {
    name: `bench metering ${runTag}`,
    scopes: ["usage"],
  });

  const email = `bench-agency-owner-${runTag}@example.com`;
  const password = `bench-${runTag}-password`;
  const { id: userId } = await api<{ id: number }>(baseUrl, "POST", "/api/tenants/users", superadmin, {
    email,
    name: "Bench Agency Owner",
    password,
  });
  const agency = await api<{ id: number }>(baseUrl, "POST", "/api/tenants/admins", superadmin, { name: `Bench Agency ${runTag}` });
  await api(baseUrl, "POST", `/api/tenants/admins/${agency.id}/assign-owner`, superadmin, { user_id: userId });
  await api(baseUrl, "POST", `/api/tenants/admins/${agency.id}/grant-credits`, superadmin, {
    amount: AGENCY_GRANT,
    reason: "Benchmark: credit transfers",
  });
  const transferOrganizations = await inBatches(
    Array.from({ length: TRANSFER_ORGANIZATIONS }, (_, i) => i),
    4,
    async (i) => {
      const org = await api<{ id: string }>(baseUrl, "POST", "/api/tenants/organizations", superadmin, {
        name: `Bench Agency Client ${i + 1}`,
        slug: `bench-client-${runTag}-${i + 1}`,
        admin_id: agency.id,
      });
      return org.id;
    },
  );
  const { access_token: jwt } = await api<{ access_token: string }>(baseUrl, "POST", "/api/v1/auth/token", {}, { email, password });
  const { token: agencyToken } = await api<{ token: string }>(
    baseUrl,
    "POST",
    "/api/v1/api-tokens",
    { authorization: `Bearer ${jwt}` },
    { name: "bench transfers" },
  );
  return { ingestOrganizations, usageToken, agencyId: agency.id, transferOrganizations, agencyToken };
}

interface SentEvent {
  metric: string;
  quantity: number;
  idempotency_key: string;
}

// 40% api_calls, 25% bandwidth_bytes, 15% storage_bytes, 20% credits (1 credit each).
function newEvent(key: string, i: number): SentEvent {
  const slot = i % 20;
  if (slot < 8) return { metric: "api_calls", quantity: 1 + (i % 100), idempotency_key: key };
  if (slot < 13) return { metric: "bandwidth_bytes", quantity: 1024 * (1 + (i % 1000)), idempotency_key: key };
  if (slot < 16) return { metric: "storage_bytes", quantity: 1_048_576 * (1 + (i % 500)), idempotency_key: key };
  return { metric: "credits", quantity: 1, idempotency_key: key };
}

/**
 * POST .../usage batches of BATCH_EVENTS events, round robin over the organizations: in each batch,
 * REPEATED_SHARE of the events repeat an event already sent to that organization (a retry; from the same
 * batch for an organization's first batch). Remembers every key sent, and the answers' counts.
 */
export class IngestionLoad {
  private next = 0;
  private counter = 0;
  /** Per organization: every distinct key sent, and the events sent (to repeat some). */
  private readonly sent = new Map<string, Map<string, SentEvent>>();
  private readonly history = new Map<string, SentEvent[]>();
  readonly answered = { batches: 0, accepted: 0, duplicates: 0, refused: 0 };
  batchesSent = 0;

  constructor(
    private readonly organizations: string[],
    private readonly runTag: string,
  ) {
    for (const id of organizations) {
      this.sent.set(id, new Map());
      this.history.set(id, []);
    }
  }

  private body(org: string): string {
    const sent = this.sent.get(org)!;
    const history = this.history.get(org)!;
    const repeats = Math.round(BATCH_EVENTS * REPEATED_SHARE);
    const events: SentEvent[] = [];
    for (let i = 0; i < BATCH_EVENTS - repeats; i++) {
      const n = ++this.counter;
      events.push(newEvent(`${this.runTag}-${n.toString(36).padStart(6, "0")}`, n));
    }
    const pool = history.length > 0 ? history : [...events];
    for (let i = 0; i < repeats; i++) events.push(pool[Math.floor(Math.random() * pool.length)]);
    for (const e of events) {
      if (!sent.has(e.idempotency_key)) history.push(e);
      sent.set(e.idempotency_key, e);
    }
    return JSON.stringify({ events });
  }

  /** autocannon's setupRequest. */
  readonly setupRequest = (req: autocannon.Request): autocannon.Request => {
    const org = this.organizations[this.next++ % this.organizations.length];
    this.batchesSent++;
    return { ...req, path: `/api/tenants/organizations/${org}/usage`, body: this.body(org) };
  };

  /** autocannon's onResponse. */
  readonly onResponse = (status: number, body: string) => {
    if (status !== 200) return;
    const r = JSON.parse(body) as { accepted: number; duplicates: number; refused: number };
    this.answered.batches++;
    this.answered.accepted += r.accepted;
    this.answered.duplicates += r.duplicates;
    this.answered.refused += r.refused;
  };

  /** What the database holds for the organizations against what was sent. */
  async verify(sql: postgres.Sql): Promise<Check> {
    const expected = new Map([...this.sent].map(([org, keys]) => [org, keys.size]));
    const distinctSent = [...expected.values()].reduce((a, b) => a + b, 0);
    const creditKeys = [...this.sent.values()].reduce((sum, keys) => sum + [...keys.values()].filter((e) => e.metric === "credits").length, 0);
    const rows = await sql<
      {
        org: string;
        events: number;
        credit_events: number;
        credits: number;
        event_total: string;
        daily_total: string;
        entries: number;
        consumed: string;
        balance: string;
        ledger_sum: string;
      }[]
    >`
      with e as (
        select organization_id as org, count(*)::int as events, (count(*) filter (where metric = 'credits'))::int as credit_events,
          coalesce(sum(quantity) filter (where metric = 'credits'), 0)::int as credits, sum(quantity)::text as event_total
        from usage_events where organization_id = any(${this.organizations}::uuid[]) group by 1),
      d as (
        select organization_id as org, sum(total)::text as daily_total from usage_daily where organization_id = any(${this.organizations}::uuid[]) group by 1),
      l as (
        select organization_id as org, (count(*) filter (where kind = 'consumption'))::int as entries,
          (-coalesce(sum(amount) filter (where kind = 'consumption'), 0))::text as consumed, sum(amount)::text as ledger_sum
        from credit_ledger_entries where organization_id = any(${this.organizations}::uuid[]) group by 1)
      select o.id as org, coalesce(e.events, 0) as events, coalesce(e.credit_events, 0) as credit_events, coalesce(e.credits, 0) as credits,
        coalesce(e.event_total, '0') as event_total, coalesce(d.daily_total, '0') as daily_total,
        coalesce(l.entries, 0) as entries, coalesce(l.consumed, '0') as consumed, o.credit_balance::text as balance, coalesce(l.ledger_sum, '0') as ledger_sum
      from organizations o left join e on e.org = o.id left join d on d.org = o.id left join l on l.org = o.id
      where o.id = any(${this.organizations}::uuid[])`;
    const problems: string[] = [];
    let stored = 0;
    let storedCredits = 0;
    for (const r of rows) {
      stored += r.events;
      storedCredits += r.credit_events;
      if (r.events !== expected.get(r.org)) problems.push(`${r.org}: ${r.events} events stored, ${expected.get(r.org)} distinct keys sent`);
      if (r.event_total !== r.daily_total) problems.push(`${r.org}: events sum to ${r.event_total}, usage_daily to ${r.daily_total}`);
      if (r.entries !== r.credit_events || r.consumed !== String(r.credits))
        problems.push(`${r.org}: ${r.credit_events} credit events (${r.credits} credits), ${r.entries} consumption entries (${r.consumed})`);
      if (r.balance !== r.ledger_sum || Number(r.balance) < 0) problems.push(`${r.org}: balance ${r.balance}, ledger sum ${r.ledger_sum}`);
    }
    if (this.answered.refused > 0) problems.push(`${this.answered.refused} events refused (the organizations have credits and no limit)`);
    if (this.answered.duplicates === 0) problems.push("no duplicate was answered: dedup not exercised");
    if (this.answered.batches === this.batchesSent && this.answered.accepted !== stored)
      problems.push(`answers accepted ${this.answered.accepted} events, ${stored} stored`);
    const detail =
      `${this.batchesSent} batches sent (${this.answered.batches} answered 200); ${distinctSent} distinct keys sent, ${stored} events stored; ` +
      `${this.answered.duplicates} duplicates answered; ${storedCredits} credit events = consumption entries, balances = ledger sums (${rows.length} organizations)` +
      (creditKeys !== storedCredits ? ` [credit keys sent ${creditKeys}]` : "");
    return problems.length
      ? { ok: false, detail: `${problems.length} problems: ${problems.slice(0, 5).join("; ")} (${detail})` }
      : { ok: true, detail };
  }
}

/** POST .../credits/add {amount: 1} as the agency's owner, round robin over its organizations. */
export class TransferLoad {
  private next = 0;
  succeeded = 0;
  refused = 0;

  constructor(
    private readonly agencyId: number,
    private readonly organizations: string[],
  ) {}

  readonly setupRequest = (req: autocannon.Request): autocannon.Request => {
    const org = this.organizations[this.next++ % this.organizations.length];
    return { ...req, path: `/api/tenants/organizations/${org}/credits/add`, body: JSON.stringify({ amount: 1, reason: "Benchmark transfer" }) };
  };

  readonly onResponse = (status: number) => {
    if (status >= 200 && status < 300) this.succeeded++;
    else if (status === 422) this.refused++;
  };

  /** Every balance equals the sum of its entries, none is negative, every transfer is two entries summing to zero. */
  async verify(sql: postgres.Sql): Promise<Check> {
    const accounts = await sql<{ account: string; balance: string; ledger_sum: string; entries: number }[]>`
      select 'agency ' || a.id as account, a.credit_balance::text as balance, coalesce(sum(e.amount), 0)::text as ledger_sum, count(e.id)::int as entries
      from agencies a left join credit_ledger_entries e on e.agency_id = a.id where a.id = ${this.agencyId} group by a.id
      union all
      select 'organization ' || o.id, o.credit_balance::text, coalesce(sum(e.amount), 0)::text, count(e.id)::int
      from organizations o left join credit_ledger_entries e on e.organization_id = o.id where o.id = any(${this.organizations}::uuid[]) group by o.id`;
    const [pairs] = await sql<{ transfers: number; unbalanced: number }[]>`
      select count(*)::int as transfers, (count(*) filter (where n <> 2 or total <> 0))::int as unbalanced from (
        select transfer_id, count(*) as n, sum(amount) as total from credit_ledger_entries
        where transfer_id is not null and (agency_id = ${this.agencyId} or organization_id = any(${this.organizations}::uuid[]))
        group by transfer_id) t`;
    const problems = accounts
      .filter((a) => a.balance !== a.ledger_sum || Number(a.balance) < 0)
      .map((a) => `${a.account}: balance ${a.balance}, ledger sum ${a.ledger_sum}`);
    if (pairs.unbalanced > 0) problems.push(`${pairs.unbalanced} transfers are not two entries summing to zero`);
    // Requests cut off when a timed row ends may still commit: at least the answered ones are in the ledger.
    if (pairs.transfers < this.succeeded) problems.push(`${this.succeeded} transfers answered 2xx, ${pairs.transfers} in the ledger`);
    const agency = accounts.find((a) => a.account.startsWith("agency"));
    const detail = `${pairs.transfers} transfers in the ledger (${this.succeeded} answered 2xx, ${this.refused} refused); ${accounts.length} balances = ledger sums (agency balance ${agency?.balance})`;
    return problems.length
      ? { ok: false, detail: `${problems.length} problems: ${problems.slice(0, 5).join("; ")} (${detail})` }
      : { ok: true, detail };
  }
}

/** Rotates GET .../usage over the organizations that have the seeded usage history. */
export function rotateUsagePaths(organizations: string[]) {
  let i = 0;
  return (req: autocannon.Request): autocannon.Request => ({
    ...req,
    path: `/api/tenants/organizations/${organizations[i++ % organizations.length]}/usage`,
  });
}
