// Where the database time goes: the plans of the statements one request of each row ran, with their
// actual parameters, as auto_explain logged them (switched on around the row's preflight requests only),
// and the statements pg_stat_statements counted during the row.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type postgres from "postgres";
import type { Measurement } from "./load";
import { sleep } from "./processes";

export interface CapturedPlan {
  durationMs: number;
  query: string;
  plan: string;
}

function readFrom(file: string, offset: number): string {
  const size = statSync(file).size;
  if (size <= offset) return "";
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString("utf8");
}

/** Log entries "... LOG:  duration: 1.234 ms  plan:" whose continuation lines start with a tab. */
function parsePlans(log: string): CapturedPlan[] {
  const plans: CapturedPlan[] = [];
  let current: { durationMs: number; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const body = current.lines;
    const planStart = body.findIndex((l) => /\(cost=|\(actual /.test(l));
    const queryLines = planStart < 0 ? body : body.slice(0, planStart);
    const query = queryLines
      .join(" ")
      .replace(/^\s*Query Text:\s*/, "")
      .replace(/\s+/g, " ")
      .trim();
    plans.push({ durationMs: current.durationMs, query, plan: planStart < 0 ? "" : body.slice(planStart).join("\n") });
    current = null;
  };
  for (const line of log.split("\n")) {
    if (line.startsWith("\t")) {
      current?.lines.push(line.slice(1));
      continue;
    }
    flush();
    const m = /LOG:\s+duration: ([\d.]+) ms\s+plan:/.exec(line);
    if (m) current = { durationMs: Number(m[1]), lines: [] };
  }
  flush();
  return plans;
}

/** Runs `requests` with auto_explain logging every statement; the last plan of each distinct statement. */
export async function capturePlans(sql: postgres.Sql, serverLog: string, requests: () => Promise<unknown>): Promise<CapturedPlan[]> {
  await sql`alter system set auto_explain.log_min_duration = 0`;
  await sql`select pg_reload_conf()`;
  await sleep(200);
  const offset = statSync(serverLog).size;
  try {
    await requests();
  } finally {
    await sql`alter system reset auto_explain.log_min_duration`;
    await sql`select pg_reload_conf()`;
  }
  await sleep(200);
  const byQuery = new Map<string, CapturedPlan>();
  for (const p of parsePlans(readFrom(serverLog, offset))) {
    if (/pg_reload_conf|pg_stat_|alter system/i.test(p.query)) continue;
    byQuery.set(p.query, p);
  }
  return [...byQuery.values()];
}

export function plansConsole(all: Measurement[]): string {
  return all
    .filter((m) => m.plans.length > 0)
    .map((m) => {
      const slowest = [...m.plans].sort((a, b) => b.durationMs - a.durationMs)[0];
      const total = m.plans.reduce((s, p) => s + p.durationMs, 0);
      return `  ${m.scenario.label}: ${m.plans.length} statements, ${total.toFixed(2)} ms; slowest ${slowest.durationMs.toFixed(2)} ms: ${slowest.plan.split("\n")[0]?.trim().slice(0, 90)}`;
    })
    .join("\n");
}

export function plansMarkdown(all: Measurement[]): string {
  return all
    .filter((m) => m.plans.length > 0)
    .map((m) => {
      const plans = m.plans
        .map((p) => `${p.durationMs.toFixed(3)} ms: \`${p.query.slice(0, 300)}${p.query.length > 300 ? "…" : ""}\`\n\n\`\`\`\n${p.plan}\n\`\`\``)
        .join("\n\n");
      return `<details><summary>${m.scenario.label}</summary>\n\n${plans}\n\n</details>`;
    })
    .join("\n\n");
}

export function statementsMarkdown(all: Measurement[]): string {
  return all
    .filter((m) => m.statements.length > 0)
    .map((m) => {
      const lines = m.statements.map(
        (s) =>
          `| ${s.callsPerReq.toFixed(2)} | ${s.meanMs.toFixed(3)} | ${s.rows.toFixed(1)} | \`${s.query.slice(0, 220).replace(/\|/g, "\\|")}${s.query.length > 220 ? "…" : ""}\` |`,
      );
      return `#### ${m.scenario.label}\n\n| calls/req | mean ms | rows/call | statement |\n| ---: | ---: | ---: | --- |\n${lines.join("\n")}`;
    })
    .join("\n\n");
}
