// The five mails as their recipients read them: written by the services in their transactions, in the
// responsible agency's branding, with working links, every typed-in value escaped in the HTML; and
// delivered through an SMTP server on loopback, where the approval's sign-in link is read back.
import { and, asc, eq } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { agencies, type MailOutboxRow, mailOutbox, platformSettings } from "@/db/schema";
import { inviteAgencyOwner } from "@/lib/agencies/agencies";
import { type UserPrincipal, anonymous } from "@/lib/auth/principal";
import { resetConfigForTests } from "@/lib/config";
import { withTransaction } from "@/lib/context";
import { addCreditsToOrganization } from "@/lib/credits/ledger";
import { createJobQueue } from "@/lib/jobs/queue";
import { approveRegistration, provisionRegistration, rejectRegistration } from "@/lib/registrations/review-registration";
import { RegisterInput } from "@/lib/registrations/schemas";
import { submitRegistration } from "@/lib/registrations/submit-registration";
import { createTestDatabase } from "@/lib/testing/database";
import {
  addAgencyMember,
  addOrganizationMember,
  contextFor,
  createAgency,
  createOrganizationRow,
  createUser,
  superadminPrincipal,
  unique,
} from "@/lib/testing/factories";
import { type TestSmtpServer, startSmtpServer } from "@/lib/testing/smtp-server";
import { reportUsage } from "@/lib/usage/ingest";
import { ReportUsageInput } from "@/lib/usage/schemas";
import { setPasswordWithLink } from "@/lib/users/users";
import { parseInput } from "@/lib/validation";
import { startMailWorker } from "./delivery";
import { type MailTransport, smtpTransport } from "./transport";

const APP_URL = "https://console.example.test";
const HOSTILE = `<script>alert("x")</script> & 'quotes'`;
const ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;";
const AGENCY_BRANDING = {
  app_name: `Acme <b>Cloud</b>`,
  primary_color: "#ff3366",
  logo_url: "https://cdn.example.test/acme-logo.png",
  footer_text: "Acme Ltd, 1 Harbour Road",
  support_email: "help@acme.example.test",
  hide_powered_by: true,
};

let handle: DatabaseHandle;
let admin: UserPrincipal;
let savedAppUrl: string | undefined;

beforeAll(async () => {
  savedAppUrl = process.env.APP_URL;
  process.env.APP_URL = APP_URL;
  resetConfigForTests();
  handle = await createTestDatabase();
  admin = await superadminPrincipal(handle.db);
  await handle.db
    .update(platformSettings)
    .set({ defaultBranding: { app_name: "Platform & Partners", support_email: "support@platform.example.test" } })
    .where(eq(platformSettings.id, 1));
});
afterAll(async () => {
  await handle?.close();
  if (savedAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = savedAppUrl;
  resetConfigForTests();
});

const asAdmin = () => contextFor(handle.db, admin);
let lastIp = 0;
const anonymousVisitor = () => contextFor(handle.db, anonymous, { ip: `10.77.0.${++lastIp}` });

function registrationForm(overrides: Record<string, unknown> = {}) {
  const slug = unique("mail");
  return parseInput(RegisterInput, {
    email: `${slug}@example.test`,
    password: "s3cret-passw0rd!",
    company_name: "Acme Corp",
    contact_name: "Jane Doe",
    desired_org_name: "Acme Corp",
    desired_org_slug: slug,
    ...overrides,
  });
}

async function mailsTo(email: string): Promise<MailOutboxRow[]> {
  return handle.db.select().from(mailOutbox).where(eq(mailOutbox.toEmail, email.toLowerCase())).orderBy(asc(mailOutbox.id));
}

/** The href of every link in an HTML body. */
function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
}

function expectNoMarkupFrom(html: string, value: string) {
  expect(html).not.toContain(value);
  expect(html).not.toMatch(/<script|<b>Cloud/);
}

