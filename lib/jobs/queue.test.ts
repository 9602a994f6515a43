// The job queue as the mail relies on it, on this test run's engine (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): a job taken in a rolled-back transaction never runs, a failing delivery is retried
// with exponential backoff and then recorded, and two workers deliver each mail exactly once.
import { count, eq, inArray, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type DatabaseHandle, type Db, openDatabase, rowsOf } from "@/db/client";
import { type MailOutboxRow, mailOutbox } from "@/db/schema";
import { systemContext, withTransaction } from "@/lib/context";
import { startMailWorker } from "@/lib/mail/delivery";
import { enqueueMail } from "@/lib/mail/outbox";
import { type MailTransport, smtpTransport } from "@/lib/mail/transport";
import { createTestDatabase, usingPostgres } from "@/lib/testing/database";
import { outgoingMail } from "@/lib/testing/factories";
import { type TestSmtpServer, startSmtpServer } from "@/lib/testing/smtp-server";
import { QUEUES, createJobQueue } from "./queue";

let handle: DatabaseHandle & { url?: string };
let smtp: TestSmtpServer;
const running: { boss: PgBoss; transport: MailTransport | null }[] = [];
/** The queue's retry settings before a test changed them, restored after it. */
let savedPolicy: RetryPolicy | undefined;

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
});
afterEach(async () => {
  // No test leaves a worker polling: each is stopped before the next test (and before the database closes).
  for (const { boss, transport } of running.splice(0)) {
    await boss.stop({ graceful: true, wait: true, timeout: 2_000 });
    transport?.close();
  }
  const queue = createJobQueue(handle.db);
  // Nor a job that no worker took (the next test's worker would deliver it, and count it as its own),
  await queue.purgeQueue(QUEUES.mailDelivery);
  // nor retry settings of its own: the next test starts from the queue's settings as migrated.
  if (savedPolicy) {
    await queue.updateQueue(QUEUES.mailDelivery, { name: QUEUES.mailDelivery, ...savedPolicy });
    savedPolicy = undefined;
  }
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});

async function startWorker(db: Db, transport: MailTransport | null): Promise<PgBoss> {
  const boss = createJobQueue(db);
  await boss.start();
  running.push({ boss, transport });
  await startMailWorker(boss, db, { transport, pollingIntervalSeconds: 0.5 });
  return boss;
}

interface RetryPolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
}

async function currentRetryPolicy(db: Db): Promise<RetryPolicy> {
  const queue = await createJobQueue(db).getQueue(QUEUES.mailDelivery);
  if (!queue) throw new Error(`the ${QUEUES.mailDelivery} queue is missing`);
  return { retryLimit: queue.retryLimit!, retryDelay: queue.retryDelay!, retryBackoff: queue.retryBackoff! };
}

/** The queue's retry settings for the jobs taken from now on (a job copies them when it is created), until the test ends. */
async function retryPolicy(db: Db, policy: RetryPolicy) {
  savedPolicy ??= await currentRetryPolicy(db);
  await createJobQueue(db).updateQueue(QUEUES.mailDelivery, { name: QUEUES.mailDelivery, ...policy });
}

const testMail = () => outgoingMail({ fromName: "Queue Test" });

async function outboxRow(id: number): Promise<MailOutboxRow | undefined> {
  const [row] = await handle.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row;
}

async function jobsFor(outboxId: number): Promise<{ state: string; retry_count: number }[]> {
  return rowsOf(
    await handle.db.execute(
      sql`select state::text, retry_count from pgboss.job where name = ${QUEUES.mailDelivery} and data->>'outbox_id' = ${String(outboxId)}`,
    ),
  );
}

async function waitForStatus(id: number, status: MailOutboxRow["status"], timeout = 20_000): Promise<MailOutboxRow> {
  return vi.waitFor(
    async () => {
      const row = await outboxRow(id);
      expect(row?.status).toBe(status);
      return row!;
    },
    { timeout, interval: 100 },
  );
}

const ctx = () => systemContext(handle.db);

