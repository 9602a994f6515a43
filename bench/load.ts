// One measurement: an autocannon warm-up, then the measured run, with the server's peak RSS, its CPU
// time, PostgreSQL's CPU time and the statements PostgreSQL ran (pg_stat_statements) over the run.
import autocannon from "autocannon";
import type postgres from "postgres";
import type { CapturedPlan } from "./diagnostics";
import { clusterCpuMs, cpuMs, machineBusyMs, type RssSampler, sleep } from "./processes";

export const CONNECTIONS = 16;

export interface Target {
  /** Where the requests go and which process serves them. */
  baseUrl: string;
  pid: number;
  rss: RssSampler;
}

export interface Scenario {
  key: string;
  label: string;
  /** "app", "floor" (the bare server) or "ceiling" (the trivial route). */
  kind: "app" | "floor" | "ceiling";
  read: boolean;
  /** The floor scenario this one compares to. */
  floorKey?: string;
  /** A deep page: the first page's scenario it compares to (deep ÷ first page, at most 2×). */
  firstKey?: string;
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  /** Text the preflight's answer must contain (a page: proof that it rendered, not the sign-in page). */
  expect?: string;
  /** Builds each request: rotating ids, unique slugs. */
  setupRequest?: (req: autocannon.Request) => autocannon.Request;
  /** Sees each answer (its status and body): counts what a write row's answers said. */
  onResponse?: (status: number, body: string) => void;
  /** Work items per request (500 events per batch): the row also reports items per second. */
  unit?: { name: string; perRequest: number };
  /** The target for this row, shown in its own table instead of the general targets (p99, RSS, errors). */
  goal?: { minUnitsPerSecond?: number; maxP99Ms?: number };
  /**
   * Counted requests instead of timed runs: `warmup` requests, then the warm-up's rate × the duration
   * (between min and max). autocannon ends a timed run by cutting the requests in flight, so only a
   * counted run lets a check afterwards know exactly what reached the server.
   */
  fixedCount?: { warmup: number; min: number; max: number };
  /** Connections of this row (CONNECTIONS unless set): a heavy aggregate is measured at low concurrency. */
  connections?: number;
  /** Seconds before a request counts as an error (10 unless set): the heavy aggregate takes seconds. */
  timeoutS?: number;
  /** Checks what the row wrote, once it (and its retries) ran: SQL against what was sent. */
  verify?: () => Promise<{ ok: boolean; detail: string }>;
}

export interface Measurement {
  scenario: Scenario;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  peakRssMb: number;
  serverCpuMsPerReq: number;
  pgCpuMsPerReq: number;
  /** CPU used meanwhile by processes other than the server, PostgreSQL and the load generator, in cores: noise. */
  otherCores: number;
  queriesPerReq: number;
  dbMsPerReq: number;
  /** The statements that took most of PostgreSQL's time, per request. */
  statements: { query: string; callsPerReq: number; meanMs: number; rows: number }[];
  /** auto_explain's plans of one request (set by the caller, around its preflight). */
  plans: CapturedPlan[];
  /** The scenario's verify(), run after the row (set by the caller). */
  check?: { ok: boolean; detail: string };
}

export interface LoadOptions {
  durationS: number;
  warmupS: number;
  sql: postgres.Sql;
  postmasterPid: number;
}

/** A timed run ({durationS}) or a counted one ({amount}: it ends when every request has its answer). */
function fire(target: Target, s: Scenario, run: { durationS: number } | { amount: number }): Promise<autocannon.Result> {
  return autocannon({
    url: target.baseUrl,
    connections: s.connections ?? CONNECTIONS,
    ...("amount" in run ? { amount: run.amount } : { duration: run.durationS }),
    timeout: s.timeoutS ?? 10,
    headers: s.headers,
    // autocannon copies an undefined setupRequest over its default one: only set it when there is one.
    requests: [
      {
        method: s.method ?? "GET",
        path: s.path,
        headers: s.headers,
        ...(s.setupRequest ? { setupRequest: s.setupRequest } : {}),
        ...(s.onResponse ? { onResponse: s.onResponse } : {}),
      },
    ],
  });
}

