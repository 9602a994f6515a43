// Correctness under load (issue 4): two production servers on one PostgreSQL database; 500 operations
// (100 grants to an agency, 150 transfers from it to its organizations, 250 usage reports whose
// idempotency keys recur) fired at once and spread over both, then 220 more from known balances; the
// ledger's guarantees are then checked in the database itself and through the API:
//   - every balance (agencies, organizations) equals the sum of its ledger entries, and each entry's
//     balance_after is the running sum of its account (the entries were appended one at a time);
//   - no balance is negative;
//   - every accepted transfer wrote exactly one pair of entries, a refused one nothing, and when the
//     starting balance is known exactly as many transfers succeed as it allows;
//   - no usage event is counted twice: one row per (organization, idempotency key), the daily rollup
//     equals the events, and the ledger's consumption entries match the accepted credit events one to
//     one; refusals happen exactly when the balance or the month's credit limit is short.
// PostgreSQL only: one PGlite database cannot be shared by two processes. playwright.config.ts leaves
// this file out of the PGlite run (testIgnore), so it does not show up there as skipped.
import postgres from "postgres";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { accessToken, bearer, uniqueTag } from "./helpers";
import { type Instance, startInstance, stopInstance } from "./instances";
import { baseURL, onPostgres } from "./support";

// Belt and braces: playwright.config.ts already ignores this file without E2E_DATABASE_URL.
test.skip(!onPostgres, "needs PostgreSQL (E2E_DATABASE_URL): two servers cannot share one embedded PGlite database");
// The tests share the second server; they run one after the other in one worker.
test.describe.configure({ mode: "default" });

let second: Instance | undefined;
let sql: postgres.Sql | undefined;
let urls: [string, string];

test.beforeAll(async ({}, testInfo) => {
  if (!onPostgres) return;
  testInfo.setTimeout(180_000);
  const started = Date.now();
  second = await startInstance(testInfo);
  const inherited = testInfo.config.webServer?.env ? "the webServer's environment" : "the built-in environment (no webServer env in the config)";
  console.log(`[ledger-concurrency] second server healthy on ${second.url} after ${Date.now() - started} ms, with ${inherited}`);
  urls = [baseURL, second.url];
  sql = postgres(process.env.E2E_DATABASE_URL!, { max: 2, onnotice: () => {} });
});

test.afterEach(async ({}, testInfo) => {
  if (second && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach("second-server.log", { body: second.log.join("\n"), contentType: "text/plain" });
});

test.afterAll(async () => {
  await sql?.end({ timeout: 5 });
  if (second) await stopInstance(second);
});

// ---------------------------------------------------------------------------------------------- helpers

/** A small seeded generator, so that a failing mix can be replayed (CONCURRENCY_SEED=...). */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
  return { int, pick, shuffle };
}

interface Sent {
  label: string;
  instance: number;
  status: number;
  body: unknown;
}

/**
 * POST to one of the two servers; never throws on a status, so that every answer is counted. Through
 * Node's fetch rather than Playwright's request context: that one relays every call through the
 * Playwright driver and records it for the trace, which made the storm below 5-7 times slower.
 */
async function post(instance: number, pathName: string, token: string, data: unknown, label: string): Promise<Sent> {
  const response = await fetch(`${urls[instance]}${pathName}`, {
    method: "POST",
    headers: { ...bearer(token), "content-type": "application/json" },
    body: JSON.stringify(data),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text: it is reported as it came
  }
  return { label, instance, status: response.status, body };
}

/**
 * Fires every operation at once, alternating the two servers, through a gate of IN_FLIGHT requests.
 * The gate is wider than both servers' connection pools together (DATABASE_POOL_SIZE, 10 each), so
 * every connection of both stays busy with contending transactions for the whole storm: as much
 * concurrency as the database sees with all 500 in flight. What it saves is a queue of hundreds of
 * requests in the first server's event loop, which the specs running beside this one (on that server)
 * would wait behind: a console sign-in took over 10 s that way.
 */
const IN_FLIGHT = 64;
async function storm(ops: { run: (instance: number) => Promise<Sent> }[]): Promise<Sent[]> {
  const sent: Sent[] = new Array(ops.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, ops.length) }, async () => {
      while (next < ops.length) {
        const i = next++;
        sent[i] = await ops[i].run(i % 2);
      }
    }),
  );
  return sent;
}

