// The audit trail's rows of the benchmark (issue 6): with BENCH_AUDIT_ROWS rows loaded (bench/seed-audit.ts),
// a filtered page (action + organization), a deep keyset page, the same trail as an agency admin sees it
// (visibility filter), the 30-day statistics at low concurrency, and the NDJSON export's throughput with the
// server's RSS sampled while it streams.
import type autocannon from "autocannon";
import type postgres from "postgres";
import { DAY_MS } from "../lib/time";
import type { Scenario, Target } from "./load";
import { rssKb, sleep } from "./processes";
import { AUDIT_ACTIONS, type AuditSeed } from "./seed-audit";
import { type Headers, api } from "./api-client";

/** The issue's targets: p99 of a filtered and of a deep keyset page, and of the 30-day statistics. */
export const AUDIT_PAGE_P99_MS = 50;
export const AUDIT_STATS_P99_MS = 200;
/** The statistics run at this many connections: a heavy aggregate, not a page. */
export const AUDIT_STATS_CONNECTIONS = 2;
/** The export streams for at most this long (the rows/s are over what arrived). */
const EXPORT_LIMIT_S = Number(process.env.BENCH_AUDIT_EXPORT_SECONDS ?? 45);
/** The export's filter: the newest 10% of the trail (the last 6 of its 60 days), ~1M of 10M rows. */
export const EXPORT_DAYS = 6;

/** An owner for the seeded agency with the most audited organizations, signed in: a personal token of theirs. */
export async function createAgencyAdmin(baseUrl: string, superadmin: Headers, agencyId: number, runTag: string): Promise<Headers> {
  const email = `bench-audit-agency-${runTag}@example.com`;
  const password = `bench-${runTag}-audit`;
  const { id: userId } = await api<{ id: number }>(baseUrl, "POST", "/api/tenants/users", superadmin, {
    email,
    name: "Bench Audit Agency Admin",
    password,
  });
  await api(baseUrl, "POST", `/api/tenants/admins/${agencyId}/assign-owner`, superadmin, { user_id: userId });
  const { access_token: jwt } = await api<{ access_token: string }>(baseUrl, "POST", "/api/v1/auth/token", {}, { email, password });
  const { token } = await api<{ token: string }>(baseUrl, "POST", "/api/v1/api-tokens", { authorization: `Bearer ${jwt}` }, { name: "bench audit" });
  return { authorization: `Bearer ${token}` };
}

/** Follows next_cursor `pages` times from the newest page: the cursor a client scrolling that far holds. */
async function followCursor(baseUrl: string, headers: Headers, pages: number): Promise<string> {
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const page: { next_cursor: string | null } = await api(
      baseUrl,
      "GET",
      `/api/tenants/audit-logs?limit=200${cursor ? `&cursor=${cursor}` : ""}`,
      headers,
    );
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  if (!cursor) throw new Error("GET /api/tenants/audit-logs gave no next_cursor");
  return cursor;
}

export interface AuditScenarios {
  scenarios: Scenario[];
  deepCursors: string[];
}

