// The mail outbox: mails are written here in the transaction of the change they tell of, together with
// their delivery job, and a superadmin reads them in the console (/outbox).
import { type SQL, and, count, desc, eq, getTableColumns, sql } from "drizzle-orm";
import { z } from "zod";
import { type MailKind, type MailOutboxRow, mailOutbox, mailStatuses } from "@/db/schema";
import { type ServiceContext, requireSuperadmin, withTransaction } from "@/lib/context";
import { NotFoundError } from "@/lib/errors";
import { QUEUES, enqueueJob } from "@/lib/jobs/queue";
import { PageQuery, type Page } from "@/lib/pagination";
import type { MailContent } from "./layout";

export interface OutgoingMail {
  kind: MailKind;
  to: string;
  /** The agency whose branding the mail wears (null: the platform's). */
  agencyId: number | null;
  fromName: string;
  replyTo: string | null;
  content: MailContent;
}

/** What the delivery job carries: only the outbox row's id, so the mail is read once, from one place. */
export interface MailJob {
  outbox_id: number;
}

/**
 * Stores a mail and takes its delivery job in the caller's transaction (or in one of its own): a change
 * that rolls back sends nothing, one that commits loses no mail.
 */
export async function enqueueMail(ctx: ServiceContext, mail: OutgoingMail): Promise<number> {
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .insert(mailOutbox)
      .values({
        kind: mail.kind,
        toEmail: mail.to,
        fromName: mail.fromName,
        replyTo: mail.replyTo,
        subject: mail.content.subject,
        textBody: mail.content.text,
        htmlBody: mail.content.html,
        agencyId: mail.agencyId,
      })
      .returning({ id: mailOutbox.id });
    await enqueueJob(tx.db, QUEUES.mailDelivery, { outbox_id: row.id } satisfies MailJob);
    return row.id;
  });
}

export const MailStatus = z.enum(mailStatuses);

export const ListOutboxQuery = PageQuery.extend({
  status: MailStatus.optional(),
  to: z.string().trim().toLowerCase().min(1).max(320).optional(),
});
export type ListOutboxQuery = z.infer<typeof ListOutboxQuery>;

type OutboxSummary = Omit<MailOutboxRow, "textBody" | "htmlBody">;

/** Superadmins only: mails carry set-password links and every tenant's news. Newest first. */
export async function listOutbox(ctx: ServiceContext, query: ListOutboxQuery): Promise<Page<OutboxSummary>> {
  requireSuperadmin(ctx);
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(mailOutbox.status, query.status));
  // Addresses are kept as given (a registrant may type capitals); the filter is lowercased by its schema.
  if (query.to) filters.push(sql`lower(${mailOutbox.toEmail}) = ${query.to}`);
  const where = filters.length ? and(...filters) : undefined;
  // The list leaves the bodies out: a page of fifty HTML mails is not read to show their subjects.
  const { textBody, htmlBody, ...summary } = getTableColumns(mailOutbox);
  void textBody;
  void htmlBody;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select(summary)
      .from(mailOutbox)
      .where(where)
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(query.limit)
      .offset(query.offset),
    ctx.db.select({ total: count() }).from(mailOutbox).where(where),
  ]);
  return { data: rows, total, limit: query.limit, offset: query.offset };
}

export async function getOutboxMail(ctx: ServiceContext, input: { id: number }): Promise<MailOutboxRow> {
  requireSuperadmin(ctx);
  const [row] = await ctx.db.select().from(mailOutbox).where(eq(mailOutbox.id, input.id));
  if (!row) throw new NotFoundError("Mail not found");
  return row;
}
