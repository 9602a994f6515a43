// The mail worker: takes mail-delivery jobs, sends the outbox row through SMTP and records the outcome.
// A failed send throws, so pg-boss retries the job with exponential backoff (the queue's settings, in
// db/migrations/0017_pgboss_job_queue.sql); the last failure leaves the mail `failed` with its error.
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { eq, sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import { mailFrom } from "@/lib/config";
import { QUEUES } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import type { MailJob } from "./outbox";
import type { MailTransport } from "./transport";

const DEFAULT_SENDER_NAME = "Control Plane";

interface DeliveryAttempt {
  /** Retries already made before this attempt (pg-boss's retryCount). */
  retryCount: number;
  retryLimit: number;
}

/**
 * Delivers one outbox mail. No database transaction is held while SMTP talks (PGlite has one connection
 * that every request shares). Delivery is at least once: a crash between the SMTP server's acceptance
 * and the status update sends the mail again on the retry.
 */
export async function deliverMail(db: Db, transport: MailTransport | null, outboxId: number, attempt: DeliveryAttempt): Promise<void> {
  const [mail] = await db.select().from(mailOutbox).where(eq(mailOutbox.id, outboxId));
  if (!mail || mail.status === "sent" || mail.status === "kept") return;
  if (!transport) {
    await db.update(mailOutbox).set({ status: "kept" }).where(eq(mailOutbox.id, mail.id));
    return;
  }
  try {
    await transport.send({
      from: { name: mail.fromName ?? DEFAULT_SENDER_NAME, address: mailFrom() },
      to: mail.toEmail,
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.textBody,
      html: mail.htmlBody,
    });
  } catch (error) {
    const lastAttempt = attempt.retryCount >= attempt.retryLimit;
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(mailOutbox)
      .set({
        status: lastAttempt ? "failed" : "retrying",
        attempts: sql`${mailOutbox.attempts} + 1`,
        lastError: message.slice(0, 2000),
        lastAttemptAt: new Date(),
      })
      .where(eq(mailOutbox.id, mail.id));
    log.warn(lastAttempt ? "mail delivery failed for good" : "mail delivery failed, will retry", {
      outbox_id: mail.id,
      attempt: attempt.retryCount + 1,
      error: message,
    });
    throw error;
  }
  const now = new Date();
  await db
    .update(mailOutbox)
    .set({
      status: "sent",
      attempts: sql`${mailOutbox.attempts} + 1`,
      lastError: null,
      lastAttemptAt: now,
      sentAt: now,
      textBody: withoutLinkTokens(mailOutbox.textBody),
      htmlBody: withoutLinkTokens(mailOutbox.htmlBody),
    })
    .where(eq(mailOutbox.id, mail.id));
}

interface MailWorkerOptions {
  transport: MailTransport | null;
  /** How often an idle worker looks for mail; pg-boss's floor is 0.5 s. */
  pollingIntervalSeconds?: number;
}

/** Registers the mail worker on a started pg-boss; returns its worker id. */
export async function startMailWorker(boss: PgBoss, db: Db, options: MailWorkerOptions): Promise<string> {
  return boss.work<MailJob>(
    QUEUES.mailDelivery,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      await deliverMail(db, options.transport, job.data.outbox_id, { retryCount: job.retryCount, retryLimit: job.retryLimit });
    },
  );
}

/**
 * A one-time link's token (set-password links: `?token=...`) is kept hashed in the users table; once the
 * mail carrying it is delivered, the outbox's copy of the bodies drops it, so the outbox does not keep a
 * usable link for anyone who can read it.
 */
function withoutLinkTokens(body: AnyPgColumn) {
  return sql`regexp_replace(${body}, 'token=[A-Za-z0-9_-]+', 'token=removed-after-delivery', 'g')`;
}