export async function auditScenarios(baseUrl: string, superadmin: Headers, agencyAdmin: Headers, seed: AuditSeed): Promise<AuditScenarios> {
  // Filtered pages: 100 (action, organization) pairs, ~rows ÷ 2,000 ÷ 30 ≈ 150 rows each.
  const pairs = seed.organizations
    .slice(0, 100)
    .map((org, i) => `action=${encodeURIComponent(AUDIT_ACTIONS[(i * 7) % AUDIT_ACTIONS.length])}&organization_id=${org}`);
  let p = 0;
  const rotatePairs = (req: autocannon.Request) => ({ ...req, path: `/api/tenants/audit-logs?${pairs[p++ % pairs.length]}&limit=50` });
  // Deep keyset pages: a cursor reached by following next_cursor (25 pages of 200: 5,000 rows deep), and
  // 99 more spread evenly over the whole trail (a cursor is an id: what following it that far would hold).
  const followed = await followCursor(baseUrl, superadmin, 25);
  const deepCursors = [followed, ...Array.from({ length: 99 }, (_, i) => String(Math.round((seed.rows * (i + 1)) / 100)))];
  let d = 0;
  const rotateCursors = (req: autocannon.Request) => ({
    ...req,
    path: `/api/tenants/audit-logs?cursor=${deepCursors[d++ % deepCursors.length]}&limit=50`,
  });
  const rows = `${(seed.rows / 1e6).toLocaleString("en")}M rows`;
  return {
    deepCursors,
    scenarios: [
      {
        key: "audit-filtered",
        label: `GET /api/tenants/audit-logs?action=&organization_id=&limit=50 (${rows}, 100 pairs)`,
        kind: "app",
        read: true,
        path: `/api/tenants/audit-logs?${pairs[0]}&limit=50`,
        headers: superadmin,
        setupRequest: rotatePairs,
        expect: '"next_cursor"',
        goal: { maxP99Ms: AUDIT_PAGE_P99_MS },
      },
      {
        key: "audit-deep",
        label: `GET /api/tenants/audit-logs?cursor=<deep>&limit=50 (${rows}, 100 cursors)`,
        kind: "app",
        read: true,
        path: `/api/tenants/audit-logs?cursor=${deepCursors[0]}&limit=50`,
        headers: superadmin,
        setupRequest: rotateCursors,
        expect: '"next_cursor"',
        goal: { maxP99Ms: AUDIT_PAGE_P99_MS },
      },
      // The same two pages at 2 connections: one request's latency, without 16 connections queueing in the
      // app's one event loop.
      {
        key: "audit-filtered-2",
        label: `same filtered page, ${AUDIT_STATS_CONNECTIONS} connections`,
        kind: "app",
        read: true,
        path: `/api/tenants/audit-logs?${pairs[0]}&limit=50`,
        headers: superadmin,
        setupRequest: rotatePairs,
        connections: AUDIT_STATS_CONNECTIONS,
        expect: '"next_cursor"',
        goal: { maxP99Ms: AUDIT_PAGE_P99_MS },
      },
      {
        key: "audit-deep-2",
        label: `same deep keyset page, ${AUDIT_STATS_CONNECTIONS} connections`,
        kind: "app",
        read: true,
        path: `/api/tenants/audit-logs?cursor=${deepCursors[0]}&limit=50`,
        headers: superadmin,
        setupRequest: rotateCursors,
        connections: AUDIT_STATS_CONNECTIONS,
        expect: '"next_cursor"',
        goal: { maxP99Ms: AUDIT_PAGE_P99_MS },
      },
      {
        key: "audit-agency-deep",
        label: `GET /api/tenants/audit-logs?cursor=<mid-trail>&limit=50 as an agency admin`,
        kind: "app",
        read: true,
        path: `/api/tenants/audit-logs?cursor=${Math.round(seed.rows / 2)}&limit=50`,
        headers: agencyAdmin,
        expect: '"next_cursor"',
        goal: {},
      },
      {
        key: "audit-stats",
        label: `GET /api/tenants/audit-logs/stats?days=30 (${AUDIT_STATS_CONNECTIONS} connections)`,
        kind: "app",
        read: true,
        path: "/api/tenants/audit-logs/stats?days=30",
        headers: superadmin,
        connections: AUDIT_STATS_CONNECTIONS,
        // Counted, not timed: with 10 million rows one request takes seconds, so a timed run of 8 s would
        // end with few answers and cut the rest; a warm-up of 2 requests, then 3 rounds of 2.
        fixedCount: { warmup: AUDIT_STATS_CONNECTIONS, min: 3 * AUDIT_STATS_CONNECTIONS, max: 3 * AUDIT_STATS_CONNECTIONS },
        timeoutS: 120,
        expect: '"per_day"',
        goal: { maxP99Ms: AUDIT_STATS_P99_MS },
      },
      {
        key: "audit-agency",
        label: `GET /api/tenants/audit-logs?limit=50 as an agency admin (${seed.agencyVisibleRows.toLocaleString("en")} rows visible, total counted)`,
        kind: "app",
        read: true,
        path: "/api/tenants/audit-logs?limit=50",
        headers: agencyAdmin,
        expect: '"next_cursor"',
        goal: {},
        // Last: with 10 million rows its total takes seconds, and the statements of requests autocannon
        // gave up on keep PostgreSQL busy after the row.
      },
    ],
  };
}

export interface ExportResult {
  path: string;
  rows: number;
  bytes: number;
  seconds: number;
  /** Whether the whole filtered trail arrived (else the time limit cut it). */
  complete: boolean;
  rssStartMb: number;
  rssPeakMb: number;
  rssEndMb: number;
  /** RSS every 5 s while streaming, MB. */
  rssTrailMb: number[];
}

/** Streams GET .../export?format=ndjson for the newest EXPORT_DAYS days, counting lines, sampling the server's RSS. */
export async function measureExport(target: Target, superadmin: Headers, sql: postgres.Sql): Promise<ExportResult> {
  // Statements of earlier requests that autocannon gave up on may still run: wait for them (2 minutes at most).
  const idleBy = Date.now() + 120_000;
  for (;;) {
    const [{ n }] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`;
    if (n === 0 || Date.now() > idleBy) break;
    await sleep(500);
  }
  const from = new Date(Date.now() - EXPORT_DAYS * DAY_MS).toISOString();
  const path = `/api/tenants/audit-logs/export?format=ndjson&from=${encodeURIComponent(from)}`;
  await sleep(1000);
  const rssStartMb = rssKb(target.pid) / 1024;
  let rssPeakMb = rssStartMb;
  const rssTrailMb: number[] = [];
  let ticks = 0;
  const sampler = setInterval(() => {
    const mb = rssKb(target.pid) / 1024;
    rssPeakMb = Math.max(rssPeakMb, mb);
    if (++ticks % 25 === 0) rssTrailMb.push(Math.round(mb));
  }, 200);
  const controller = new AbortController();
  const stop = setTimeout(() => controller.abort(), EXPORT_LIMIT_S * 1000);
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  let complete = false;
  try {
    const res = await fetch(target.baseUrl + path, { headers: superadmin, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const byte of value) if (byte === 10) rows++;
    }
    complete = true;
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(stop);
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  await sleep(1000);
  return { path, rows, bytes, seconds, complete, rssStartMb, rssPeakMb, rssEndMb: rssKb(target.pid) / 1024, rssTrailMb };
}

export function exportSummary(e: ExportResult): string {
  return (
    `GET ${e.path}: ${e.rows.toLocaleString("en")} rows (${(e.bytes / 1048576).toFixed(0)} MB) in ${e.seconds.toFixed(1)} s${e.complete ? "" : " (cut by the time limit)"}: ` +
    `${Math.round(e.rows / e.seconds).toLocaleString("en")} rows/s, ${(e.bytes / 1048576 / e.seconds).toFixed(1)} MB/s; server RSS ${e.rssStartMb.toFixed(0)} MB before, ` +
    `peak ${e.rssPeakMb.toFixed(0)} MB, ${e.rssEndMb.toFixed(0)} MB after (every 5 s: ${e.rssTrailMb.join(", ")})`
  );
}
