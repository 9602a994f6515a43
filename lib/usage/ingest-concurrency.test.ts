// Usage ingestion racing other ingestion and credit transfers: the interleavings that deadlocked under
// e2e/api-ledger-concurrency.spec.ts while the account lock was FOR UPDATE (see ACCOUNT_LOCK in
// lib/credits/ledger.ts), replayed step by step. Needs several connections: PostgreSQL only (PGlite
// has one connection, so nothing there runs side by side).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rowsOf } from "@/db/client";
import { addCreditsToOrganization, grantCreditsToAgency, lockOrganizationCredits } from "@/lib/credits/ledger";
import { withTransaction } from "@/lib/context";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import {
  contextFor,
  createAgency,
  createAgencyAdmin,
  createOrganizationRow,
  principalOf,
  superadminPrincipal,
  unique,
} from "@/lib/testing/factories";
import { parseInput } from "@/lib/validation";
import { reportUsage } from "./ingest";
import { ReportUsageInput } from "./schemas";
import { blockedOrDone } from "@/lib/testing/locks";

let handle: DatabaseHandle;
let admin: Awaited<ReturnType<typeof principalOf>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  admin = await superadminPrincipal(handle.db);
});
afterAll(async () => handle?.close());

const asAdmin = () => contextFor(handle.db, admin);
const batch = (events: unknown[]) => parseInput(ReportUsageInput, { events });

