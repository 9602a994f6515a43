// The e2e run's SMTP server on loopback: the server under test delivers every mail to it (SMTP_URL in
// playwright.config.ts), e2e/global-setup.ts runs it for the whole run and writes each mail as an .eml
// file into the run's data directory, and specs read them from there. No Playwright test APIs here.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { type ReceivedMail, toReceivedMail } from "../lib/testing/smtp-server";
import { freePort } from "./support";

// Chosen once by the runner, like E2E_PORT: its workers and the server inherit it.
process.env.E2E_SMTP_PORT ||= String(freePort());
export const E2E_SMTP_PORT = Number(process.env.E2E_SMTP_PORT);
export const E2E_SMTP_URL = `smtp://127.0.0.1:${E2E_SMTP_PORT}`;

/** Where the run's SMTP server writes what it receives (inside the run's temporary data directory). */
export function e2eMailDir(): string {
  const dir = process.env.E2E_DATA_DIR;
  if (!dir) throw new Error("E2E_DATA_DIR is not set: run the specs through playwright.config.ts");
  return path.join(dir, "mail");
}

/** Every mail received so far for an address, oldest first. */
export async function receivedMails(to: string): Promise<ReceivedMail[]> {
  const dir = e2eMailDir();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .sort();
  const mails = await Promise.all(files.map(async (f) => toReceivedMail(await simpleParser(readFileSync(path.join(dir, f))))));
  return mails.filter((m) => m.to.includes(to.toLowerCase()));
}
