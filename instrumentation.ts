// Next calls register() once per server process, before it serves: the place to start the job queue's
// workers, so that `next start`, `npm start` (scripts/server.ts) and `npm run dev` all run them.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { backgroundJobsWanted, startBackgroundJobs } = await import("@/lib/jobs/background");
  if (backgroundJobsWanted()) startBackgroundJobs();
}