describe("registration mails", () => {
  it("tells the registrant that the registration was received, in the platform's branding, escaped", async () => {
    const request = await submitRegistration(anonymousVisitor(), registrationForm({ contact_name: HOSTILE, desired_org_name: "Acme & Sons <Ltd>" }));
    const [mail] = await mailsTo(request.email);
    expect(mail).toMatchObject({
      kind: "registration_received",
      status: "queued",
      agencyId: null,
      fromName: "Platform & Partners",
      replyTo: "support@platform.example.test",
    });
    expect(mail.subject).toBe("We received your registration for Acme & Sons <Ltd>");
    expect(mail.textBody).toContain(`Hello ${HOSTILE},`);
    expect(mail.textBody).toContain("waiting for review");
    expect(mail.htmlBody).toContain(`Hello ${ESCAPED},`);
    expect(mail.htmlBody).toContain("Acme &amp; Sons &lt;Ltd&gt;");
    expect(mail.htmlBody).toContain("Platform &amp; Partners");
    expectNoMarkupFrom(mail.htmlBody, HOSTILE);
  });

  it("sends the approval with the sign-in link once the organization is provisioned", async () => {
    const request = await submitRegistration(anonymousVisitor(), registrationForm({ contact_name: "Ann Approved" }));
    await approveRegistration(asAdmin(), { id: request.id, org_name: `Ann's <Org>` });
    // Approved but not provisioned: the registrant cannot sign in yet, so no approval mail yet.
    expect((await mailsTo(request.email)).map((m) => m.kind)).toEqual(["registration_received"]);

    await provisionRegistration(asAdmin(), { id: request.id });
    await provisionRegistration(asAdmin(), { id: request.id }); // idempotent: no second mail
    const mails = await mailsTo(request.email);
    expect(mails.map((m) => m.kind)).toEqual(["registration_received", "registration_approved"]);
    const approval = mails[1];
    expect(approval.subject).toBe("Your registration for Ann's <Org> was approved");
    expect(approval.textBody).toContain(`Sign in: ${APP_URL}/login`);
    expect(approval.textBody).toContain(`Sign in with ${request.email}`);
    expect(hrefs(approval.htmlBody)).toEqual([`${APP_URL}/login`, `${APP_URL}/login`, "mailto:support@platform.example.test"]);
    expect(approval.htmlBody).toContain("Ann&#39;s &lt;Org&gt;");
  });

  it("sends the rejection with its reason, escaped, and nothing for a repeated rejection", async () => {
    const request = await submitRegistration(anonymousVisitor(), registrationForm());
    const reason = `Not a real company <img src=x onerror=alert(1)>`;
    await rejectRegistration(asAdmin(), { id: request.id, reason });
    await rejectRegistration(asAdmin(), { id: request.id, reason });
    const mails = await mailsTo(request.email);
    expect(mails.map((m) => m.kind)).toEqual(["registration_received", "registration_rejected"]);
    const rejection = mails[1];
    expect(rejection.textBody).toContain(`Reason: ${reason}`);
    expect(rejection.htmlBody).toContain("Reason: Not a real company &lt;img src=x onerror=alert(1)&gt;");
    expect(rejection.htmlBody).not.toContain("<img src=x");
    expect(rejection.textBody).toContain("write to support@platform.example.test");
  });

  it("writes no mail for a registration whose transaction rolls back", async () => {
    const form = registrationForm();
    const visitor = anonymousVisitor();
    await expect(
      withTransaction(visitor, async (tx) => {
        await submitRegistration(tx, form);
        // Read through the transaction: PGlite's one connection is the transaction's until it ends.
        expect(await tx.db.select().from(mailOutbox).where(eq(mailOutbox.toEmail, form.email))).toHaveLength(1);
        throw new Error("a later step of the same transaction fails");
      }),
    ).rejects.toThrow("a later step");
    expect(await mailsTo(form.email)).toEqual([]);
  });
});

describe("agency owner invitation", () => {
  it("carries the agency's branding and a one-time set-password link that works", async () => {
    const agency = await createAgency(handle.db, { name: `Acme <Agency>`, branding: AGENCY_BRANDING });
    const email = `${unique("owner")}@example.test`;
    await inviteAgencyOwner(asAdmin(), { id: agency.id, email, name: HOSTILE });
    const [mail] = await mailsTo(email);
    expect(mail).toMatchObject({
      kind: "agency_owner_invited",
      agencyId: agency.id,
      fromName: AGENCY_BRANDING.app_name,
      replyTo: AGENCY_BRANDING.support_email,
    });
    expect(mail.subject).toBe("You are invited to manage Acme <Agency>");

    const html = mail.htmlBody;
    expect(html).toContain("Acme &lt;b&gt;Cloud&lt;/b&gt;");
    expect(html).toContain("background:#ff3366");
    expect(html).toContain(`<img src="${AGENCY_BRANDING.logo_url}"`);
    expect(html).toContain(AGENCY_BRANDING.footer_text);
    expect(html).toContain(`mailto:${AGENCY_BRANDING.support_email}`);
    expect(html).not.toContain("Powered by");
    expect(html).toContain(`Hello ${ESCAPED},`);
    expectNoMarkupFrom(html, HOSTILE);

    const link = mail.textBody.match(/Set your password: (\S+)/)?.[1];
    expect(link).toMatch(new RegExp(`^${APP_URL}/set-password\\?token=`));
    expect(hrefs(html)).toContain(link);
    expect(mail.textBody).toContain("expires in 72 hours");
    const token = new URL(link!).searchParams.get("token")!;
    expect(await setPasswordWithLink(contextFor(handle.db, anonymous), { token, password: "owners-new-password" })).toEqual({ email });
  });

  it("sends a sign-in link instead when the superadmin set the password", async () => {
    const agency = await createAgency(handle.db);
    const email = `${unique("owner")}@example.test`;
    await inviteAgencyOwner(asAdmin(), { id: agency.id, email, name: "Pat", password: "pats-password-1" });
    const [mail] = await mailsTo(email);
    expect(mail.textBody).toContain(`Sign in: ${APP_URL}/login`);
    expect(mail.textBody).not.toContain("set-password");
    // No branding of its own: the platform's, with its Powered by line.
    expect(mail.fromName).toBe("Platform & Partners");
    expect(mail.htmlBody).toContain("Powered by");
  });
});

