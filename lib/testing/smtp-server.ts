// An SMTP server on loopback for tests (smtp-server, parsed with mailparser): it keeps what it receives,
// can refuse the next deliveries with a temporary error, and can write each mail as an .eml file into a
// directory that another process reads (the e2e run's server delivers, the spec reads).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  replyTo: string | null;
  receivedAt: Date;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port>, as SMTP_URL takes it. */
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Refuses the next n deliveries with "451 try again later". */
  refuseNext(n: number): void;
  /** The mails to an address, once there are at least `count` of them (polls, up to timeoutMs). */
  waitForMails(to: string, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function addresses(value: ParsedMail["to"]): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
}

export function toReceivedMail(parsed: ParsedMail): ReceivedMail {
  return {
    to: addresses(parsed.to),
    from: parsed.from?.text ?? "",
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    html: typeof parsed.html === "string" ? parsed.html : "",
    replyTo: parsed.replyTo?.value[0]?.address ?? null,
    receivedAt: new Date(),
  };
}

export async function startSmtpServer(options: { port?: number; mailDir?: string } = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let sequence = 0;
  if (options.mailDir) mkdirSync(options.mailDir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals--;
          const error = Object.assign(new Error("Try again later"), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks);
        if (options.mailDir) writeFileSync(path.join(options.mailDir, `${Date.now()}-${process.pid}-${++sequence}.eml`), raw);
        simpleParser(raw).then(
          (parsed) => {
            received.push(toReceivedMail(parsed));
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  server.on("error", () => {});
  const port = await new Promise<number>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve((server.server.address() as { port: number }).port));
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuseNext(n) {
      refusals = n;
    },
    async waitForMails(to, count = 1, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      const address = to.toLowerCase();
      for (;;) {
        const mails = received.filter((m) => m.to.includes(address));
        if (mails.length >= count) return mails;
        if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${count} mail(s) to ${to}; got ${mails.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
