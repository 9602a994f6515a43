// Mail as a registrant and an operator see it: the server delivers through SMTP (the run's server on
// loopback, e2e/global-setup.ts), the registrant's mailbox gets the receipt and then the approval, whose
// sign-in link opens the console's sign-in page and signs them in; the superadmin's Outbox shows both.
import { expect, test } from "@playwright/test";
import type { ReceivedMail } from "../lib/testing/smtp-server";
import { accessToken, bearer, signIn, submitSignIn } from "./helpers";
import { receivedMails } from "./mail-server";
import { newRegistrant, submitRegistration } from "./registrations";
import { baseURL } from "./support";

/** The registrant's mails, once `count` of them have arrived (the queue delivers within seconds). */
async function mailboxOf(email: string, count: number): Promise<ReceivedMail[]> {
  await expect.poll(async () => (await receivedMails(email)).length, { timeout: 30_000, message: `mails to ${email}` }).toBeGreaterThanOrEqual(count);
  return receivedMails(email);
}

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));
}

test("[MAIL][REGISTRATION]: the registrant receives the receipt, then the approval whose sign-in link signs them in", async ({ page, request }) => {
  const registrant = newRegistrant("mail");
  const id = await submitRegistration(request, registrant);

  const [receipt] = await mailboxOf(registrant.email, 1);
  expect(receipt.subject).toBe(`We received your registration for ${registrant.desired_org_name}`);
  expect(receipt.text).toContain(`Hello ${registrant.contact_name},`);

  const headers = bearer(await accessToken(request));
  expect((await request.post(`/api/tenants/requests/${id}/approve`, { headers, data: {} })).status()).toBe(200);
  expect((await request.post(`/api/tenants/requests/${id}/provision`, { headers })).ok()).toBe(true);

  const mails = await mailboxOf(registrant.email, 2);
  const approval = mails.find((m) => m.subject === `Your registration for ${registrant.desired_org_name} was approved`);
  expect(approval, mails.map((m) => m.subject).join(", ")).toBeDefined();
  const signInUrl = `${baseURL}/login`;
  expect(approval!.text).toContain(`Sign in: ${signInUrl}`);
  expect(hrefs(approval!.html)).toContain(signInUrl);

  // The link, opened as the registrant would: the console's sign-in page, where their password works.
  await page.goto(hrefs(approval!.html).find((h) => h === signInUrl)!);
  await submitSignIn(page, registrant.email, registrant.password);
  await expect(page.getByTestId("current-user")).toHaveText(registrant.email);
});

test("[MAIL][OUTBOX]: the superadmin reads a sent mail in the Outbox, its HTML in a sandboxed frame", async ({ page, request }) => {
  const registrant = newRegistrant("outbox");
  await submitRegistration(request, registrant);
  await mailboxOf(registrant.email, 1);

  await signIn(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Outbox" }).click();
  await page.getByLabel("Recipient").fill(registrant.email);
  await page.getByRole("button", { name: "Filter" }).click();
  const row = page.getByTestId("outbox-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("mail-status")).toHaveText("sent");

  await row.getByRole("link", { name: `We received your registration for ${registrant.desired_org_name}` }).click();
  await expect(page.getByTestId("mail-text")).toContainText(`Hello ${registrant.contact_name},`);
  const frame = page.getByTestId("mail-html");
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(page.frameLocator('[data-testid="mail-html"]').getByText(`Hello ${registrant.contact_name},`)).toBeVisible();
});