describe("low balance", () => {
  it("mails the organization's owners and the agency's owners once, in the agency's branding", async () => {
    const agency = await createAgency(handle.db, { branding: AGENCY_BRANDING });
    const agencyOwner = await createUser(handle.db);
    await addAgencyMember(handle.db, agency.id, agencyOwner.id);
    const org = await createOrganizationRow(handle.db, { name: "Low & Co", agencyId: agency.id, creditLimit: 1000 });
    const owner = await createUser(handle.db);
    const member = await createUser(handle.db);
    await addOrganizationMember(handle.db, org.id, owner.id, "owner");
    await addOrganizationMember(handle.db, org.id, member.id, "member");
    await addCreditsToOrganization(asAdmin(), { id: org.id, amount: 150, reason: "Test funds" });

    const report = (quantity: number) =>
      reportUsage(asAdmin(), { ...parseInput(ReportUsageInput, { metric: "credits", quantity, idempotency_key: unique("evt") }), id: org.id });
    await report(60); // 90 left: below the threshold of 100 (10% of the credit limit)
    await report(10); // still low: no second mail this month

    const lowMails = await handle.db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.kind, "low_balance"), eq(mailOutbox.agencyId, agency.id)));
    expect(lowMails.map((m) => m.toEmail).sort()).toEqual([owner.email, agencyOwner.email].sort());
    const [mail] = lowMails;
    expect(mail.subject).toBe("Low & Co: credit balance is low");
    expect(mail.textBody).toContain("Low & Co has 90 credits left, below its alert level of 100.");
    expect(mail.textBody).toContain(`${APP_URL}/organizations/${org.id}/usage`);
    expect(mail.htmlBody).toContain("Low &amp; Co has 90 credits left");
    expect(mail.htmlBody).toContain("background:#ff3366");
  });
});

describe("delivery through SMTP on loopback", () => {
  let smtp: TestSmtpServer;
  let worker: { boss: PgBoss; transport: MailTransport } | undefined;

  /** Starts the mail worker on the test's database, delivering to the loopback SMTP server; stopped after the test. */
  async function startDelivering(): Promise<void> {
    const boss = createJobQueue(handle.db);
    const transport = smtpTransport(smtp.url);
    worker = { boss, transport };
    await boss.start();
    await startMailWorker(boss, handle.db, { transport, pollingIntervalSeconds: 0.5 });
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterEach(async () => {
    await worker?.boss.stop({ graceful: true, wait: true, timeout: 2_000 });
    worker?.transport.close();
    worker = undefined;
  });
  afterAll(async () => smtp?.close());

  it("delivers the registrant's mails; the approval's sign-in link leads to the console's sign-in page", async () => {
    const request = await submitRegistration(anonymousVisitor(), registrationForm({ contact_name: "Sam Smtp" }));
    await approveRegistration(asAdmin(), { id: request.id });
    await provisionRegistration(asAdmin(), { id: request.id });

    await startDelivering();
    const received = await smtp.waitForMails(request.email, 2);
    const approval = received.find((m) => m.subject.includes("was approved"))!;
    expect(received.map((m) => m.subject).sort()).toEqual([
      `We received your registration for Acme Corp`,
      `Your registration for Acme Corp was approved`,
    ]);
    expect(approval.from).toContain("Platform & Partners");
    expect(approval.replyTo).toBe("support@platform.example.test");
    expect(approval.text).toContain(`Sign in: ${APP_URL}/login`);
    expect(hrefs(approval.html)).toContain(`${APP_URL}/login`);

    await vi.waitFor(async () => expect((await mailsTo(request.email)).map((m) => m.status)).toEqual(["sent", "sent"]), {
      timeout: 10_000,
      interval: 100,
    });
  });

  it("carries the agency's app name as the sender and its support address as Reply-To", async () => {
    const [agency] = await handle.db
      .insert(agencies)
      .values({ name: unique("Agency"), branding: AGENCY_BRANDING })
      .returning();
    const email = `${unique("owner")}@example.test`;
    await inviteAgencyOwner(asAdmin(), { id: agency.id, email, name: "Olive" });

    await startDelivering();
    const [mail] = await smtp.waitForMails(email);
    expect(mail.from).toContain(AGENCY_BRANDING.app_name);
    expect(mail.replyTo).toBe(AGENCY_BRANDING.support_email);
    const link = hrefs(mail.html).find((h) => h.includes("/set-password?token="));
    expect(link).toBeDefined();
    expect(mail.text).toContain(link);

    // Delivered, the outbox keeps the mail but not the link's token.
    const token = new URL(link!).searchParams.get("token")!;
    await vi.waitFor(async () => expect((await mailsTo(email)).map((m) => m.status)).toEqual(["sent"]), { timeout: 10_000, interval: 100 });
    const [kept] = await mailsTo(email);
    expect(kept.textBody).not.toContain(token);
    expect(kept.htmlBody).not.toContain(token);
    expect(kept.textBody).toContain("/set-password?token=removed-after-delivery");
  });
});
