// A second production server on the suite's database, for e2e/api-ledger-concurrency.spec.ts: what
// scripts/start.ts does (migrate, seed the superadmin, serve the built console) minus its build step.
// The first server (playwright.config.ts's webServer) has already built NEXT_DIST_DIR when the spec
// runs; a rebuild here, triggered by a source edited meanwhile, would rewrite the files the first
// server is serving. Run with `node --import tsx e2e/second-instance.ts` and the same environment as
// the webServer (DATABASE_URL, AUTH_SECRET, TRUST_PROXY...) with its own PORT and DATA_DIR.
import { existsSync } from "node:fs";
import path from "node:path";
import { prepareDatabase } from "../scripts/prepare-database";
import { startServer } from "../scripts/server";

async function main() {
  const buildId = path.join(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  if (!existsSync(buildId)) throw new Error(`No build at ${buildId}: the first server builds it, start this one after it.`);
  // Idempotent, and safe beside the first instance: migrations run under an advisory lock.
  await prepareDatabase();
  await startServer({ dev: false });
  console.log(`second instance ready on port ${process.env.PORT}`);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
