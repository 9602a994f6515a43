// npm start: build when the sources changed since the last build, migrate, seed the first superadmin,
// and serve the console. `npm run dev` does the same with Next's development server.
import { spawn, spawnSync } from "node:child_process";
import { restartWithHeapLimit } from "./heap-limit";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";

const dev = process.argv.includes("--dev");
const SOURCES = ["app", "components", "lib", "db", "proxy.ts", "package.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((child) => newestMtime(path.join(entry, child))));
}

function buildIfNeeded() {
  const buildId = path.join(process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtAt > 0 && Math.max(...SOURCES.map(newestMtime)) <= builtAt) return;
  console.log(builtAt ? "Sources changed since the last build: building..." : "Building the console (first start)...");
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) {
    console.error("The build failed; see the output above.");
    process.exit(result.status ?? 1);
  }
}

/** Runs this script again as the serving process, with these arguments; signals reach it, its exit is ours. */
function serveInChild(args: string[]): void {
  const child = spawn(process.execPath, args, { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  let cfg;
  try {
    cfg = config();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  if (!dev) buildIfNeeded();
  const restart = dev ? null : restartWithHeapLimit(process.execArgv, process.env.NODE_OPTIONS, process.argv.slice(1));
  if (restart) return serveInChild(restart);
  // Loaded only here, so that the process that just waits for the serving one stays small.
  const { prepareDatabase } = await import("./prepare-database");
  const { startServer } = await import("./server");
  const seed = await prepareDatabase();
  await startServer({ dev });
  const url = `http://localhost:${cfg.PORT}`;
  const engine = cfg.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${path.resolve(cfg.DATA_DIR)}`;
  console.log(`\n  Tenant control plane ready on ${url}  (database: ${engine})`);
  if (seed.created) {
    console.log(`  First superadmin: ${seed.email}`);
    console.log(
      seed.generatedPassword
        ? `  Password (shown once, change it after signing in): ${seed.generatedPassword}`
        : "  Password: the SUPERADMIN_PASSWORD you configured",
    );
  }
  console.log("");
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