/**
 * Runs each read once under load, unmeasured, so that no row pays for the server's first requests of a
 * route (loading its code, optimizing it, preparing statements on every pooled connection): measured,
 * the first route row cost ~30% more server CPU per request than the same route later in the run.
 */
export async function warmUp(target: Target, scenarios: Scenario[], secondsEach: number): Promise<void> {
  for (const s of scenarios) await fire(target, s, { durationS: secondsEach });
}

/** Requests per second over the whole run (a counted run's last second is partial: no per-second average). */
const overallRate = (r: autocannon.Result) => (r.duration > 0 ? r.requests.total / r.duration : 0);

/**
 * Waits until PostgreSQL runs no statement for the benchmark's database but ours: requests still in
 * flight when autocannon stops would otherwise be counted in the next window.
 */
async function settle(sql: postgres.Sql) {
  const deadline = Date.now() + 5000;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
    quiet = n === 0 ? quiet + 1 : 0;
    await sleep(50);
  }
}

export async function measure(target: Target, s: Scenario, opts: LoadOptions): Promise<Measurement> {
  target.rss.reset();
  const warmup = await fire(target, s, s.fixedCount ? { amount: s.fixedCount.warmup } : { durationS: opts.warmupS });
  await settle(opts.sql);
  const run = s.fixedCount
    ? { amount: Math.min(s.fixedCount.max, Math.max(s.fixedCount.min, Math.round(overallRate(warmup) * opts.durationS))) }
    : { durationS: opts.durationS };
  await opts.sql`select pg_stat_statements_reset()`;
  const serverCpu = cpuMs(target.pid);
  const pgCpu = clusterCpuMs(opts.postmasterPid);
  const machineCpu = machineBusyMs();
  const ownCpu = process.cpuUsage();
  const startedAt = performance.now();
  const result = await fire(target, s, run);
  await settle(opts.sql);
  const elapsedMs = performance.now() - startedAt;
  const serverCpuUsed = cpuMs(target.pid) - serverCpu;
  const pgCpuUsed = clusterCpuMs(opts.postmasterPid) - pgCpu;
  const own = process.cpuUsage(ownCpu);
  const otherCpuUsed = machineBusyMs() - machineCpu - serverCpuUsed - pgCpuUsed - (own.user + own.system) / 1000;
  // Statements of other databases and the benchmark's own (the reset, settle()) are left out.
  const [stats] = await opts.sql<{ calls: number; ms: number }[]>`
    select coalesce(sum(calls), 0)::float8 as calls, coalesce(sum(total_exec_time), 0)::float8 as ms
    from pg_stat_statements
    where dbid = (select oid from pg_database where datname = current_database())
      and query not ilike '%pg\\_stat\\_%'`;
  const top = await opts.sql<{ query: string; calls: number; mean: number; rows: number }[]>`
    select query, calls::float8 as calls, mean_exec_time::float8 as mean, rows::float8 as rows
    from pg_stat_statements
    where dbid = (select oid from pg_database where datname = current_database())
      and query not ilike '%pg\\_stat\\_%'
    order by total_exec_time desc limit 5`;
  const requests = result.requests.total;
  // Per request sent: the requests still in flight at the end ran their statements too (settle waited for them).
  const sent = Math.max(result.requests.sent, requests);
  const per = (x: number) => (sent > 0 ? x / sent : 0);
  return {
    scenario: s,
    requests,
    rps: s.fixedCount ? overallRate(result) : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    peakRssMb: target.rss.peakMb(),
    serverCpuMsPerReq: per(serverCpuUsed),
    pgCpuMsPerReq: per(pgCpuUsed),
    otherCores: Math.max(0, otherCpuUsed) / elapsedMs,
    queriesPerReq: per(stats.calls),
    dbMsPerReq: per(stats.ms),
    plans: [],
    statements: top.map((t) => ({
      query: t.query.replace(/\s+/g, " ").trim(),
      callsPerReq: per(t.calls),
      meanMs: t.mean,
      rows: t.calls ? t.rows / t.calls : 0,
    })),
  };
}
