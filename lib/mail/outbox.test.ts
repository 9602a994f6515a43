// The superadmin's Outbox (/outbox): only a superadmin reads it; it lists every mail newest first, by
// status and by recipient, a page at a time with the total; and it opens one mail as it was written.
// The mails are written by enqueueMail and brought to each status by deliverMail, as the worker does,
// against an SMTP server on loopback.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { type MailStatus, mailOutbox, mailStatuses } from "@/db/schema";
import { type UserPrincipal, anonymous } from "@/lib/auth/principal";
import { type ServiceContext, systemContext, withTransaction } from "@/lib/context";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { createTestDatabase } from "@/lib/testing/database";
import {
  addOrganizationMember,
  agencyAdminContext,
  contextFor,
  createAgency,
  createOrganizationRow,
  createUser,
  outgoingMail,
  principalOf,
  superadminPrincipal,
  unique,
} from "@/lib/testing/factories";
import { type TestSmtpServer, startSmtpServer } from "@/lib/testing/smtp-server";
import { deliverMail } from "./delivery";
import { ListOutboxQuery, type OutgoingMail, enqueueMail, getOutboxMail, listOutbox } from "./outbox";
import { smtpTransport } from "./transport";

let handle: DatabaseHandle;
let smtp: TestSmtpServer;
let superadmin: UserPrincipal;
let agencyId: number;
const callers = {} as Record<"an agency admin" | "an organization owner" | "a plain user", UserPrincipal>;

/** Every mail of this file, in the order written; the tests only read. */
const written: { id: number; mail: OutgoingMail; status: MailStatus }[] = [];
const alice = `${unique("alice")}@example.test`;
// Stored as a registrant typed it, capitals and all: the filter matches it whatever the case.
const bob = `${unique("Bob")}@Example.test`;

const outgoing = (to: string, overrides: Partial<OutgoingMail> = {}) => outgoingMail({ to, replyTo: "support@platform.example.test", ...overrides });

/** Writes a mail and, like the worker, attempts its delivery until it has the status asked for. */
async function write(mail: OutgoingMail, status: MailStatus): Promise<number> {
  const id = await enqueueMail(systemContext(handle.db), mail);
  const transport = smtpTransport(smtp.url);
  try {
    if (status === "kept") await deliverMail(handle.db, null, id, { retryCount: 0, retryLimit: 2 });
    if (status === "sent") await deliverMail(handle.db, transport, id, { retryCount: 0, retryLimit: 2 });
    if (status === "retrying" || status === "failed") {
      smtp.refuseNext(1);
      const retryCount = status === "failed" ? 2 : 0;
      await expect(deliverMail(handle.db, transport, id, { retryCount, retryLimit: 2 })).rejects.toThrow(/451|Try again later/);
    }
  } finally {
    transport.close();
  }
  written.push({ id, mail, status });
  return id;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  superadmin = await superadminPrincipal(handle.db);

  const agency = await createAgency(handle.db);
  agencyId = agency.id;
  const org = await createOrganizationRow(handle.db, { agencyId: agency.id });
  const orgOwner = await createUser(handle.db);
  await addOrganizationMember(handle.db, org.id, orgOwner.id, "owner");
  callers["an agency admin"] = (await agencyAdminContext(handle.db, agency.id)).principal as UserPrincipal;
  callers["an organization owner"] = await principalOf(handle.db, orgOwner);
  callers["a plain user"] = await principalOf(handle.db, await createUser(handle.db));

  await write(outgoing(alice), "queued");
  await write(outgoing(bob), "kept");
  await write(outgoing(alice), "sent");
  await write(outgoing(bob), "retrying");
  await write(outgoing(alice), "failed");
  await write(outgoing(bob, { kind: "agency_owner_invited", agencyId, fromName: "Acme Cloud", replyTo: "help@acme.example.test" }), "queued");
  // Written last but stamped first, as a mail of a transaction that began before the others and
  // committed after them is (created_at is the transaction's start): the list goes by time, not id.
  const late = await write(outgoing(alice), "queued");
  const [first] = await handle.db.select({ createdAt: mailOutbox.createdAt }).from(mailOutbox).where(eq(mailOutbox.id, written[0].id));
  await handle.db
    .update(mailOutbox)
    .set({ createdAt: new Date(first.createdAt.getTime() - 60_000) })
    .where(eq(mailOutbox.id, late));
});
afterAll(async () => {
  await smtp?.close();
  await handle?.close();
});

const asSuperadmin = () => contextFor(handle.db, superadmin);
const query = (input: Record<string, unknown> = {}) => ListOutboxQuery.parse(input);

/** The ids written, newest first: reverse order of writing, except the backdated last one, which is oldest. */
function newestFirst(filter: (w: (typeof written)[number]) => boolean = () => true): number[] {
  const [late, ...rest] = [...written].reverse();
  return [...rest, late].filter(filter).map((w) => w.id);
}

async function listedIds(ctx: ServiceContext, input: Record<string, unknown> = {}) {
  const page = await listOutbox(ctx, query(input));
  return { ids: page.data.map((m) => m.id), total: page.total };
}

