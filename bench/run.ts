// npm run bench: the tenant API's throughput against 100,000 tenants and 50,000 registration requests in a
// throwaway PostgreSQL (and the Registrations page's server render), next to
// the framework's ceiling (a trivial route) and a floor (bench/bare-server.ts: the same SQL without Next);
// and usage metering and credits: batches of 500 usage events, credit transfers, and GET .../usage with
// 10 million usage events present, each write row checked by SQL afterwards (bench/metering.ts); and the audit
// trail with 10 million rows: filtered and deep keyset pages, 30-day statistics, the export (bench/audit.ts).
// Prints a table and writes it to bench/results/latest.md. Figures only, except the write rows' checks: a
// failed check (a key stored twice, a balance that is not its ledger's sum) makes the run exit with 1.
// Environment: BENCH_SECTIONS (tenants,usage,audit: which rows to run), BENCH_USAGE_EVENTS (usage events seeded),
// BENCH_AUDIT_ROWS (audit rows seeded), BENCH_AUDIT_EXPORT_SECONDS (the export's time limit),
// BENCH_DURATION and BENCH_WARMUP (seconds per row), BENCH_TIME_LIMIT (seconds, the whole run),
// BENCH_MAX_NOISE (cores other processes may use during a row before it is measured again),
// BENCH_REF (benchmark a commit instead of the working tree), BENCH_EXTRA_SQL (applied after the load: try an
// index), BENCH_NODE_OPTIONS (NODE_OPTIONS of the app's processes).
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type autocannon from "autocannon";
import postgres from "postgres";
import { type Cluster, startCluster, withDatabase } from "./cluster";
import { capturePlans, plansConsole, plansMarkdown, statementsMarkdown } from "./diagnostics";
import { CONNECTIONS, type LoadOptions, type Measurement, type Scenario, type Target, measure, warmUp } from "./load";
import { type Group, RssSampler, freePort, listeningPid, sleep, spawnGroup } from "./processes";
import { consoleReport, markdownReport } from "./report";
import {
  BATCH_EVENTS,
  INGEST_ORGANIZATIONS,
  IngestionLoad,
  REPEATED_SHARE,
  TRANSFER_ORGANIZATIONS,
  TransferLoad,
  createMeteringAccounts,
  rotateUsagePaths,
} from "./metering";
import { ORGANIZATIONS, SEARCH_TERM, sampleIds, seedOrganizations } from "./seed-organizations";
import { REGISTRATIONS, seedRegistrations } from "./seed-registrations";
import { AUDIT_STATS_P99_MS, type ExportResult, auditScenarios, createAgencyAdmin, exportSummary, measureExport } from "./audit";
import { AUDIT_DAYS, AUDIT_ROWS, type AuditSeed, seedAudit } from "./seed-audit";
import { USAGE_DAYS, USAGE_EVENTS, USAGE_ORGANIZATIONS, type UsageSeed, seedUsage } from "./seed-usage";
import { exportRef } from "./snapshot";

const ROOT = path.resolve(import.meta.dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");
// BENCH_SECTIONS: "tenants" (the tenant API, platform lists, the Registrations page, the floor),
// "usage" (usage metering and credits); both by default. The trivial route always runs.
const SECTIONS = new Set(
  (process.env.BENCH_SECTIONS ?? "tenants,usage")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);
const TENANTS = SECTIONS.has("tenants");
const USAGE = SECTIONS.has("usage");
const AUDIT = SECTIONS.has("audit");
// Loading 10 million usage events takes 1-2 minutes on 2 cores, and its three rows about 1 more: the usage
// section's allowance.
const USAGE_ALLOWANCE_S = USAGE ? Math.round(90 + (150 * USAGE_EVENTS) / 10_000_000) : 0;
// 22 rows of 2 s warm-up + 8 s: about 5 minutes of measuring, plus a build when the sources changed,
// plus the retries of noisy rows while the time limit allows.
const DURATION_S = Number(process.env.BENCH_DURATION ?? 8);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
// Loading 10 million audit rows (and rebuilding the table's indexes) takes 2-4 minutes on 2 cores, its
// rows and the export about 2 more: the audit section's allowance.
const AUDIT_ALLOWANCE_S = AUDIT ? Math.round(120 + (240 * AUDIT_ROWS) / 10_000_000) : 0;
const TIME_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT ?? 480 + USAGE_ALLOWANCE_S + AUDIT_ALLOWANCE_S) * 1000;
// A row during which other processes used more than BENCH_MAX_NOISE cores is measured once more, if the
// run can still end within about 6 minutes (plus the usage section's allowance).
const MAX_NOISE_CORES = Number(process.env.BENCH_MAX_NOISE ?? 0.25);
const MAX_RETRIES = 1;
const RETRY_HORIZON_MS = Math.min(360_000 + (USAGE_ALLOWANCE_S + AUDIT_ALLOWANCE_S) * 1000, TIME_LIMIT_MS - 60_000);
const timeLeftMs = () => RETRY_HORIZON_MS - (Date.now() - started);
// Retries stop when only the time the rows still to come (and a restart and the write-up) need is left.
const reserveMs = (rowsToCome: number) => rowsToCome * (WARMUP_S + DURATION_S + 2) * 1000 + 45_000;
// The app under test: the working tree, or a clean export of BENCH_REF.
const REF = process.env.BENCH_REF;
const snapshot = REF ? exportRef(ROOT, REF) : null;
const APP_ROOT = snapshot?.dir ?? ROOT;
// BENCH_EXTRA_SQL: statements applied after the load (a candidate index, say), to measure a fix before writing it.
const EXTRA_SQL = process.env.BENCH_EXTRA_SQL?.trim();
// BENCH_NODE_OPTIONS: NODE_OPTIONS for the app's processes (--max-old-space-size=256, say).
const APP_NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS?.trim();
// The sources whose change makes scripts/start.ts rebuild; building here keeps the build out of the start-up wait.
const SOURCES = ["app", "components", "lib", "db", "proxy.ts", "package.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json"];
// The build directory, as next.config.ts and scripts/start.ts read it: NEXT_DIST_DIR keeps a benchmark's
// build apart from a developer's .next.
const DIST_DIR = process.env.NEXT_DIST_DIR || ".next";