describe.runIf(usingPostgres())("usage ingestion under concurrency (PostgreSQL)", () => {
  it("does not deadlock when a batch without credits stores a key that a credit batch holding the account lock stores too", async () => {
    const agency = await createAgency(handle.db);
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id, creditLimit: null });
    await addCreditsToOrganization(asAdmin(), { id: org.id, amount: 100, reason: "Test funds" });
    const shared = unique("calls");
    const credit = unique("credits");
    const occurred_at = new Date().toISOString();

    let callsOnly: Promise<Awaited<ReturnType<typeof reportUsage>>> | undefined;
    let stage: string | undefined;
    // One transaction as the services open them (audit rows held back until just before the commit).
    const creditBatch = await withTransaction(asAdmin(), async (ctx) => {
      // A credit batch has taken the organization's account lock (another instance, say)...
      await lockOrganizationCredits(ctx, org.id);
      // ...when a batch of api_calls arrives with a key the credit batch carries as well. It inserts
      // its event and then checks the foreign key to the organization (FOR KEY SHARE): the account
      // lock must not stop it, or the credit batch below waits for its key while it waits for the lock.
      callsOnly = reportUsage(asAdmin(), { ...batch([{ metric: "api_calls", quantity: 3, idempotency_key: shared, occurred_at }]), id: org.id });
      stage = await blockedOrDone(handle.db, callsOnly);
      return reportUsage(ctx, {
        ...batch([
          { metric: "credits", quantity: 10, idempotency_key: credit, occurred_at },
          { metric: "api_calls", quantity: 3, idempotency_key: shared, occurred_at },
        ]),
        id: org.id,
      });
    });
    expect(stage).toBe("done");
    expect(await callsOnly).toMatchObject({ accepted: 1, duplicates: 0, refused: 0 });
    expect(creditBatch).toMatchObject({ accepted: 1, duplicates: 1, refused: 0, credit_balance: 90 });
    const [{ events }] = rowsOf<{ events: number }>(
      await handle.db.execute(sql`select count(*)::int as events from usage_events where organization_id = ${org.id}`),
    );
    expect(events).toBe(2);
  });

  it("does not deadlock when consumption that mails a low balance (a row referencing the agency) meets a transfer holding the agency's lock", async () => {
    const { agency, principal } = await createAgencyAdmin(handle.db);
    const agencyAdmin = contextFor(handle.db, principal);
    const [low, other] = [
      await createOrganizationRow(handle.db, { agencyId: agency.id, creditLimit: null }),
      await createOrganizationRow(handle.db, { agencyId: agency.id, creditLimit: null }),
    ];
    await addCreditsToOrganization(asAdmin(), { id: low.id, amount: 150, reason: "Test funds" });
    await grantCreditsToAgency(asAdmin(), { id: agency.id, amount: 1000, reason: "Pool" });

    let consumption: Promise<Awaited<ReturnType<typeof reportUsage>>> | undefined;
    let stage: string | undefined;
    await withTransaction(agencyAdmin, async (ctx) => {
      // A transfer holds the agency's account lock (here: one to another organization, in a transaction
      // that goes on to transfer to the organization below, as one transfer takes both locks)...
      await addCreditsToOrganization(ctx, { id: other.id, amount: 10, reason: "first" });
      // ...while usage takes the organization's lock and drops below 100 credits: its low-balance mail
      // is queued with the agency's id, whose foreign-key check (FOR KEY SHARE) must not wait for the
      // agency's lock, or the transfer below waits for the organization while usage waits for the agency.
      consumption = reportUsage(asAdmin(), { ...batch([{ metric: "credits", quantity: 60, idempotency_key: unique("low") }]), id: low.id });
      stage = await blockedOrDone(handle.db, consumption);
      await addCreditsToOrganization(ctx, { id: low.id, amount: 10, reason: "second" });
    });
    expect(stage).toBe("done");
    expect(await consumption).toMatchObject({ accepted: 1, credit_balance: 90 });
    const [{ mails }] = rowsOf<{ mails: number }>(
      await handle.db.execute(sql`select count(*)::int as mails from mail_outbox where kind = 'low_balance' and agency_id = ${agency.id}`),
    );
    expect(mails).toBeGreaterThan(0);
  });

  it("keeps 60 racing batches of mixed and repeated keys exact: no error, each key once, the ledger one to one", async () => {
    const agency = await createAgency(handle.db);
    const org = await createOrganizationRow(handle.db, { agencyId: agency.id, creditLimit: null });
    await addCreditsToOrganization(asAdmin(), { id: org.id, amount: 10_000, reason: "Test funds" });
    const tag = unique("race");
    const occurred_at = new Date().toISOString();
    const calls = (i: number) => ({ metric: "api_calls", quantity: 1 + (i % 7), idempotency_key: `${tag}-a${i}`, occurred_at });
    const credits = (i: number) => ({ metric: "credits", quantity: 1 + (i % 5), idempotency_key: `${tag}-c${i}`, occurred_at });
    const batches = Array.from({ length: 60 }, (_, i) =>
      i % 2 === 0 ? [credits((i / 2) % 10), calls(i % 8), calls((i + 3) % 8)] : [calls(i % 8), calls((i + 5) % 8)],
    );
    const results = await Promise.allSettled(batches.map((events) => reportUsage(asAdmin(), { ...batch(events), id: org.id })));
    expect(results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const [check] = rowsOf<{ events: number; keys: number; consumed: number; entries: number; balance: number; daily: number; summed: number }>(
      await handle.db.execute(sql`
        select (select count(*)::int from usage_events where organization_id = ${org.id}) as events,
               (select count(distinct idempotency_key)::int from usage_events where organization_id = ${org.id}) as keys,
               (select coalesce(sum(quantity), 0)::int from usage_events where organization_id = ${org.id} and metric = 'credits') as consumed,
               (select count(*)::int from credit_ledger_entries where organization_id = ${org.id} and kind = 'consumption') as entries,
               (select credit_balance::int from organizations where id = ${org.id}) as balance,
               (select coalesce(sum(total), 0)::int from usage_daily where organization_id = ${org.id}) as daily,
               (select coalesce(sum(quantity), 0)::int from usage_events where organization_id = ${org.id}) as summed`),
    );
    // 10 credit keys and 8 api_calls keys, each stored once.
    expect(check).toMatchObject({ events: 18, keys: 18, entries: 10, balance: 10_000 - check.consumed, daily: check.summed });
  });
});
