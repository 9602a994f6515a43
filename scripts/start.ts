// npm start: build when the sources changed since the last build, migrate, seed the first superadmin,
// and serve the console. `npm run dev` does the same with Next's development server.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";
import { prepareDatabase } from "./prepare-database";
import { startServer } from "./server";

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

async function main() {
  let cfg;
  try {
    cfg = config();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  if (!dev) buildIfNeeded();
  const seed = await prepareDatabase();
  await startServer({ dev });
  const url = `http://localhost:${cfg.PORT}`;
  const engine = cfg.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${path.resolve(cfg.DATA_DIR)}`;
  console.log(`\n  Tenant control plane ready on ${url}  (database: ${engine})`);
  if (seed.created) {
    console.log(`  First superadmin: ${seed.email}`);
    console.log(seed.generatedPassword ? `  Password (shown once, change it after signing in): ${seed.generatedPassword}` : "  Password: the SUPERADMIN_PASSWORD you configured");
  }
  console.log("");
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