async function postOk<T>(pathName: string, token: string, data: unknown, status = 201, instance = 0): Promise<T> {
  const sent = await post(instance, pathName, token, data, pathName);
  expect(sent.status, JSON.stringify(sent.body)).toBe(status);
  return sent.body as T;
}

async function getOk<T>(request: APIRequestContext, instance: number, pathName: string, token: string): Promise<T> {
  const response = await request.get(`${urls[instance]}${pathName}`, { headers: bearer(token), timeout: 60_000 });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

async function putOk(request: APIRequestContext, pathName: string, token: string, data: unknown) {
  const response = await request.put(`${urls[0]}${pathName}`, { headers: bearer(token), data });
  expect(response.status(), await response.text()).toBe(200);
}

/** An agency with an owner who can sign in, and organizations under it with the given credit limits. */
async function agencyWithOrganizations(request: APIRequestContext, superadmin: string, tag: string, creditLimits: (number | null)[]) {
  const agency = await postOk<{ id: number }>("/api/tenants/admins", superadmin, { name: `Concurrency ${tag}` });
  const owner = { email: `conc-${tag}@e2e.example.com`, password: `conc-${tag}-Passw0rd` };
  await postOk(`/api/tenants/admins/${agency.id}/invite-owner`, superadmin, { ...owner, name: `Owner ${tag}` });
  const admin = await accessToken(request, owner.email, owner.password);
  const organizations: string[] = [];
  for (const [i, creditLimit] of creditLimits.entries()) {
    const org = await postOk<{ id: string }>("/api/tenants/organizations", superadmin, {
      name: `Conc ${tag} ${i}`,
      slug: `conc-${tag}-${i}`,
      admin_id: agency.id,
    });
    // The platform default for new organizations is 0 (none allowed): set each one's limit.
    await putOk(request, `/api/tenants/organizations/${org.id}/credit-limit`, superadmin, { credit_limit: creditLimit });
    organizations.push(org.id);
  }
  return { agencyId: agency.id, admin, organizations };
}

interface LedgerEntry {
  id: number;
  amount: number;
  balance_after: number;
  kind: string;
}

/** Reads a whole ledger through the API (newest first) and checks that it chains up to `balance`. */
async function checkLedgerThroughApi(
  request: APIRequestContext,
  instance: number,
  pathName: string,
  token: string,
  balance: number,
  expectedEntries: number,
) {
  const entries: LedgerEntry[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await getOk<{ data: LedgerEntry[]; total: number }>(request, instance, `${pathName}?limit=200&offset=${offset}`, token);
    expect(page.total).toBe(expectedEntries);
    entries.push(...page.data);
    if (page.data.length < 200) break;
  }
  expect(entries).toHaveLength(expectedEntries);
  let after = balance;
  for (const entry of entries) {
    expect(entry.balance_after, `${pathName}: entry ${entry.id}`).toBe(after);
    after -= entry.amount;
  }
  // The oldest entry started from an empty account.
  expect(after, pathName).toBe(0);
}

/** Database invariants of the given accounts: cached balance = sum of entries >= 0, balance_after = running sum. */
async function checkAccounts(db: postgres.Sql, agencyIds: number[], orgIds: string[]) {
  const mismatched = await db`
    select 'agency' as account, a.id::text as id, a.credit_balance::text as cached, coalesce(l.total, 0)::text as ledger
      from agencies a left join (select agency_id, sum(amount) as total from credit_ledger_entries where agency_id is not null group by 1) l on l.agency_id = a.id
     where a.id in ${db(agencyIds)} and (a.credit_balance <> coalesce(l.total, 0) or a.credit_balance < 0)
    union all
    select 'organization', o.id::text, o.credit_balance::text, coalesce(l.total, 0)::text
      from organizations o left join (select organization_id, sum(amount) as total from credit_ledger_entries where organization_id is not null group by 1) l on l.organization_id = o.id
     where o.id in ${db(orgIds)} and (o.credit_balance <> coalesce(l.total, 0) or o.credit_balance < 0)`;
  expect(mismatched, "balances that differ from the sum of their entries, or are negative").toEqual([]);
  const broken = await db`
    select id::text, agency_id, organization_id::text, amount::text, balance_after::text, running::text from (
      select e.*, sum(amount) over (partition by coalesce(agency_id::text, organization_id::text) order by id) as running
        from credit_ledger_entries e
       where agency_id in ${db(agencyIds)} or organization_id in ${db(orgIds)}) x
     where balance_after <> running or balance_after < 0`;
  expect(broken, "entries whose balance_after is not the running sum of their account").toEqual([]);
}

async function balances(db: postgres.Sql, agencyIds: number[], orgIds: string[]) {
  const rows = await db<{ id: string; balance: number }[]>`
    select id::text, credit_balance::int as balance from agencies where id in ${db(agencyIds)}
    union all select id::text, credit_balance::int from organizations where id in ${db(orgIds)}`;
  return new Map(rows.map((r) => [r.id, r.balance]));
}

/** Statuses by operation kind, for the report and the "only 200/201/422" check. */
function tally(sent: Sent[]) {
  const counts: Record<string, Record<number, number>> = {};
  for (const s of sent) {
    const kind = s.label.split(" ")[0];
    counts[kind] ??= {};
    counts[kind][s.status] = (counts[kind][s.status] ?? 0) + 1;
  }
  return counts;
}

interface UsageEvent {
  metric: "credits" | "api_calls";
  quantity: number;
  idempotency_key: string;
  occurred_at: string;
}
interface UsageAnswer {
  accepted: number;
  duplicates: number;
  refused: number;
  credit_balance: number;
  results: { index: number; idempotency_key: string; status: "accepted" | "duplicate" | "refused"; error?: string }[];
}

const INSUFFICIENT = /^Insufficient credits: \d+ requested, \d+ available\.$/;
const OVER_LIMIT = /^Monthly credit limit reached: \d+ of \d+ credits used in \d{4}-\d{2}, \d+ requested\.$/;

/** What every answer of a usage report says about each of its events, by organization and key. */
function usageOutcomes(sent: Sent[], requests: Map<string, { org: string; events: UsageEvent[]; single: boolean }>) {
  const byKey = new Map<string, { org: string; event: UsageEvent; accepted: number; duplicate: number; refused: number; errors: string[] }>();
  const problems: string[] = [];
  for (const s of sent) {
    const req = requests.get(s.label);
    if (!req) continue;
    const results: { status: string; error?: string }[] = [];
    if (s.status === 200) {
      const body = s.body as UsageAnswer;
      if (body.results.length !== req.events.length) problems.push(`${s.label}: ${body.results.length} results for ${req.events.length} events`);
      if (body.accepted + body.duplicates + body.refused !== req.events.length)
        problems.push(`${s.label}: counts ${JSON.stringify(body)} do not add up`);
      if (req.single && body.refused !== 0) problems.push(`${s.label}: a single refused event answered 200`);
      for (const r of body.results) {
        if (r.idempotency_key !== req.events[r.index]?.idempotency_key) problems.push(`${s.label}: result ${r.index} names ${r.idempotency_key}`);
        results[r.index] = r;
      }
    } else if (s.status === 422 && req.single) {
      results[0] = { status: "refused", error: (s.body as { message: string }).message };
    } else continue; // counted among the unexpected statuses
    req.events.forEach((event, i) => {
      const id = `${req.org}|${event.idempotency_key}`;
      const entry = byKey.get(id) ?? { org: req.org, event, accepted: 0, duplicate: 0, refused: 0, errors: [] };
      const r = results[i];
      if (r?.status === "accepted") entry.accepted++;
      else if (r?.status === "duplicate") entry.duplicate++;
      else if (r?.status === "refused") {
        entry.refused++;
        entry.errors.push(r.error ?? "");
      } else problems.push(`${s.label}: no result for event ${i}`);
      byKey.set(id, entry);
    });
  }
  expect(problems, "malformed usage answers").toEqual([]);
  return byKey;
}

/** Usage invariants in the database for the given organizations, against what the answers said. */
async function checkUsage(db: postgres.Sql, orgIds: string[], byKey: ReturnType<typeof usageOutcomes>) {
  const events = await db<{ org: string; key: string; metric: string; quantity: number; n: number }[]>`
    select organization_id::text as org, idempotency_key as key, metric, quantity::int as quantity,
           count(*) over (partition by organization_id, idempotency_key)::int as n
      from usage_events where organization_id in ${db(orgIds)}`;
  const consumptions = await db<{ org: string; key: string | null; amount: number; n: number }[]>`
    select organization_id::text as org, idempotency_key as key, amount::int as amount,
           count(*) over (partition by organization_id, idempotency_key)::int as n
      from credit_ledger_entries where kind = 'consumption' and organization_id in ${db(orgIds)}`;
  const rollup = await db<{ org: string; metric: string; daily: string; events: string }[]>`
    select coalesce(d.organization_id, e.organization_id)::text as org, coalesce(d.metric, e.metric) as metric,
           coalesce(d.total, 0)::text as daily, coalesce(e.total, 0)::text as events
      from (select organization_id, metric, sum(total) as total from usage_daily where organization_id in ${db(orgIds)} group by 1, 2) d
      full join (select organization_id, metric, sum(quantity) as total from usage_events where organization_id in ${db(orgIds)} group by 1, 2) e
        on e.organization_id = d.organization_id and e.metric = d.metric`;

  const problems: string[] = [];
  const stored = new Map(events.map((e) => [`${e.org}|${e.key}`, e]));
  const consumed = new Map(consumptions.map((c) => [`${c.org}|${c.key}`, c]));
  for (const e of events) {
    if (e.n !== 1) problems.push(`usage event ${e.key} of ${e.org} stored ${e.n} times`);
    if (!byKey.has(`${e.org}|${e.key}`)) problems.push(`usage event ${e.key} of ${e.org} stored but never reported`);
  }
  for (const c of consumptions) {
    if (c.n !== 1) problems.push(`consumption ${c.key} of ${c.org} in the ledger ${c.n} times`);
    const event = stored.get(`${c.org}|${c.key}`);
    if (!event || event.metric !== "credits") problems.push(`consumption ${c.key} of ${c.org} without a stored credit event`);
    else if (c.amount !== -event.quantity) problems.push(`consumption ${c.key} of ${c.org}: ${c.amount} for ${event.quantity} credits`);
  }
  for (const [id, k] of byKey) {
    const row = stored.get(id);
    if (k.accepted > 1) problems.push(`${id} accepted ${k.accepted} times`);
    if ((k.accepted === 1) !== Boolean(row)) problems.push(`${id}: accepted ${k.accepted} time(s) but ${row ? "" : "not "}stored`);
    if (row && (row.metric !== k.event.metric || row.quantity !== k.event.quantity)) problems.push(`${id} stored as ${row.metric} ${row.quantity}`);
    if (k.event.metric === "credits" && k.event.quantity > 0) {
      if (Boolean(row) !== consumed.has(id)) problems.push(`${id}: stored ${Boolean(row)}, consumed ${consumed.has(id)}`);
    } else {
      if (k.refused > 0) problems.push(`${id}: a ${k.event.metric} event was refused`);
      if (consumed.has(id)) problems.push(`${id}: a ${k.event.metric} event consumed credits`);
    }
    for (const error of k.errors) if (!INSUFFICIENT.test(error) && !OVER_LIMIT.test(error)) problems.push(`${id} refused with "${error}"`);
  }
  for (const r of rollup) if (r.daily !== r.events) problems.push(`usage_daily ${r.metric} of ${r.org}: ${r.daily}, events: ${r.events}`);
  expect(problems, "usage counted twice, lost, or not matching the ledger").toEqual([]);
  return { stored, consumptions };
}

// ---------------------------------------------------------------------------------------------- the tests

test("500 concurrent grants, transfers and usage reports on two servers keep every ledger exact", async ({ request }, testInfo) => {
  test.setTimeout(240_000);
  const seed = Number(process.env.CONCURRENCY_SEED ?? Math.floor(Math.random() * 2 ** 31));
  testInfo.annotations.push({ type: "seed", description: `CONCURRENCY_SEED=${seed}` });
  const rnd = generator(seed);
  const tag = uniqueTag();
  const superadmin = await accessToken(request);
  // Four organizations; the last with a monthly credit limit that the usage below exceeds.
  const LIMIT = 400;
  const { agencyId, admin, organizations } = await agencyWithOrganizations(request, superadmin, tag, [null, null, null, LIMIT]);
  const occurredAt = new Date().toISOString(); // one instant: every event falls in the same month

  // Per organization, 40 credit events and 12 api_calls events, each reported several times: the
  // api_calls keys recur in many batches at once, with and without credit events beside them (the mix
  // that deadlocked when the account lock was FOR UPDATE, see lib/credits/ledger.ts).
  const creditPool = organizations.map((_, o) =>
    Array.from({ length: 40 }, (_, i): UsageEvent => ({
      metric: "credits",
      quantity: rnd.int(5, 40),
      idempotency_key: `c-${o}-${i}`,
      occurred_at: occurredAt,
    })),
  );
  const callPool = organizations.map((_, o) =>
    Array.from({ length: 12 }, (_, i): UsageEvent => ({
      metric: "api_calls",
      quantity: rnd.int(1, 100),
      idempotency_key: `a-${o}-${i}`,
      occurred_at: occurredAt,
    })),
  );

  const ops: { label: string; run: (instance: number) => Promise<Sent> }[] = [];
  const grants = new Map<string, number>();
  const transfers = new Map<string, { org: string; amount: number }>();
  const usage = new Map<string, { org: string; events: UsageEvent[]; single: boolean }>();
  for (let i = 0; i < 100; i++) {
    const label = `grant #${i} ${tag}`;
    const amount = rnd.int(40, 160);
    grants.set(label, amount);
    ops.push({ label, run: (n) => post(n, `/api/tenants/admins/${agencyId}/grant-credits`, superadmin, { amount, reason: label }, label) });
  }
  for (let i = 0; i < 150; i++) {
    const label = `transfer #${i} ${tag}`;
    const org = organizations[i % organizations.length];
    const amount = rnd.int(30, 150);
    transfers.set(label, { org, amount });
    ops.push({ label, run: (n) => post(n, `/api/tenants/organizations/${org}/credits/add`, admin, { amount, reason: label }, label) });
  }
  for (let i = 0; i < 250; i++) {
    const label = `usage #${i}`;
    const o = i % organizations.length;
    const shape = rnd.int(0, 3);
    let events: UsageEvent[];
    if (shape <= 1) events = [rnd.pick(creditPool[o])];
    else if (shape === 2)
      events = [
        ...Array.from({ length: rnd.int(2, 4) }, () => rnd.pick(creditPool[o])),
        ...Array.from({ length: rnd.int(2, 6) }, () => rnd.pick(callPool[o])),
      ];
    else events = Array.from({ length: rnd.int(1, 10) }, () => rnd.pick(callPool[o]));
    rnd.shuffle(events);
    const single = events.length === 1;
    usage.set(label, { org: organizations[o], events, single });
    // Usage is reported by the superadmin and by the owning agency, alike.
    const token = i % 2 === 0 ? superadmin : admin;
    ops.push({ label, run: (n) => post(n, `/api/tenants/organizations/${organizations[o]}/usage`, token, single ? events[0] : { events }, label) });
  }
  rnd.shuffle(ops);
  expect(ops).toHaveLength(500);

  const started = Date.now();
  const sent = await storm(ops);
  const elapsed = Date.now() - started;
  const counts = tally(sent);
  console.log(`[ledger-concurrency] seed ${seed}: 500 operations on two servers in ${elapsed} ms; statuses: ${JSON.stringify(counts)}`);
  testInfo.annotations.push({ type: "phase 1", description: `500 operations in ${elapsed} ms: ${JSON.stringify(counts)}` });

  // Only the answers the contracts allow: grants 201; transfers 201 or 422 Insufficient credits;
  // usage 200, or 422 with the reason for a single refused event. Never a 500 (a deadlock, a
  // serialization failure), never a timeout.
  const unexpected = sent.filter((s) => {
    if (grants.has(s.label)) return s.status !== 201;
    if (transfers.has(s.label))
      return !(s.status === 201 || (s.status === 422 && (s.body as { message?: string }).message === "Insufficient credits"));
    const u = usage.get(s.label)!;
    if (s.status === 422)
      return (
        !u.single ||
        !(INSUFFICIENT.test((s.body as { message?: string }).message ?? "") || OVER_LIMIT.test((s.body as { message?: string }).message ?? ""))
      );
    return s.status !== 200;
  });
  expect(unexpected, "answers other than 200/201/422 as the contracts define them").toEqual([]);

  const db = sql!;
  await checkAccounts(db, [agencyId], organizations);

  // Grants: all of them, each once.
  const grantRows = await db<{ reason: string; amount: number; n: number }[]>`
    select reason, amount::int as amount, count(*) over (partition by reason)::int as n from credit_ledger_entries where agency_id = ${agencyId} and kind = 'grant'`;
  expect(grantRows.map((g) => [g.reason, g.amount, g.n]).sort()).toEqual([...grants].map(([reason, amount]) => [reason, amount, 1]).sort());

  // Transfers: every 201 is exactly one pair (agency -amount, organization +amount) under one
  // transfer_id; every 422 wrote nothing.
  const pairs = await db<{ transfer_id: string; reason: string; n: number; net: number; agencies: number; org: string | null; amount: number }[]>`
    select transfer_id::text, min(reason) as reason, count(*)::int as n, sum(amount)::int as net,
           count(agency_id)::int as agencies, max(organization_id::text) as org, max(amount)::int as amount
      from credit_ledger_entries
     where transfer_id is not null and (agency_id = ${agencyId} or organization_id in ${db(organizations)})
     group by transfer_id`;
  const accepted = sent.filter((s) => transfers.has(s.label) && s.status === 201);
  const refused = sent.filter((s) => transfers.has(s.label) && s.status === 422);
  expect(accepted.length + refused.length).toBe(150);
  const pairById = new Map(pairs.map((p) => [p.transfer_id, p]));
  expect(pairs).toHaveLength(accepted.length);
  for (const s of accepted) {
    const body = s.body as { transfer_id: string; amount: number };
    const want = transfers.get(s.label)!;
    expect(pairById.get(body.transfer_id), s.label).toEqual({
      transfer_id: body.transfer_id,
      reason: s.label,
      n: 2,
      net: 0,
      agencies: 1,
      org: want.org,
      amount: want.amount,
    });
  }
  const refusedReasons = new Set(refused.map((s) => s.label));
  expect(pairs.filter((p) => refusedReasons.has(p.reason))).toEqual([]);

  // The agency's balance is what was granted less what was transferred. (How many transfers a known
  // balance allows is checked exactly by the next test; here grants arrive while transfers draw.)
  const granted = [...grants.values()].reduce((a, b) => a + b, 0);
  const transferred = accepted.reduce((sum, s) => sum + transfers.get(s.label)!.amount, 0);
  const finals = await balances(db, [agencyId], organizations);
  expect(finals.get(String(agencyId))).toBe(granted - transferred);
  // The mix asks for ~13,500 credits of transfers against ~10,000 granted: both outcomes must occur,
  // or the run proved nothing about refusals.
  expect(accepted.length, "accepted transfers").toBeGreaterThan(0);
  expect(refused.length, "refused transfers").toBeGreaterThan(0);
  const [{ entries: agencyEntries }] = await db<
    { entries: number }[]
  >`select count(*)::int as entries from credit_ledger_entries where agency_id = ${agencyId}`;
  expect(agencyEntries).toBe(100 + accepted.length);

  // Usage: each key stored once, accepted at most once, consumption entries one to one.
  const byKey = usageOutcomes(sent, usage);
  const { consumptions } = await checkUsage(db, organizations, byKey);
  for (const org of organizations) {
    const incoming = pairs.filter((p) => p.org === org).reduce((sum, p) => sum + p.amount, 0);
    const spent = consumptions.filter((c) => c.org === org).reduce((sum, c) => sum - c.amount, 0);
    expect(finals.get(org), `balance of ${org}`).toBe(incoming - spent);
    if (org === organizations[3]) expect(spent).toBeLessThanOrEqual(LIMIT);
  }
  const refusals = [...byKey.values()].flatMap((k) => k.errors);
  expect(consumptions.length, "credit events consumed").toBeGreaterThan(0);
  testInfo.annotations.push({
    type: "phase 1 outcome",
    description: `${accepted.length} transfers accepted, ${refused.length} refused; ${consumptions.length} credit events consumed, ${refusals.length} refusals (${refusals.filter((e) => OVER_LIMIT.test(e)).length} over the limit)`,
  });

  // Through the API, from both servers: balances, ledgers chained entry by entry, usage totals.
  const agencyView = await getOk<{ credit_balance: number }>(request, 1, `/api/tenants/admins/${agencyId}`, superadmin);
  expect(agencyView.credit_balance).toBe(finals.get(String(agencyId)));
  await checkLedgerThroughApi(request, 1, `/api/tenants/admins/${agencyId}/ledger`, admin, agencyView.credit_balance, agencyEntries);
  for (const [i, org] of organizations.entries()) {
    const entries = pairs.filter((p) => p.org === org).length + consumptions.filter((c) => c.org === org).length;
    await checkLedgerThroughApi(request, i % 2, `/api/tenants/organizations/${org}/ledger`, admin, finals.get(org)!, entries);
    const report = await getOk<{ credits: { used: number; balance: number }; api_calls: { used: number } }>(
      request,
      (i + 1) % 2,
      `/api/tenants/organizations/${org}/usage`,
      admin,
    );
    expect(report.credits.balance).toBe(finals.get(org));
    expect(report.credits.used).toBe(consumptions.filter((c) => c.org === org).reduce((sum, c) => sum - c.amount, 0));
    const calls = [...byKey.values()].filter((k) => k.org === org && k.event.metric === "api_calls" && k.accepted === 1);
    expect(report.api_calls.used).toBe(calls.reduce((sum, k) => sum + k.event.quantity, 0));
  }
});

test("from known balances, exactly as many transfers and consumptions succeed as the balances and the limit allow", async ({ request }, testInfo) => {
  test.setTimeout(180_000);
  const tag = uniqueTag();
  const superadmin = await accessToken(request);
  // Agency: 1,000 credits, 40 transfers of 70 to two organizations -> 14 succeed (980), 26 are refused.
  // Organization P: 500 credits, 60 events of 30 each reported twice -> 16 keys consumed (480).
  // Organization Q: 1,000 credits, a monthly limit of 200, 30 events of 25 each reported twice -> 8 keys (200).
  const { agencyId, admin, organizations } = await agencyWithOrganizations(request, superadmin, tag, [null, null, null, 200]);
  const [b1, b2, p, q] = organizations;
  await postOk(`/api/tenants/admins/${agencyId}/grant-credits`, superadmin, { amount: 1000, reason: "known balance" });
  await postOk(`/api/tenants/organizations/${p}/credits/add`, superadmin, { amount: 500, reason: "known balance" });
  await postOk(`/api/tenants/organizations/${q}/credits/add`, superadmin, { amount: 1000, reason: "known balance" });
  const occurredAt = new Date().toISOString();
  const month = occurredAt.slice(0, 7);

  const ops: { label: string; run: (instance: number) => Promise<Sent> }[] = [];
  const transferTo = new Map<string, string>();
  for (let i = 0; i < 40; i++) {
    const label = `transfer #${i} ${tag}`;
    const org = i % 2 === 0 ? b1 : b2;
    transferTo.set(label, org);
    ops.push({ label, run: (n) => post(n, `/api/tenants/organizations/${org}/credits/add`, admin, { amount: 70, reason: label }, label) });
  }
  const usage = new Map<string, { org: string; events: UsageEvent[]; single: boolean }>();
  for (const [org, keys, quantity] of [
    [p, 60, 30],
    [q, 30, 25],
  ] as const) {
    for (let k = 0; k < keys; k++) {
      const event: UsageEvent = { metric: "credits", quantity, idempotency_key: `k-${k}`, occurred_at: occurredAt };
      for (const attempt of [0, 1]) {
        const label = `usage ${org === p ? "P" : "Q"} ${event.idempotency_key} #${attempt}`;
        usage.set(label, { org, events: [event], single: true });
        const token = attempt === 0 ? admin : superadmin;
        ops.push({ label, run: (n) => post(n, `/api/tenants/organizations/${org}/usage`, token, event, label) });
      }
    }
  }
  const rnd = generator(Date.now());
  rnd.shuffle(ops);
  const started = Date.now();
  const sent = await storm(ops);
  const elapsed = Date.now() - started;
  console.log(`[ledger-concurrency] ${ops.length} operations from known balances in ${elapsed} ms; statuses: ${JSON.stringify(tally(sent))}`);
  testInfo.annotations.push({ type: "phase 2", description: `${ops.length} operations in ${elapsed} ms: ${JSON.stringify(tally(sent))}` });

  const of = (prefix: string) => sent.filter((s) => s.label.startsWith(prefix));
  const statuses = (list: Sent[]) => list.map((s) => s.status).sort();
  const messages = (list: Sent[]) => [...new Set(list.filter((s) => s.status === 422).map((s) => (s.body as { message: string }).message))];

  // Transfers: floor(1000 / 70) = 14 succeed, the other 26 are refused; 20 credits stay.
  const transfers = of("transfer");
  expect(statuses(transfers)).toEqual([...Array(14).fill(201), ...Array(26).fill(422)]);
  expect(messages(transfers)).toEqual(["Insufficient credits"]);

  // P: floor(500 / 30) = 16 keys accepted once each, their other attempt a duplicate (the balance only
  // falls, so an attempt refused first cannot succeed later), the other 88 attempts refused at 20 left.
  const usageP = of("usage P");
  const acceptedIn = (list: Sent[]) => list.filter((s) => s.status === 200 && (s.body as UsageAnswer).accepted === 1).length;
  const duplicatesIn = (list: Sent[]) => list.filter((s) => s.status === 200 && (s.body as UsageAnswer).duplicates === 1).length;
  expect([acceptedIn(usageP), duplicatesIn(usageP), usageP.filter((s) => s.status === 422).length]).toEqual([16, 16, 88]);
  expect(messages(usageP)).toEqual(["Insufficient credits: 30 requested, 20 available."]);

  // Q: the limit, not the balance, stops it: floor(200 / 25) = 8 keys, 44 refusals with 200 of 200 used.
  const usageQ = of("usage Q");
  expect([acceptedIn(usageQ), duplicatesIn(usageQ), usageQ.filter((s) => s.status === 422).length]).toEqual([8, 8, 44]);
  expect(messages(usageQ)).toEqual([`Monthly credit limit reached: 200 of 200 credits used in ${month}, 25 requested.`]);
  expect(sent.every((s) => [200, 201, 422].includes(s.status))).toBe(true);

  const db = sql!;
  await checkAccounts(db, [agencyId], organizations);
  const finals = await balances(db, [agencyId], organizations);
  expect(Object.fromEntries(finals)).toEqual({
    [String(agencyId)]: 20,
    [b1]: transfers.filter((s) => s.status === 201 && transferTo.get(s.label) === b1).length * 70,
    [b2]: transfers.filter((s) => s.status === 201 && transferTo.get(s.label) === b2).length * 70,
    [p]: 20,
    [q]: 800,
  });
  const [{ pairs }] = await db<{ pairs: number }[]>`
    select count(distinct transfer_id)::int as pairs from credit_ledger_entries where agency_id = ${agencyId} and kind = 'transfer'`;
  expect(pairs).toBe(14);
  await checkUsage(db, organizations, usageOutcomes(sent, usage));
  const agencyView = await getOk<{ credit_balance: number }>(request, 1, `/api/tenants/admins/${agencyId}`, admin);
  expect(agencyView.credit_balance).toBe(20);
  await checkLedgerThroughApi(request, 0, `/api/tenants/admins/${agencyId}/ledger`, superadmin, 20, 15);
  await checkLedgerThroughApi(request, 1, `/api/tenants/organizations/${p}/ledger`, admin, 20, 17);
  await checkLedgerThroughApi(request, 0, `/api/tenants/organizations/${q}/ledger`, admin, 800, 9);
});