describe("the mail queue", () => {
  it("takes nothing from a transaction that rolls back, and the job of one that commits", async () => {
    let rolledBack = 0;
    await expect(
      withTransaction(ctx(), async (tx) => {
        rolledBack = await enqueueMail(tx, testMail());
        throw new Error("the change fails after the mail was enqueued");
      }),
    ).rejects.toThrow("the change fails");
    expect(rolledBack).toBeGreaterThan(0);
    expect(await outboxRow(rolledBack)).toBeUndefined();
    expect(await jobsFor(rolledBack)).toEqual([]);

    const committed = await withTransaction(ctx(), (tx) => enqueueMail(tx, testMail()));
    expect((await outboxRow(committed))?.status).toBe("queued");
    expect(await jobsFor(committed)).toEqual([{ state: "created", retry_count: 0 }]);
  });

  it("delivers a mail through SMTP on loopback and records it as sent", async () => {
    await startWorker(handle.db, smtpTransport(smtp.url));
    const mail = testMail();
    const id = await enqueueMail(ctx(), mail);
    const row = await waitForStatus(id, "sent");
    expect(row).toMatchObject({ attempts: 1, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    const [received] = await smtp.waitForMails(mail.to);
    expect(received).toMatchObject({ subject: mail.content.subject, text: `Text of ${mail.content.subject}` });
    expect(received.html).toContain(`<p>HTML of ${mail.content.subject}</p>`);
    expect(received.from).toContain("Queue Test");
  });

  it("retries a refused delivery with exponential backoff, then delivers it", async () => {
    await retryPolicy(handle.db, { retryLimit: 3, retryDelay: 1, retryBackoff: true });
    const attempts: number[] = [];
    const smtpSend = smtpTransport(smtp.url);
    const timed: MailTransport = {
      send: (mail) => (attempts.push(Date.now()), smtpSend.send(mail)),
      close: () => smtpSend.close(),
    };
    await startWorker(handle.db, timed);
    smtp.refuseNext(2);
    const mail = testMail();
    const id = await enqueueMail(ctx(), mail);

    const row = await waitForStatus(id, "sent", 30_000);
    expect(row).toMatchObject({ attempts: 3, lastError: null });
    expect(await smtp.waitForMails(mail.to)).toHaveLength(1);
    expect(await jobsFor(id)).toEqual([{ state: "completed", retry_count: 2 }]);
    // pg-boss waits retryDelay * 2^n / 2 * (1 + random) after the n-th failure: 1-2 s, then 2-4 s.
    const [first, second, third] = attempts;
    expect(second - first).toBeGreaterThanOrEqual(900);
    expect(third - second).toBeGreaterThanOrEqual(1_900);
  });

  it("gives up after the retry limit and keeps the mail as failed with the server's answer", async () => {
    await retryPolicy(handle.db, { retryLimit: 1, retryDelay: 1, retryBackoff: false });
    await startWorker(handle.db, smtpTransport(smtp.url));
    smtp.refuseNext(2);
    const id = await enqueueMail(ctx(), testMail());

    const row = await waitForStatus(id, "failed", 30_000);
    expect(row.attempts).toBe(2);
    expect(row.lastError).toMatch(/451|Try again later/);
    expect(row.sentAt).toBeNull();
    expect(await jobsFor(id)).toEqual([{ state: "failed", retry_count: 1 }]);
  });

  it("keeps the mail in the outbox when no SMTP server is configured", async () => {
    await startWorker(handle.db, null);
    const id = await enqueueMail(ctx(), testMail());
    const row = await waitForStatus(id, "kept");
    expect(row).toMatchObject({ attempts: 0, sentAt: null });
  });

  it("takes each mail's job with the queue's own retry settings: up to 8 retries, from 30 s, backing off", async () => {
    // Whenever it runs, also after the tests that change the settings: each restores them when it ends.
    const id = await enqueueMail(ctx(), testMail());
    const jobs = rowsOf(
      await handle.db.execute(
        sql`select retry_limit, retry_delay, retry_backoff from pgboss.job where name = ${QUEUES.mailDelivery} and data->>'outbox_id' = ${String(id)}`,
      ),
    );
    expect(jobs).toEqual([{ retry_limit: 8, retry_delay: 30, retry_backoff: true }]);
  });

  it(`has two workers${usingPostgres() ? " on two connection pools" : " on the one PGlite instance"} deliver each mail exactly once`, async () => {
    // On PostgreSQL the second worker has its own pool, as a second instance of the app would.
    const second = usingPostgres() ? await openDatabase({ url: handle.url!, maxConnections: 3 }) : null;
    try {
      const deliveredBy: Record<string, string[]> = { a: [], b: [] };
      const worker = (name: "a" | "b"): MailTransport => {
        const smtpSend = smtpTransport(smtp.url);
        return {
          // A little latency, as a real SMTP server has, so that both workers get their share.
          send: async (mail) => {
            await new Promise((r) => setTimeout(r, 50));
            await smtpSend.send(mail);
            deliveredBy[name].push(mail.subject);
          },
          close: () => smtpSend.close(),
        };
      };
      await startWorker(handle.db, worker("a"));
      await startWorker(second?.db ?? handle.db, worker("b"));

      const mails = Array.from({ length: 12 }, () => testMail());
      const ids = await withTransaction(ctx(), async (tx) => {
        const taken: number[] = [];
        for (const mail of mails) taken.push(await enqueueMail(tx, mail));
        return taken;
      });
      await vi.waitFor(
        async () => {
          const [{ sent }] = await handle.db
            .select({ sent: count() })
            .from(mailOutbox)
            .where(sql`${inArray(mailOutbox.id, ids)} and ${mailOutbox.status} = 'sent'`);
          expect(sent).toBe(ids.length);
        },
        { timeout: 30_000, interval: 100 },
      );

      const subjects = mails.map((m) => m.content.subject).sort();
      expect([...deliveredBy.a, ...deliveredBy.b].sort()).toEqual(subjects);
      expect(deliveredBy.a.length).toBeGreaterThan(0);
      expect(deliveredBy.b.length).toBeGreaterThan(0);
      for (const mail of mails) expect(await smtp.waitForMails(mail.to)).toHaveLength(1);
      const rows = await handle.db.select({ attempts: mailOutbox.attempts }).from(mailOutbox).where(inArray(mailOutbox.id, ids));
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
    } finally {
      // The workers go first (afterEach would be too late for the second pool).
      for (const { boss, transport } of running.splice(0)) {
        await boss.stop({ graceful: true, wait: true, timeout: 2_000 });
        transport?.close();
      }
      await second?.close();
    }
  });
});
