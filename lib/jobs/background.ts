// The server's background jobs: one pg-boss on the process database with every worker. Started once per
// process from instrumentation.ts (so `next start` and the custom server both run them); each instance of
// a horizontally scaled deployment runs its own, and the queue hands each job to exactly one of them.
import type PgBoss from "pg-boss";
import { getDb } from "@/db";
import { config } from "@/lib/config";
import { log } from "@/lib/log";
import { startMailWorker } from "@/lib/mail/delivery";
import { type MailTransport, transportFromConfig } from "@/lib/mail/transport";
import { migrateTenantSchemas } from "@/lib/tenants/tenant-schema";
import { startWebsiteBuildWorker } from "@/lib/websites/build-worker";
import { runningBackgroundJobs, setBackgroundJobs } from "./shutdown";
import { createJobQueue } from "./queue";

const RETRY_START_MS = 15_000;

export function startBackgroundJobs(): void {
  if (runningBackgroundJobs()) return;
  let stopping = false;
  let boss: PgBoss | null = null;
  let transport: MailTransport | null = null;
  let builds: { stop(): void } | null = null;
  let retry: NodeJS.Timeout | undefined;
  let starting: Promise<void> = Promise.resolve();

  async function start(): Promise<void> {
    try {
      const db = await getDb();
      if (stopping) return;
      transport = transportFromConfig();
      boss = createJobQueue(db);
      await boss.start();
      await startMailWorker(boss, db, { transport });
      builds = await startWebsiteBuildWorker(boss, db);
      // Tenant schemas behind the latest tenant migration are upgraded while the app serves (one schema per
      // transaction; a build upgrades its own schema first anyway). Another instance doing the same waits
      // on each schema's lock and finds it done.
      void migrateTenantSchemas(db)
        .then((upgraded) => upgraded > 0 && log.info("tenant schemas upgraded", { upgraded }))
        .catch((error) => log.error("tenant schema upgrade stopped; the next start goes on", { error }));
      log.info("background jobs started", { mail: transport ? "smtp" : "outbox only (no SMTP_URL)" });
    } catch (error) {
      // The database may not be up yet: the jobs wait in their tables, and this instance tries again.
      if (stopping) log.error("background jobs did not start; the instance is stopping", { error });
      else log.error("background jobs did not start; trying again", { error, retry_in_ms: RETRY_START_MS });
      builds?.stop();
      builds = null;
      await boss?.stop({ graceful: false }).catch(() => {});
      boss = null;
      transport?.close();
      transport = null;
      if (!stopping) retry = setTimeout(() => (starting = start()), RETRY_START_MS).unref();
    }
  }

  starting = start();
  setBackgroundJobs({
    async stop() {
      stopping = true;
      clearTimeout(retry);
      await starting;
      builds?.stop();
      // Graceful: a mail being sent finishes (or is retried by another instance once it expires).
      await boss?.stop({ graceful: true, wait: true, timeout: 5_000 });
      transport?.close();
      log.info("background jobs stopped");
    },
  });
}

/** Whether this process should run workers at all (not while `next build` loads the app). */
export function backgroundJobsWanted(): boolean {
  return process.env.NEXT_PHASE !== "phase-production-build" && config().JOB_WORKERS;
}
