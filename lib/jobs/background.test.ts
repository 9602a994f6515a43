// The background jobs as an instance runs them (instrumentation.ts starts them, SIGTERM stops them), when
// the database cannot be reached at start: the failure is logged, the start is tried again later, and
// the worker then delivers the mail that waited in the queue; stopped while it waits, nothing more starts.
// The clock is a fake one (setTimeout only) while a start fails, so that no test waits the retry's 15
// seconds; vi.waitFor moves it on by its interval at each check, which also runs the database client's
// zero-delay timers (its connect).
import { type Server, type Socket, createServer } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { setDatabaseForTests } from "@/db";
import { type DatabaseHandle, openDatabase } from "@/db/client";
import { mailOutbox } from "@/db/schema";
import { resetConfigForTests } from "@/lib/config";
import { systemContext } from "@/lib/context";
import { enqueueMail } from "@/lib/mail/outbox";
import { createTestDatabase } from "@/lib/testing/database";
import { outgoingMail } from "@/lib/testing/factories";
import { type TestSmtpServer, startSmtpServer } from "@/lib/testing/smtp-server";
import { startBackgroundJobs } from "./background";
import { runningBackgroundJobs, stopBackgroundJobs } from "./shutdown";

const FAILED_TO_START = "background jobs did not start; trying again";

let handle: DatabaseHandle;
let smtp: TestSmtpServer;
/** A PostgreSQL address where nothing listens: the database of an instance that starts before its database does. */
let unreachable: DatabaseHandle;

/** Listens on a free loopback port; answers the port. */
function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
}

/** A loopback port that was free a moment ago and is closed now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  smtp = await startSmtpServer();
  unreachable = await openDatabase({ url: `postgres://app:app@127.0.0.1:${await closedPort()}/app` });
});
afterAll(async () => {
  await unreachable?.close();
  await smtp?.close();
  await handle?.close();
});

/** What the instance logs, as an operator reads it: one JSON object a line. */
let logged: { level: string; msg: string; [field: string]: unknown }[] = [];

beforeEach(() => {
  vi.stubEnv("SMTP_URL", smtp.url);
  vi.stubEnv("LOG_LEVEL", "info");
  resetConfigForTests();
  logged = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      try {
        logged.push(JSON.parse(String(chunk)));
        return true;
      } catch {
        return write(chunk, ...rest);
      }
    }) as typeof stream.write);
  }
});
afterEach(async () => {
  vi.useRealTimers();
  await stopBackgroundJobs();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  resetConfigForTests();
});

/** The log line with this message, once it was written. */
async function logLine(msg: string) {
  return vi.waitFor(
    () => {
      const line = logged.find((l) => l.msg === msg);
      if (!line) throw new Error(`no "${msg}" in the log yet: ${JSON.stringify(logged.map((l) => l.msg))}`);
      return line;
    },
    { timeout: 20_000, interval: 20 },
  );
}

describe("background jobs whose database cannot be reached at start", () => {
  it("log the failure, try again, and once the database answers deliver the mail that waited; stop ends them", async () => {
    const mail = outgoingMail();
    const id = await enqueueMail(systemContext(handle.db), mail);

    setDatabaseForTests(unreachable);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    startBackgroundJobs();
    const failure = await logLine(FAILED_TO_START);
    expect(failure).toMatchObject({ level: "error", retry_in_ms: 15_000 });
    expect(JSON.stringify(failure.error)).toMatch(/ECONNREFUSED/);
    expect(runningBackgroundJobs()).toBeDefined();

    // The database answers now; the retry is due.
    setDatabaseForTests(handle);
    vi.advanceTimersByTime(15_000);
    vi.useRealTimers();
    expect(await logLine("background jobs started")).toMatchObject({ level: "info", mail: "smtp" });

    const [received] = await smtp.waitForMails(mail.to);
    expect(received).toMatchObject({ subject: mail.content.subject, text: `Text of ${mail.content.subject}` });
    await vi.waitFor(
      async () => {
        const [row] = await handle.db.select({ status: mailOutbox.status }).from(mailOutbox).where(eq(mailOutbox.id, id));
        expect(row.status).toBe("sent");
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(logged.filter((l) => l.msg === FAILED_TO_START)).toHaveLength(1);

    await stopBackgroundJobs();
    expect(await logLine("background jobs stopped")).toMatchObject({ level: "info" });
    expect(runningBackgroundJobs()).toBeUndefined();
  });

  it("stopped while waiting to try again, stop returns and no further start is left scheduled", async () => {
    setDatabaseForTests(unreachable);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    startBackgroundJobs();
    await logLine(FAILED_TO_START);
    expect(vi.getTimerCount()).toBe(1); // the retry

    await stopBackgroundJobs();
    expect(await logLine("background jobs stopped")).toMatchObject({ level: "info" });
    expect(runningBackgroundJobs()).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0); // the retry was called off
    expect(logged.map((l) => l.msg)).toEqual([FAILED_TO_START, "background jobs stopped"]);
  });

  it("stopped while a start still waits for the database, stop waits for that attempt and schedules no other", async () => {
    // A database that accepts the connection and never answers, as one that hangs.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const hung = await openDatabase({ url: `postgres://app:app@127.0.0.1:${await listen(silent)}/app` });
    try {
      setDatabaseForTests(hung);
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
      startBackgroundJobs();
      await vi.waitFor(() => expect(sockets).toHaveLength(1), { timeout: 10_000, interval: 20 });

      const stopped = stopBackgroundJobs();
      // The database client's connect timeout runs out: the attempt fails while the instance stops.
      vi.runOnlyPendingTimers();
      await stopped;
      expect(logged.map((l) => l.msg)).toEqual(["background jobs did not start; the instance is stopping", "background jobs stopped"]);
      expect(vi.getTimerCount()).toBe(0);
      expect(runningBackgroundJobs()).toBeUndefined();
    } finally {
      vi.useRealTimers();
      for (const socket of sockets) socket.destroy();
      await hung.close();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
