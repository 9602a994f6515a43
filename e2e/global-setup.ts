// Runs once before the specs: the SMTP server that receives the server's mails (see e2e/mail-server.ts).
// The function it returns is the global teardown.
import { startSmtpServer } from "../lib/testing/smtp-server";
import { E2E_SMTP_PORT, e2eMailDir } from "./mail-server";

export default async function globalSetup() {
  const smtp = await startSmtpServer({ port: E2E_SMTP_PORT, mailDir: e2eMailDir() });
  return () => smtp.close();
}