describe("who may read the outbox", () => {
  it("lets a superadmin list the mails and open one", async () => {
    const page = await listOutbox(asSuperadmin(), query());
    expect(page.total).toBe(written.length);
    const mail = await getOutboxMail(asSuperadmin(), { id: written[0].id });
    expect(mail.toEmail).toBe(alice);
  });

  it.each(["an agency admin", "an organization owner", "a plain user"] as const)("refuses %s, for the list and for a mail", async (who) => {
    const ctx = contextFor(handle.db, callers[who]);
    await expect(listOutbox(ctx, query())).rejects.toThrow(ForbiddenError);
    await expect(getOutboxMail(ctx, { id: written[0].id })).rejects.toThrow(ForbiddenError);
  });

  it("asks an anonymous caller to sign in", async () => {
    const ctx = contextFor(handle.db, anonymous);
    await expect(listOutbox(ctx, query())).rejects.toThrow(UnauthorizedError);
    await expect(getOutboxMail(ctx, { id: written[0].id })).rejects.toThrow(UnauthorizedError);
  });
});

describe("the list", () => {
  it("shows every mail, newest first, without the bodies", async () => {
    const page = await listOutbox(asSuperadmin(), query());
    expect(page).toMatchObject({ total: written.length, limit: 50, offset: 0 });
    expect(page.data.map((m) => m.id)).toEqual(newestFirst());
    for (const row of page.data) {
      expect(row).not.toHaveProperty("textBody");
      expect(row).not.toHaveProperty("htmlBody");
    }
    const sent = page.data.find((m) => m.status === "sent")!;
    expect(sent).toMatchObject({ toEmail: alice, attempts: 1, lastError: null });
    expect(sent.sentAt).toBeInstanceOf(Date);
  });

  it.each(mailStatuses)("filters by status %s", async (status) => {
    const { ids, total } = await listedIds(asSuperadmin(), { status });
    const expected = newestFirst((w) => w.status === status);
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it("keeps the error of a failed delivery", async () => {
    const [failed] = (await listOutbox(asSuperadmin(), query({ status: "failed" }))).data;
    expect(failed).toMatchObject({ toEmail: alice, attempts: 1, sentAt: null });
    expect(failed.lastError).toMatch(/451|Try again later/);
  });

  it("filters by recipient, whatever the case and spaces the address was typed with", async () => {
    expect(await listedIds(asSuperadmin(), { to: alice })).toEqual({ ids: newestFirst((w) => w.mail.to === alice), total: 4 });
    expect(await listedIds(asSuperadmin(), { to: `  ${bob.toUpperCase()} ` })).toEqual({ ids: newestFirst((w) => w.mail.to === bob), total: 3 });
    expect(await listedIds(asSuperadmin(), { to: `${unique("nobody")}@example.test` })).toEqual({ ids: [], total: 0 });
  });

  it("combines the recipient and status filters", async () => {
    expect(await listedIds(asSuperadmin(), { to: alice, status: "queued" })).toEqual({
      ids: newestFirst((w) => w.mail.to === alice && w.status === "queued"),
      total: 2,
    });
    expect(await listedIds(asSuperadmin(), { to: bob, status: "sent" })).toEqual({ ids: [], total: 0 });
  });

  it("refuses a status the outbox does not know", () => {
    expect(ListOutboxQuery.safeParse({ status: "delivered" }).success).toBe(false);
  });

  it("pages through the mails: the pages together are the whole list, each with the total", async () => {
    const pages = [];
    for (let offset = 0; offset < written.length; offset += 3) {
      const page = await listOutbox(asSuperadmin(), query({ limit: 3, offset }));
      expect(page).toMatchObject({ total: written.length, limit: 3, offset });
      pages.push(page.data.map((m) => m.id));
    }
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(newestFirst());

    const beyond = await listOutbox(asSuperadmin(), query({ limit: 3, offset: written.length }));
    expect(beyond).toMatchObject({ data: [], total: written.length });
  });

  it("pages within a filter, with the filtered total", async () => {
    const first = await listOutbox(asSuperadmin(), query({ to: alice, limit: 2 }));
    const second = await listOutbox(asSuperadmin(), query({ to: alice, limit: 2, offset: 2 }));
    expect([first.total, second.total]).toEqual([4, 4]);
    expect([...first.data, ...second.data].map((m) => m.id)).toEqual(newestFirst((w) => w.mail.to === alice));
  });
});

describe("one mail", () => {
  it("is the mail as it was enqueued, bodies included", async () => {
    const { id, mail } = written.find((w) => w.mail.kind === "agency_owner_invited")!;
    const row = await getOutboxMail(asSuperadmin(), { id });
    expect(row).toMatchObject({
      id,
      kind: "agency_owner_invited",
      toEmail: bob,
      agencyId,
      fromName: "Acme Cloud",
      replyTo: "help@acme.example.test",
      subject: mail.content.subject,
      textBody: mail.content.text,
      htmlBody: mail.content.html,
      status: "queued",
      attempts: 0,
      lastError: null,
      sentAt: null,
    });
    expect(row.createdAt).toBeInstanceOf(Date);
  });

  it("shows a delivered mail as sent", async () => {
    const { id, mail } = written.find((w) => w.status === "sent")!;
    const row = await getOutboxMail(asSuperadmin(), { id });
    expect(row).toMatchObject({ status: "sent", attempts: 1, subject: mail.content.subject, textBody: mail.content.text });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it("is not found when its transaction rolled back", async () => {
    let id = 0;
    await expect(
      withTransaction(systemContext(handle.db), async (tx) => {
        id = await enqueueMail(tx, outgoing(alice));
        throw new Error("the change fails after the mail was enqueued");
      }),
    ).rejects.toThrow("the change fails");
    expect(id).toBeGreaterThan(0);
    await expect(getOutboxMail(asSuperadmin(), { id })).rejects.toThrow(NotFoundError);
  });
});
