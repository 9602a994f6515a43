// Exactly once through a crash (issue 8): a credit transfer from an agency to its organization, sent with an
// Idempotency-Key to a server of this spec's own, which is then SIGKILLed; a fresh server gets the retry
// with the same key. Whenever the kill comes, the transfer happens once (balances, ledger entries) and the
// retry gets a proper answer:
//   - killed mid-transaction (the transfer waits for the agency's row, which the spec holds locked): nothing
//     was committed, so the retry runs the transfer, once, and answers 201;
//   - killed once the transfer has committed: the retry replays the stored answer (Idempotent-Replayed).
// The spec holds row locks from its own connection and watches pg_stat_activity for the server's backend
// waiting on them: no sleeps, no timings. PostgreSQL only: the spec's server shares the suite's database,
// which one embedded PGlite cannot; playwright.config.ts leaves this file out of the PGlite run.
import postgres from "postgres";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { accessToken, bearer, uniqueTag } from "./helpers";
import { type Instance, killInstance, startInstance, stopInstance } from "./instances";
import { onPostgres } from "./support";

test.skip(!onPostgres, "needs PostgreSQL (E2E_DATABASE_URL): a second server cannot share one embedded PGlite database");

let sql: postgres.Sql;
let server: Instance | undefined;

test.beforeAll(() => {
  sql = postgres(process.env.E2E_DATABASE_URL!, { max: 4, onnotice: () => {} });
});
test.afterEach(async ({}, testInfo) => {
  if (server && testInfo.status !== testInfo.expectedStatus)
    await testInfo.attach("server.log", { body: server.log.join("\n"), contentType: "text/plain" });
  if (server) await stopInstance(server);
  server = undefined;
});
test.afterAll(async () => {
  await sql?.end({ timeout: 5 });
});

interface Funded {
  agencyId: number;
  orgId: string;
  /** The agency owner's access token: the transfer is theirs. */
  admin: string;
}

/** An agency with 1,000 credits, an owner who can sign in, and an organization under it (through the suite's server). */
async function fundedAgency(request: APIRequestContext, tag: string): Promise<Funded> {
  const superadmin = await accessToken(request);
  const created = async (path: string, data: unknown) => {
    const response = await request.post(path, { headers: bearer(superadmin), data });
    expect(response.status(), await response.text()).toBe(201);
    return response.json();
  };
  const agency = await created("/api/tenants/admins", { name: `Crash ${tag}` });
  const owner = { email: `crash-${tag}@e2e.example.com`, password: `crash-${tag}-Passw0rd`, name: `Owner ${tag}` };
  await created(`/api/tenants/admins/${agency.id}/invite-owner`, owner);
  const org = await created("/api/tenants/organizations", { name: `Crash ${tag}`, slug: `crash-${tag}`, admin_id: agency.id });
  await created(`/api/tenants/admins/${agency.id}/grant-credits`, { amount: 1000, reason: `crash ${tag}` });
  return { agencyId: agency.id, orgId: org.id, admin: await accessToken(request, owner.email, owner.password) };
}

interface Answer {
  status: number;
  replayed: string | null;
  body: Record<string, unknown>;
}

/** The transfer of 100 credits with the key; rejects when the server dies under it. */
async function transfer(instance: Instance, funded: Funded, key: string): Promise<Answer> {
  const response = await fetch(`${instance.url}/api/tenants/organizations/${funded.orgId}/credits/add`, {
    method: "POST",
    headers: { ...bearer(funded.admin), "content-type": "application/json", "idempotency-key": key },
    body: JSON.stringify({ amount: 100, reason: `transfer ${key}` }),
  });
  return { status: response.status, replayed: response.headers.get("idempotent-replayed"), body: await response.json() };
}

/** A row lock held by a transaction of the spec's own connection until released (once; again is a no-op). */
async function holdLock(lock: (tx: postgres.ReservedSql) => Promise<unknown>): Promise<{ pid: number; release: () => Promise<void> }> {
  const tx = await sql.reserve();
  await tx`begin`;
  await lock(tx);
  const [{ pid }] = await tx<{ pid: number }[]>`select pg_backend_pid() as pid`;
  let held = true;
  return {
    pid,
    release: async () => {
      if (!held) return;
      held = false;
      await tx`rollback`;
      tx.release();
    },
  };
}

/**
 * "blocked" once a backend waits for a lock the given backend holds, "done" if `pending` settles first.
 * Polls pg_stat_activity (every 20 ms, for at most 30 s).
 */
