// A process running the server's background jobs exactly as instrumentation.ts starts them (pg-boss, the
// mail and website-build workers, the website sweep) on the database DATABASE_URL names: for tests that
// kill it with SIGKILL in the middle of a job and start another.
import { startBackgroundJobs } from "@/lib/jobs/background";

startBackgroundJobs();