// Deep pages: well inside the 40,000 pending requests and the ~88,000 active tenants.
const REQUESTS_DEEP_OFFSET = 35_000;
const ORGANIZATIONS_DEEP_OFFSET = 50_000;

const EMAIL = "bench-superadmin@example.com";
const PASSWORD = randomBytes(12).toString("base64url");
const AUTH_SECRET = "benchmark-auth-secret-not-for-production";

const started = Date.now();
/** Rows whose check after the run failed: the run exits with 1. */
const failedChecks: string[] = [];
const step = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

// Everything to undo, newest first. Synchronous, so that exit and signal handlers can run it.
const undo: (() => void)[] = [];
function cleanUpNow() {
  while (undo.length) {
    try {
      undo.pop()!();
    } catch {
      // keep undoing the rest
    }
  }
}
process.on("exit", cleanUpNow);
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(sig, () => {
    console.error(`\n${sig}: stopping the servers and the database...`);
    cleanUpNow();
    process.exit(130);
  });
}
const watchdog = setTimeout(() => {
  console.error(`\nThe benchmark exceeded ${TIME_LIMIT_MS / 1000} s: stopping.`);
  cleanUpNow();
  process.exit(2);
}, TIME_LIMIT_MS);

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv, log: string, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => out.push(d));
    const kill = () => child.kill("SIGKILL");
    undo.push(kill);
    child.once("error", reject);
    child.once("exit", (code) => {
      undo.splice(undo.indexOf(kill), 1);
      writeFileSync(log, Buffer.concat(out));
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}; output in ${log}:\n${tail(log)}`));
    });
  });
}

function tail(file: string, lines = 30): string {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").slice(-lines).join("\n") : "";
}

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((child) => newestMtime(path.join(entry, child))));
}

async function ensureBuild() {
  const buildId = path.join(APP_ROOT, DIST_DIR, "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtAt > 0 && Math.max(...SOURCES.map((s) => newestMtime(path.join(APP_ROOT, s)))) <= builtAt) {
    step("production build is up to date");
    return;
  }
  step(builtAt ? "sources changed since the last build: next build..." : "no build yet: next build...");
  await runToEnd("npx", ["next", "build"], { ...process.env, NODE_ENV: "production" }, path.join(RESULTS, "build.log"), APP_ROOT);
  step("built");
}

interface Server {
  group: Group;
  target: Target;
  log: string;
}

async function startServer(
  name: string,
  cwd: string,
  args: string[],
  port: number,
  env: NodeJS.ProcessEnv,
  readyPath: string,
  timeoutMs: number,
): Promise<Server> {
  const log = path.join(RESULTS, `${name}.log`);
  writeFileSync(log, "");
  const group = spawnGroup("npx", args, { ...env, PORT: String(port) }, log, cwd);
  undo.push(group.killNow);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void group.exited.then(() => (exited = true));
  for (;;) {
    if (exited) throw new Error(`${name} exited during start-up; log ${log}:\n${tail(log)}`);
    if (Date.now() > deadline) throw new Error(`${name} did not answer ${readyPath} within ${timeoutMs / 1000} s; log ${log}:\n${tail(log)}`);
    try {
      // Any answer below 500 means the server is up (the bare server answers 401 without a token).
      const res = await fetch(baseUrl + readyPath);
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  let pid: number | null = null;
  while (!(pid = listeningPid(port, group.pgid)) && Date.now() < deadline) await sleep(100);
  if (!pid) throw new Error(`${name}: no process of group ${group.pgid} listens on ${port}`);
  return { group, log, target: { baseUrl, pid, rss: new RssSampler(pid) } };
}

async function stopServer(server: Server) {
  server.target.rss.stop();
  await server.group.stop();
  undo.splice(undo.indexOf(server.group.killNow), 1);
}

async function call(baseUrl: string, method: string, urlPath: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(baseUrl + urlPath, {
    method,
    headers: { ...headers, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** One request per scenario before measuring: a scenario answering errors is not worth measuring. */
async function preflight(target: Target, s: Scenario) {
  const req = s.setupRequest
    ? s.setupRequest({ method: s.method ?? "GET", path: s.path, headers: s.headers })
    : { method: s.method ?? "GET", path: s.path, headers: s.headers, body: undefined };
  // Redirects are not followed: a page redirecting to the sign-in page is an error, not a page.
  const res = await fetch(target.baseUrl + req.path, {
    method: req.method,
    headers: req.headers as Record<string, string>,
    body: req.body as string | undefined,
    redirect: "manual",
  });
  const text = await res.text();
  s.onResponse?.(res.status, text);
  if (!res.ok)
    throw new Error(`${s.label}: ${req.method} ${req.path} answered ${res.status} ${res.headers.get("location") ?? ""}: ${text.slice(0, 500)}`);
  if (s.expect && !text.includes(s.expect))
    throw new Error(`${s.label}: ${req.method} ${req.path} answered without "${s.expect}": ${text.slice(0, 500)}`);
  if (!res.headers.get("content-type")?.includes("json")) return `${res.status}, ${text.length} bytes of ${res.headers.get("content-type")}`;
  const total = (JSON.parse(text) as { total?: number }).total;
  return total === undefined ? `${res.status}, ${text.length} bytes` : `${res.status}, total ${total}, ${text.length} bytes`;
}

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]);

/** Signs in to the console as a browser does (next-auth's CSRF token, then the credentials callback): the session cookie. */
async function signInToConsole(baseUrl: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  if (!csrf.ok) throw new Error(`GET /api/auth/csrf: ${csrf.status} ${await csrf.text()}`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookiesOf(csrf).join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${baseUrl}/registrations`, json: "true" }),
  });
  const session = cookiesOf(res).find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`POST /api/auth/callback/credentials: ${res.status}, no session cookie: ${(await res.text()).slice(0, 300)}`);
  return session;
}

