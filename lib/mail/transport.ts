// How a mail leaves: SMTP through nodemailer when SMTP_URL is set; without it, no transport, and mails
// stay in the outbox for a superadmin to read.
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { config } from "@/lib/config";

interface Envelope {
  from: { name: string; address: string };
  to: string;
  replyTo: string | null;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  send(mail: Envelope): Promise<void>;
  close(): void;
}

export function smtpTransport(url: string): MailTransport {
  // A short connection timeout: a hung server fails the attempt, and the queue retries it later.
  // nodemailer reads the connection (host, port, TLS, credentials) from `url`.
  const options = { url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 } as SMTPTransport.Options;
  const transporter = nodemailer.createTransport(options);
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        replyTo: mail.replyTo ?? undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
    },
    close: () => transporter.close(),
  };
}

/** The configured transport, or null when mails are only kept in the outbox. */
export function transportFromConfig(): MailTransport | null {
  const { SMTP_URL } = config();
  return SMTP_URL ? smtpTransport(SMTP_URL) : null;
}
