// The website-build worker: takes website-build jobs and runs them (lib/websites/build.ts), and sweeps for
// what no job covers: organizations that have no website yet (they predate the websites table) and builds
// whose job died with its process. Either gets a job, so every organization ends up with a built site.
import { sql } from "drizzle-orm";
import type PgBoss from "pg-boss";
import { type Db, rowsOf } from "@/db/client";
import { organizations, websites } from "@/db/schema";
import { config } from "@/lib/config";
import { QUEUES, enqueueJob, enqueueThrottled } from "@/lib/jobs/queue";
import { log } from "@/lib/log";
import { abandonedBuilds, runWebsiteBuilds } from "./build";
import type { SiteGenerator } from "./generator";
import { generatorFromConfig } from "./generators";
import type { WebsiteBuildJob } from "./start-build";

interface BuildWorkerOptions {
  generator?: SiteGenerator;
  /** How often an idle worker looks for builds; pg-boss's floor is 0.5 s. */
  pollingIntervalSeconds?: number;
  /** Builds run at once by this instance. */
  concurrency?: number;
}

/** Registers the workers on a started pg-boss and starts the sweep; stop() ends the sweep. */
export async function startWebsiteBuildWorker(boss: PgBoss, db: Db, options: BuildWorkerOptions = {}): Promise<{ stop(): void }> {
  const generator = options.generator ?? generatorFromConfig();
  for (let i = 0; i < (options.concurrency ?? 2); i++) {
    await boss.work<WebsiteBuildJob>(
      QUEUES.websiteBuild,
      { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
      async ([job]) => {
        await runWebsiteBuilds(db, job.data.organization_id, job.id, generator);
      },
    );
  }
  const sweepEveryMs = Math.max(config().WEBSITE_BUILD_LEASE_SECONDS * 500, 1000);
  const sweep = () => sweepWebsites(db).catch((error) => log.warn("website sweep failed; it runs again", { error }));
  await sweep();
  const timer = setInterval(() => void sweep(), sweepEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

const SWEEP_BATCH = 500;

/** One pass: websites for organizations without one, and a new job for each abandoned build. */
export async function sweepWebsites(db: Db): Promise<{ created: number; resumed: number }> {
  let created = 0;
  for (let batch = await createMissingWebsites(db); batch > 0; batch = await createMissingWebsites(db)) created += batch;
  const resumed = await resumeAbandonedBuilds(db);
  if (created || resumed) log.info("website sweep", { created, resumed });
  return { created, resumed };
}

async function createMissingWebsites(db: Db): Promise<number> {
  return db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`
        insert into ${websites} (organization_id)
        select o.id from ${organizations} o where not exists (select from ${websites} w where w.organization_id = o.id)
        limit ${SWEEP_BATCH}
        on conflict do nothing
        returning organization_id as id`),
    );
    for (const { id } of rows) await enqueueJob(tx, QUEUES.websiteBuild, { organization_id: id } satisfies WebsiteBuildJob);
    return rows.length;
  });
}

/** A job for each build whose job died; throttled per organization so a slow queue is not flooded. */
async function resumeAbandonedBuilds(db: Db): Promise<number> {
  let resumed = 0;
  for (const id of await abandonedBuilds(db)) {
    const job = await enqueueThrottled(db, QUEUES.websiteBuild, { organization_id: id } satisfies WebsiteBuildJob, {
      singletonKey: `resume:${id}`,
      singletonSeconds: config().WEBSITE_BUILD_LEASE_SECONDS,
    });
    if (job) resumed++;
  }
  return resumed;
}