function gitDescription(): string {
  if (snapshot) return `${snapshot.sha.slice(0, 7)} (BENCH_REF=${REF}, clean export)`;
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no", "--", ...SOURCES, "scripts"], {
    cwd: ROOT,
    encoding: "utf8",
  }).stdout.trim();
  return dirty ? `${head} + uncommitted changes` : head;
}

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  const loadAtStart = os.loadavg()[0].toFixed(2);
  if (os.loadavg()[0] > 0.5) step(`note: load average ${loadAtStart} before starting: other processes are busy, figures will be noisy`);
  if (snapshot) step(`app under test: ${REF} (${snapshot.sha.slice(0, 12)}) exported to ${APP_ROOT}`);
  step(`benchmark: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per scenario`);

  const cluster: Cluster = await startCluster();
  undo.push(cluster.stop);
  step(`PostgreSQL ${cluster.version} on ${new URL(cluster.url).host}`);
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  await admin`create database bench`;
  await admin.end();
  const databaseUrl = withDatabase(cluster.url, "bench");

  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET,
    SUPERADMIN_EMAIL: EMAIL,
    SUPERADMIN_PASSWORD: PASSWORD,
    LOG_LEVEL: "warn",
  };
  const serveEnv: NodeJS.ProcessEnv = APP_NODE_OPTIONS ? { ...appEnv, NODE_OPTIONS: APP_NODE_OPTIONS } : appEnv;
  // Migrating and building do not depend on each other: both at once.
  const migrated = runToEnd("npx", ["tsx", "scripts/migrate.ts"], appEnv, path.join(RESULTS, "migrate.log"), APP_ROOT).then(() => step("migrated"));
  await Promise.all([migrated, ensureBuild()]);

  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  undo.push(() => void sql.end({ timeout: 0 }));
  await sql`create extension if not exists pg_stat_statements`;
  const seeded = await seedOrganizations(sql);
  step(`loaded ${seeded.organizations} organizations in ${(seeded.ms / 1000).toFixed(1)} s; q="${SEARCH_TERM}" matches ${seeded.matches}`);
  const registrations = await seedRegistrations(sql);
  const byStatus = Object.entries(registrations.byStatus)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  step(`loaded ${registrations.registrations} registration requests in ${(registrations.ms / 1000).toFixed(1)} s (${byStatus})`);
  let usage: UsageSeed | null = null;
  if (USAGE) {
    step(
      `loading ${USAGE_EVENTS.toLocaleString("en")} usage events over ${USAGE_ORGANIZATIONS.toLocaleString("en")} organizations and ${USAGE_DAYS} days...`,
    );
    usage = await seedUsage(sql);
    const t = usage.steps;
    step(
      `loaded ${usage.events.toLocaleString("en")} usage events and ${usage.dailyRows.toLocaleString("en")} usage_daily rows in ${(usage.ms / 1000).toFixed(1)} s ` +
        `(insert ${t.insertS.toFixed(1)} s, idempotency index ${t.indexS.toFixed(1)} s, rollup ${t.rollupS.toFixed(1)} s, VACUUM ANALYZE ${t.vacuumS.toFixed(1)} s; ` +
        `usage_events ${Math.round(usage.sizesMb.events)} MB + indexes ${Math.round(usage.sizesMb.eventIndexes)} MB, usage_daily ${Math.round(usage.sizesMb.daily)} MB)`,
    );
  }
  let audit: AuditSeed | null = null;
  if (AUDIT) {
    step(`loading ${AUDIT_ROWS.toLocaleString("en")} audit rows over 2,000 organizations and ${AUDIT_DAYS} days...`);
    audit = await seedAudit(sql);
    const t = audit.steps;
    step(
      `loaded ${audit.rows.toLocaleString("en")} audit rows in ${(audit.ms / 1000).toFixed(1)} s (insert ${t.insertS.toFixed(1)} s, indexes ${t.indexS.toFixed(1)} s, daily rollups ${t.rollupS.toFixed(1)} s, ` +
        `VACUUM ANALYZE ${t.vacuumS.toFixed(1)} s; audit_logs ${Math.round(audit.sizesMb.table)} MB + indexes ${Math.round(audit.sizesMb.indexes)} MB); ` +
        `agency ${audit.agencyId}'s admin sees ${audit.agencyVisibleRows.toLocaleString("en")} rows`,
    );
  }
  const visibility = await sql<{ relname: string; relpages: number; relallvisible: number }[]>`
    select relname, relpages, relallvisible from pg_class where relname in ('organizations', 'registration_requests') order by relname`;
  step(
    `all-visible pages (index-only scans without heap fetches): ${visibility.map((v) => `${v.relname} ${v.relallvisible}/${v.relpages}`).join(", ")}`,
  );
  if (EXTRA_SQL) {
    await sql.unsafe(EXTRA_SQL);
    await sql`analyze`;
    step(`applied BENCH_EXTRA_SQL: ${EXTRA_SQL}`);
  }
  const ids = await sampleIds(sql, 1000);

  const [appPort, barePort] = await Promise.all([freePort(), freePort()]);
  let app = await startServer("app-warn", APP_ROOT, ["tsx", "scripts/start.ts"], appPort, serveEnv, "/api/health", 180_000);
  step(`app listening on ${appPort} (pid ${app.target.pid}, LOG_LEVEL=warn)`);
  const bare = TENANTS
    ? await startServer(
        "bare-server",
        ROOT,
        ["tsx", "bench/bare-server.ts"],
        barePort,
        { ...process.env, DATABASE_URL: databaseUrl },
        "/api/v1/tenants",
        60_000,
      )
    : null;
  if (bare) step(`bare server listening on ${barePort} (pid ${bare.target.pid})`);

  const { access_token: jwt } = (await call(app.target.baseUrl, "POST", "/api/v1/auth/token", {}, { email: EMAIL, password: PASSWORD })) as {
    access_token: string;
  };
  const { token: personal } = (await call(
    app.target.baseUrl,
    "POST",
    "/api/v1/api-tokens",
    { authorization: `Bearer ${jwt}` },
    { name: "benchmark" },
  )) as { token: string };
  step("obtained an access token (JWT) and a personal token");
  const sessionCookie = await signInToConsole(app.target.baseUrl, EMAIL, PASSWORD);
  step("signed in to the console (session cookie)");

  const viaToken = { authorization: `Bearer ${personal}` };
  const viaJwt = { authorization: `Bearer ${jwt}` };
  const viaSession = { cookie: sessionCookie };
  const q = encodeURIComponent(SEARCH_TERM);
  const rotateIds = () => {
    let i = 0;
    return (req: autocannon.Request) => ({ ...req, path: `/api/v1/tenants/${ids[i++ % ids.length]}` });
  };
  const runTag = Date.now().toString(36);
  const metering = USAGE ? await createMeteringAccounts(app.target.baseUrl, viaToken, runTag) : null;
  if (metering)
    step(
      `created ${metering.ingestOrganizations.length} organizations for usage batches (credits granted, no credit limit), agency ${metering.agencyId} with an owner, credits and ${metering.transferOrganizations.length} organizations`,
    );
  const agencyAdmin = audit ? await createAgencyAdmin(app.target.baseUrl, viaToken, audit.agencyId, runTag) : null;
  const auditRows = audit && agencyAdmin ? await auditScenarios(app.target.baseUrl, viaToken, agencyAdmin, audit) : null;
  if (auditRows) step(`agency ${audit!.agencyId} has an admin (personal token); deep cursors from ${auditRows.deepCursors[0]} (followed) down`);
  let created = 0;
  const newTenant = (req: autocannon.Request) => {
    const n = ++created;
    return { ...req, body: JSON.stringify({ name: `Bench Tenant ${n}`, slug: `bench-${runTag}-${n}` }) };
  };

  const appReads: Scenario[] = [
    { key: "live", label: "GET /api/health/live (trivial route)", kind: "ceiling", read: true, path: "/api/health/live" },
    {
      key: "list-q",
      label: `GET /api/v1/tenants?limit=50&q=${SEARCH_TERM}`,
      kind: "app",
      read: true,
      floorKey: "floor-list-q",
      path: `/api/v1/tenants?limit=50&q=${q}`,
      headers: viaToken,
    },
    {
      key: "list-first",
      label: "GET /api/v1/tenants?limit=50",
      kind: "app",
      read: true,
      floorKey: "floor-list-first",
      path: "/api/v1/tenants?limit=50",
      headers: viaToken,
    },
    {
      key: "list-first-jwt",
      label: "GET /api/v1/tenants?limit=50 (JWT)",
      kind: "app",
      read: true,
      floorKey: "floor-list-first",
      path: "/api/v1/tenants?limit=50",
      headers: viaJwt,
    },
    {
      key: "list-deep",
      label: "GET /api/v1/tenants?limit=50&offset=50000",
      kind: "app",
      read: true,
      floorKey: "floor-list-deep",
      firstKey: "list-first",
      path: "/api/v1/tenants?limit=50&offset=50000",
      headers: viaToken,
    },
    {
      key: "get",
      label: "GET /api/v1/tenants/{id} (1,000 random ids)",
      kind: "app",
      read: true,
      floorKey: "floor-get",
      path: "/api/v1/tenants/x",
      headers: viaToken,
      setupRequest: rotateIds(),
    },
    // The platform API's lists (personal token) and the console's Registrations page (session cookie).
    {
      key: "reqs-first",
      label: "GET /api/tenants/requests?status=pending_approval&limit=50",
      kind: "app",
      read: true,
      floorKey: "floor-reqs-first",
      path: "/api/tenants/requests?status=pending_approval&limit=50",
      headers: viaToken,
    },
    {
      key: "reqs-deep",
      label: `GET /api/tenants/requests?status=pending_approval&limit=50&offset=${REQUESTS_DEEP_OFFSET}`,
      kind: "app",
      read: true,
      floorKey: "floor-reqs-deep",
      firstKey: "reqs-first",
      path: `/api/tenants/requests?status=pending_approval&limit=50&offset=${REQUESTS_DEEP_OFFSET}`,
      headers: viaToken,
    },
    {
      key: "orgs-first",
      label: "GET /api/tenants/organizations?status=active&limit=50",
      kind: "app",
      read: true,
      floorKey: "floor-orgs-first",
      path: "/api/tenants/organizations?status=active&limit=50",
      headers: viaToken,
    },
    {
      key: "orgs-deep",
      label: `GET /api/tenants/organizations?status=active&limit=50&offset=${ORGANIZATIONS_DEEP_OFFSET}`,
      kind: "app",
      read: true,
      floorKey: "floor-orgs-deep",
      firstKey: "orgs-first",
      path: `/api/tenants/organizations?status=active&limit=50&offset=${ORGANIZATIONS_DEEP_OFFSET}`,
      headers: viaToken,
    },
    {
      key: "page-registrations",
      label: "GET /registrations?status=pending_approval (page render, session cookie)",
      kind: "app",
      read: true,
      path: "/registrations?status=pending_approval",
      headers: viaSession,
      expect: 'data-testid="count-pending_approval"',
    },
  ];
  const appWrite: Scenario = {
    key: "post",
    label: "POST /api/v1/tenants (unique slugs)",
    kind: "app",
    read: false,
    method: "POST",
    path: "/api/v1/tenants",
    headers: { ...viaToken, "content-type": "application/json" },
    setupRequest: newTenant,
  };
  const floors: Scenario[] = [
    {
      key: "floor-list-q",
      label: `floor: tenants?limit=50&q=${SEARCH_TERM}`,
      kind: "floor",
      read: true,
      path: `/api/v1/tenants?limit=50&q=${q}`,
      headers: viaToken,
    },
    { key: "floor-list-first", label: "floor: tenants?limit=50", kind: "floor", read: true, path: "/api/v1/tenants?limit=50", headers: viaToken },
    {
      key: "floor-list-deep",
      label: "floor: tenants?limit=50&offset=50000",
      kind: "floor",
      read: true,
      firstKey: "floor-list-first",
      path: "/api/v1/tenants?limit=50&offset=50000",
      headers: viaToken,
    },
    {
      key: "floor-get",
      label: "floor: tenants/{id}",
      kind: "floor",
      read: true,
      path: "/api/v1/tenants/x",
      headers: viaToken,
      setupRequest: rotateIds(),
    },
    {
      key: "floor-reqs-first",
      label: "floor: requests?status=pending_approval&limit=50",
      kind: "floor",
      read: true,
      path: "/api/tenants/requests?status=pending_approval&limit=50",
      headers: viaToken,
    },
    {
      key: "floor-reqs-deep",
      label: `floor: requests?status=pending_approval&limit=50&offset=${REQUESTS_DEEP_OFFSET}`,
      kind: "floor",
      read: true,
      firstKey: "floor-reqs-first",
      path: `/api/tenants/requests?status=pending_approval&limit=50&offset=${REQUESTS_DEEP_OFFSET}`,
      headers: viaToken,
    },
    {
      key: "floor-orgs-first",
      label: "floor: organizations?status=active&limit=50",
      kind: "floor",
      read: true,
      path: "/api/tenants/organizations?status=active&limit=50",
      headers: viaToken,
    },
    {
      key: "floor-orgs-deep",
      label: `floor: organizations?status=active&limit=50&offset=${ORGANIZATIONS_DEEP_OFFSET}`,
      kind: "floor",
      read: true,
      firstKey: "floor-orgs-first",
      path: `/api/tenants/organizations?status=active&limit=50&offset=${ORGANIZATIONS_DEEP_OFFSET}`,
      headers: viaToken,
    },
  ];
  // The default log level writes one JSON line per request: the list shows it against a slow
  // endpoint, the get by id against a fast one.
  const infoRuns: Scenario[] = [
    { ...appReads[2], key: "list-first-info", label: "GET /api/v1/tenants?limit=50 (LOG_LEVEL=info)" },
    { ...appReads[5], key: "get-info", label: "GET /api/v1/tenants/{id} (LOG_LEVEL=info)", setupRequest: rotateIds() },
  ];

  // Usage metering and credits: GET .../usage over the organizations with the seeded history (superadmin
  // token); batches of 500 events with a usage-scoped token, counted (see Scenario.fixedCount) so that the
  // check afterwards knows every key sent; transfers of 1 credit from one agency to its 50 organizations.
  const ingestion = metering ? new IngestionLoad(metering.ingestOrganizations, `bench-${runTag}`) : null;
  const transfers = metering ? new TransferLoad(metering.agencyId, metering.transferOrganizations) : null;
  const usageReads: Scenario[] =
    usage && metering
      ? [
          {
            key: "usage-get",
            label: `GET /api/tenants/organizations/{id}/usage (${(usage.events / 1e6).toLocaleString("en")}M events, ${usage.organizations.length.toLocaleString("en")} organizations)`,
            kind: "app",
            read: true,
            path: `/api/tenants/organizations/${usage.organizations[0]}/usage`,
            headers: viaToken,
            setupRequest: rotateUsagePaths(usage.organizations),
            expect: '"daily"',
            goal: { maxP99Ms: 100 },
          },
        ]
      : [];
  const usageWrites: Scenario[] =
    metering && ingestion && transfers
      ? [
          {
            key: "usage-post",
            label: `POST /api/tenants/organizations/{id}/usage (${BATCH_EVENTS} events, ${REPEATED_SHARE * 100}% repeated keys, ${INGEST_ORGANIZATIONS} organizations)`,
            kind: "app",
            read: false,
            method: "POST",
            path: `/api/tenants/organizations/${metering.ingestOrganizations[0]}/usage`,
            headers: { authorization: `Bearer ${metering.usageToken}`, "content-type": "application/json" },
            setupRequest: ingestion.setupRequest,
            onResponse: ingestion.onResponse,
            unit: { name: "events", perRequest: BATCH_EVENTS },
            goal: { minUnitsPerSecond: 5000 },
            fixedCount: { warmup: 2 * CONNECTIONS, min: 3 * CONNECTIONS, max: 400 },
            verify: () => ingestion.verify(sql),
          },
          {
            key: "credits-transfer",
            label: `POST /api/tenants/organizations/{id}/credits/add (agency → ${TRANSFER_ORGANIZATIONS} organizations, 1 credit)`,
            kind: "app",
            read: false,
            method: "POST",
            path: `/api/tenants/organizations/${metering.transferOrganizations[0]}/credits/add`,
            headers: { authorization: `Bearer ${metering.agencyToken}`, "content-type": "application/json" },
            setupRequest: transfers.setupRequest,
            onResponse: transfers.onResponse,
            unit: { name: "transfers", perRequest: 1 },
            goal: {},
            verify: () => transfers.verify(sql),
          },
        ]
      : [];

  const tenantReads = TENANTS ? appReads : appReads.filter((r) => r.kind === "ceiling");
  const auditReads = auditRows?.scenarios ?? [];
  const allRows =
    tenantReads.length + usageReads.length + auditReads.length + usageWrites.length + (TENANTS ? floors.length + 1 + infoRuns.length : 0);
  const loadOptions: LoadOptions = { durationS: DURATION_S, warmupS: WARMUP_S, sql, postmasterPid: cluster.postmasterPid() };
  const results: Measurement[] = [];
  const runAll = async (server: Server, scenarios: Scenario[]) => {
    for (const s of scenarios) {
      let check = "";
      // Two requests: the plans kept are the second's (the first may do once-a-minute work).
      const plans = await capturePlans(sql, cluster.logFile, async () => {
        check = await preflight(server.target, s);
        check = await preflight(server.target, s);
      });
      // The machine is shared: a row during which other processes took CPU is measured again (while
      // the time limit allows), and the quietest measurement is kept.
      let m = await measure(server.target, s, loadOptions);
      const rowsToCome = allRows - results.length;
      for (let retry = 1; retry <= MAX_RETRIES && m.otherCores > MAX_NOISE_CORES && timeLeftMs() > reserveMs(rowsToCome); retry++) {
        step(`${s.label}: other processes used ${m.otherCores.toFixed(2)} cores meanwhile: measuring again`);
        const again = await measure(server.target, s, loadOptions);
        if (again.otherCores < m.otherCores) m = again;
      }
      m.plans = plans;
      results.push(m);
      const perSecond = s.unit ? `, ${(m.rps * s.unit.perRequest).toFixed(0)} ${s.unit.name}/s` : "";
      step(
        `${s.label}: ${m.rps.toFixed(0)} req/s${perSecond}, p50 ${m.p50} ms, p99 ${m.p99} ms, non-2xx ${m.non2xx}, other CPU ${m.otherCores.toFixed(2)} (preflight ${check})`,
      );
      if (s.verify) {
        m.check = await s.verify();
        if (m.check.ok) step(`${s.label}: check OK: ${m.check.detail}`);
        else {
          failedChecks.push(s.label);
          console.error(`\n!!! ${s.label}: CHECK FAILED: ${m.check.detail}\n`);
        }
      }
    }
  };

  const reads = [...tenantReads, ...usageReads, ...auditReads];
  step(`warming up: every read for ${WARMUP_S} s, unmeasured`);
  await warmUp(
    app.target,
    reads.filter((s) => !s.fixedCount),
    WARMUP_S,
  );
  await runAll(app, reads);
  let exported: ExportResult | null = null;
  if (auditRows) {
    exported = await measureExport(app.target, viaToken, sql);
    step(`export: ${exportSummary(exported)}`);
  }
  if (bare) {
    await warmUp(bare.target, floors, WARMUP_S);
    await runAll(bare, floors);
    await stopServer(bare);
  }
  // The writes last among the LOG_LEVEL=warn runs: they add rows the reads would otherwise see.
  await runAll(app, [...(TENANTS ? [appWrite] : []), ...usageWrites]);
  await stopServer(app);

  if (TENANTS) {
    app = await startServer("app-info", APP_ROOT, ["tsx", "scripts/start.ts"], appPort, { ...serveEnv, LOG_LEVEL: "info" }, "/api/health", 180_000);
    step(`app restarted with LOG_LEVEL=info (pid ${app.target.pid})`);
    await warmUp(app.target, infoRuns, WARMUP_S);
    await runAll(app, infoRuns);
    await stopServer(app);
  }

  await sql.end({ timeout: 2 });

  const order = [
    ...["live", "list-q", "list-first", "list-first-jwt", "list-first-info", "list-deep", "get", "get-info", "post"],
    ...["reqs-first", "reqs-deep", "orgs-first", "orgs-deep", "page-registrations"],
    ...["usage-get", "usage-post", "credits-transfer"],
    ...["audit-filtered", "audit-filtered-2", "audit-deep", "audit-deep-2", "audit-agency-deep", "audit-stats", "audit-agency"],
    ...[
      "floor-list-q",
      "floor-list-first",
      "floor-list-deep",
      "floor-get",
      "floor-reqs-first",
      "floor-reqs-deep",
      "floor-orgs-first",
      "floor-orgs-deep",
    ],
  ];
  results.sort((a, b) => order.indexOf(a.scenario.key) - order.indexOf(b.scenario.key));

  const noisiest = Math.max(...results.map((m) => m.otherCores));
  const setting = [
    `${new Date().toISOString()} · commit ${gitDescription()} · Node ${process.version} · PostgreSQL ${cluster.version}`,
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB · load generator (autocannon) on the same machine · load average at start ${loadAtStart}`,
    ...(EXTRA_SQL ? [`BENCH_EXTRA_SQL: ${EXTRA_SQL}`] : []),
    ...(APP_NODE_OPTIONS ? [`BENCH_NODE_OPTIONS: ${APP_NODE_OPTIONS}`] : []),
    `${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per row · ${ORGANIZATIONS.toLocaleString("en")} tenants, q="${SEARCH_TERM}" matches ${seeded.matches} · ${REGISTRATIONS.toLocaleString("en")} registration requests (${byStatus}) · principal: superadmin`,
    ...(usage
      ? [
          `${usage.events.toLocaleString("en")} usage events over ${usage.organizations.length.toLocaleString("en")} organizations and the last ${USAGE_DAYS} days (${usage.dailyRows.toLocaleString("en")} usage_daily rows), loaded in ${(usage.ms / 1000).toFixed(0)} s · ` +
            `usage batches: ${BATCH_EVENTS} events (40% api_calls, 25% bandwidth_bytes, 15% storage_bytes, 20% credits), ${REPEATED_SHARE * 100}% repeated keys, usage-scoped token, a counted run (the warm-up's rate × ${DURATION_S} s) · transfers: agency owner's token`,
        ]
      : []),
    ...(audit
      ? [
          `${audit.rows.toLocaleString("en")} audit rows over 2,000 organizations and the last ${AUDIT_DAYS} days (agency ${audit.agencyId}'s admin sees ${audit.agencyVisibleRows.toLocaleString("en")}), loaded in ${(audit.ms / 1000).toFixed(0)} s; ` +
            `audit_logs ${Math.round(audit.sizesMb.table)} MB + ${Math.round(audit.sizesMb.indexes)} MB of indexes · stats target p99 < ${AUDIT_STATS_P99_MS} ms`,
        ]
      : []),
    ...(exported ? [`Audit export: ${exportSummary(exported)}`] : []),
    ...(noisiest > 0.15
      ? [
          `WARNING: other processes used up to ${noisiest.toFixed(2)} of ${os.cpus().length} cores during a row ("other CPU"): those figures are noisy.`,
        ]
      : []),
  ];
  console.log(
    `\n${setting.join("\n")}\n\n${consoleReport(results)}\n\nStatements of one request (auto_explain, actual parameters):\n${plansConsole(results)}`,
  );

  const markdown = [
    "## Benchmark: tenant API and console throughput",
    "",
    setting.map((s) => `${s}  `).join("\n"),
    "",
    markdownReport(results),
    "",
    "÷ trivial: the row's req/s over GET /api/health/live's (the framework's ceiling). ÷ floor: over bench/bare-server.ts's req/s for the same SQL",
    "(node:http + postgres.js). Peak RSS: the listening process during the row (a process keeps what earlier rows grew). Server CPU: the listening",
    "process only. PG CPU: all PostgreSQL processes. Queries and DB exec time: pg_stat_statements. Other CPU: the rest of the machine (noise).",
    "",
    "### Statements behind each row (pg_stat_statements, top 5 by total time)",
    "",
    statementsMarkdown(results),
    "",
    "### Plans of one request per row (auto_explain: EXPLAIN ANALYZE, BUFFERS with the actual parameters)",
    "",
    plansMarkdown(results),
    "",
  ].join("\n");
  writeFileSync(path.join(RESULTS, "latest.md"), markdown);
  step(`wrote ${path.relative(ROOT, path.join(RESULTS, "latest.md"))} (server logs beside it)`);
}

main()
  .then(() => {
    clearTimeout(watchdog);
    cleanUpNow();
    if (failedChecks.length) console.error(`\nCHECK FAILED for: ${failedChecks.join("; ")}`);
    process.exit(failedChecks.length ? 1 : 0);
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    cleanUpNow();
    process.exit(1);
  });