async function blockedByOrDone(pid: number, pending: Promise<unknown>): Promise<"blocked" | "done"> {
  let settled = false;
  void pending.finally(() => (settled = true)).catch(() => {});
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (settled) return "done";
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and ${pid}::int = any(pg_blocking_pids(pid))`;
    if (n > 0) return "blocked";
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the request neither waited for the lock nor finished within 30 s");
}

/** Exactly one transfer of 100 happened: its two entries, and the balances they explain. */
async function expectOneTransfer(funded: Funded) {
  const [ledger] = await sql<{ agency_entries: number; org_entries: number; transfers: number }[]>`
    select count(*) filter (where agency_id = ${funded.agencyId})::int as agency_entries,
           count(*) filter (where organization_id = ${funded.orgId})::int as org_entries,
           count(distinct transfer_id)::int as transfers
      from credit_ledger_entries where agency_id = ${funded.agencyId} or organization_id = ${funded.orgId}`;
  // The agency's entries: the grant and the transfer's debit.
  expect(ledger).toEqual({ agency_entries: 2, org_entries: 1, transfers: 1 });
  const [balances] = await sql<{ agency: number; org: number }[]>`
    select (select credit_balance from agencies where id = ${funded.agencyId})::int as agency,
           (select credit_balance from organizations where id = ${funded.orgId})::int as org`;
  expect(balances).toEqual({ agency: 900, org: 100 });
}

test("[API][IDEMPOTENCY][CRASH]: a server killed mid-transfer leaves nothing behind; the retry transfers once", async ({ request }, testInfo) => {
  test.setTimeout(240_000);
  const tag = uniqueTag();
  const funded = await fundedAgency(request, tag);
  const key = `crash-mid-${tag}`;
  server = await startInstance(testInfo, "crash server");

  const agencyLock = await holdLock((tx) => tx`select id from agencies where id = ${funded.agencyId} for update`);
  const first = transfer(server, funded, key);
  try {
    expect(await blockedByOrDone(agencyLock.pid, first), "the transfer waits for the agency's row").toBe("blocked");
    await killInstance(server);
  } finally {
    await agencyLock.release();
  }
  await expect(first).rejects.toThrow();

  server = await startInstance(testInfo, "crash server, restarted");
  const retry = await transfer(server, funded, key);
  expect(retry.status, JSON.stringify(retry.body)).toBe(201);
  expect(retry.replayed).toBeNull();
  expect(retry.body).toMatchObject({ amount: 100, kind: "transfer", balance_after: 100 });
  await expectOneTransfer(funded);

  const again = await transfer(server, funded, key);
  expect([again.status, again.replayed]).toEqual([201, "true"]);
  expect(again.body).toEqual(retry.body);
  await expectOneTransfer(funded);
});

test("[API][IDEMPOTENCY][CRASH]: a server killed once the transfer committed: the retry replays its answer", async ({ request }, testInfo) => {
  test.setTimeout(240_000);
  const tag = uniqueTag();
  const funded = await fundedAgency(request, tag);
  const key = `crash-after-${tag}`;
  server = await startInstance(testInfo, "crash server");

  const agencyLock = await holdLock((tx) => tx`select id from agencies where id = ${funded.agencyId} for update`);
  const first = transfer(server, funded, key);
  let outcome: "blocked" | "done";
  try {
    expect(await blockedByOrDone(agencyLock.pid, first), "the transfer waits for the agency's row").toBe("blocked");
    // A server that stored the answer apart from the transfer, after its commit, would wait here for this
    // lock on the key's row, and be killed between the two; one that commits them together finishes.
    const keyLock = await holdLock((tx) => tx`select key from idempotency_keys where key = ${key} for update`);
    try {
      await agencyLock.release();
      outcome = await blockedByOrDone(keyLock.pid, first);
      await killInstance(server);
      // The statement that waits for the lock was sent before the kill, and PostgreSQL, which notices a
      // dead client only when it next talks to it, would run it (and commit it, outside a transaction)
      // once the lock goes. A crash a moment earlier would have sent nothing: end it, as that one would.
      if (outcome === "blocked")
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where ${keyLock.pid}::int = any(pg_blocking_pids(pid))`;
    } finally {
      await keyLock.release();
    }
  } finally {
    await agencyLock.release();
  }
  const answered = outcome === "done" ? await first : null;
  if (answered) expect([answered.status, answered.replayed]).toEqual([201, null]);

  server = await startInstance(testInfo, "crash server, restarted");
  const retry = await transfer(server, funded, key);
  expect([retry.status, retry.replayed], JSON.stringify(retry.body)).toEqual([201, "true"]);
  expect(retry.body).toMatchObject({ amount: 100, kind: "transfer", balance_after: 100 });
  if (answered) expect(retry.body).toEqual(answered.body);
  await expectOneTransfer(funded);
});
