// Stops the process's background jobs, wherever they were started: Next's bundle starts them
// (instrumentation.ts) and the custom server (scripts/server.ts), loaded apart from that bundle, stops
// them on SIGTERM. The two meet on globalThis. No pg-boss import here, so the server loads none.
const BACKGROUND_JOBS_KEY = Symbol.for("tenant-control-plane.background-jobs");

interface BackgroundJobs {
  stop(): Promise<void>;
}

type Holder = { [BACKGROUND_JOBS_KEY]?: BackgroundJobs };

export function runningBackgroundJobs(): BackgroundJobs | undefined {
  return (globalThis as Holder)[BACKGROUND_JOBS_KEY];
}

export function setBackgroundJobs(jobs: BackgroundJobs | undefined): void {
  (globalThis as Holder)[BACKGROUND_JOBS_KEY] = jobs;
}

/** Lets running jobs finish (up to pg-boss's stop timeout), then stops the workers. A no-op when none run. */
export async function stopBackgroundJobs(): Promise<void> {
  const jobs = runningBackgroundJobs();
  if (!jobs) return;
  setBackgroundJobs(undefined);
  await jobs.stop();
}
