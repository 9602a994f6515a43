// The durable job queue: pg-boss on the application's own database. Its tables (schema `pgboss`) and
// queues come with the application's migrations (0017), so any service can take a job in its
// transaction; workers claim jobs with FOR UPDATE SKIP LOCKED, so any number of instances share a queue.
import PgBoss from "pg-boss";
import type { Db } from "@/db/client";
import { log } from "@/lib/log";
import { pgBossDb } from "./pg-boss-db";

const JOB_SCHEMA = "pgboss";

/** Queues, each created by a migration (see db/migrations/0017_pgboss_job_queue.sql). */
export const QUEUES = { mailDelivery: "mail-delivery", websiteBuild: "website-build" } as const;

let builder: PgBoss | undefined;

/** A PgBoss that is never started: it only writes jobs, always through the connection the caller gives. */
function jobBuilder(): PgBoss {
  builder ??= new PgBoss({
    schema: JOB_SCHEMA,
    db: {
      executeSql: () => Promise.reject(new Error("enqueueJob passes its own connection; this one is never used")),
    },
  });
  return builder;
}

/**
 * Takes a job on the given database or transaction: inside a service's transaction the job exists
 * exactly when the change does (rolled back, nothing runs; committed, it runs after commit).
 */
export async function enqueueJob(db: Db, queue: string, data: object, options: PgBoss.SendOptions = {}): Promise<string> {
  const id = await enqueueThrottled(db, queue, data, options);
  // Only a throttled send may be skipped, and this one is not.
  if (!id) throw new Error(`The job queue did not take a job for ${queue}`);
  return id;
}

/**
 * Takes a job unless one with the same singletonKey was taken within singletonSeconds (pg-boss's
 * throttle): null then. For jobs that one more run of would only repeat.
 */
export async function enqueueThrottled(db: Db, queue: string, data: object, options: PgBoss.SendOptions): Promise<string | null> {
  return jobBuilder().send(queue, data, { ...options, db: pgBossDb(db) });
}

/**
 * A pg-boss instance for workers on the given database (not started). It installs or upgrades its
 * schema on start, under its advisory lock, and runs its maintenance (expiring stuck jobs, archiving)
 * on whichever instance takes the maintenance slot.
 */
export function createJobQueue(db: Db): PgBoss {
  const boss = new PgBoss({ schema: JOB_SCHEMA, db: pgBossDb(db), migrate: true, supervise: true, schedule: false });
  boss.on("error", (error) => log.error("job queue error", { error }));
  return boss;
}
