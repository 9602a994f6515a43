// The benchmark's figures as a console table and as Markdown, with the targets marked PASS/MISS.
import type { Measurement } from "./load";

export const TARGETS = { p99Ms: 100, rssMb: 500, deepRatio: 2 };

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

interface Row {
  cells: string[];
}

function ratios(m: Measurement, all: Measurement[]) {
  const ceiling = all.find((x) => x.scenario.kind === "ceiling");
  const floor = m.scenario.floorKey ? all.find((x) => x.scenario.key === m.scenario.floorKey) : undefined;
  return {
    vsTrivial: ceiling && m.scenario.kind !== "ceiling" ? m.rps / ceiling.rps : m.scenario.kind === "ceiling" ? 1 : NaN,
    vsFloor: floor ? m.rps / floor.rps : NaN,
  };
}

const HEADERS = [
  "endpoint",
  "req/s",
  "p50 ms",
  "p99 ms",
  "errors / non-2xx",
  "peak RSS MB",
  "÷ trivial",
  "÷ floor",
  "server CPU ms/req",
  "PG CPU ms/req",
  "queries/req",
  "DB exec ms/req",
  "other CPU (cores)",
];

function figureRows(all: Measurement[]): Row[] {
  return all.map((m) => {
    const r = ratios(m, all);
    return {
      cells: [
        m.scenario.label,
        f(m.rps),
        f(m.p50, 1),
        f(m.p99, 1),
        `${m.errors} / ${m.non2xx}`,
        f(m.peakRssMb),
        f(r.vsTrivial, 2),
        f(r.vsFloor, 2),
        f(m.serverCpuMsPerReq, 2),
        f(m.pgCpuMsPerReq, 2),
        f(m.queriesPerReq, 2),
        f(m.dbMsPerReq, 2),
        f(m.otherCores, 2),
      ],
    };
  });
}

const TARGET_HEADERS = ["endpoint", `p99 < ${TARGETS.p99Ms} ms`, `RSS < ${TARGETS.rssMb} MB`, "no errors"];

const mark = (ok: boolean, figure: string) => `${ok ? "PASS" : "MISS"} (${figure})`;

function targetRows(all: Measurement[]): Row[] {
  return all
    .filter((m) => m.scenario.kind === "app" && !m.scenario.goal)
    .map((m) => ({
      cells: [
        m.scenario.label,
        mark(m.p99 < TARGETS.p99Ms, `${f(m.p99, 1)} ms`),
        mark(m.peakRssMb < TARGETS.rssMb, `${f(m.peakRssMb)} MB`),
        mark(m.errors === 0 && m.non2xx === 0, `${m.errors}/${m.non2xx}`),
      ],
    }));
}

const GOAL_HEADERS = ["row", "req/s", "items/s", "p50 ms", "p99 ms", "errors / non-2xx", "target", "check after the row (SQL)"];

/** The rows with a target of their own (usage metering, credits): the figure it is about, and the row's check. */
function goalRows(all: Measurement[]): Row[] {
  return all
    .filter((m) => m.scenario.goal)
    .map((m) => {
      const goal = m.scenario.goal!;
      const unit = m.scenario.unit;
      const perSecond = unit ? m.rps * unit.perRequest : m.rps;
      const targets: string[] = [];
      if (goal.minUnitsPerSecond !== undefined)
        targets.push(
          mark(perSecond >= goal.minUnitsPerSecond, `${f(perSecond)} ≥ ${goal.minUnitsPerSecond.toLocaleString("en")} ${unit?.name ?? "req"}/s`),
        );
      if (goal.maxP99Ms !== undefined) targets.push(mark(m.p99 < goal.maxP99Ms, `p99 ${f(m.p99, 1)} < ${goal.maxP99Ms} ms`));
      const check = m.check ? `${m.check.ok ? "OK" : "FAILED"}: ${m.check.detail}` : "—";
      return {
        cells: [
          m.scenario.label,
          f(m.rps, 1),
          unit ? `${f(perSecond)} ${unit.name}/s` : "—",
          f(m.p50, 1),
          f(m.p99, 1),
          `${m.errors} / ${m.non2xx}`,
          targets.length ? targets.join(", ") : "none (figure only)",
          check,
        ],
      };
    });
}

const DEEP_HEADERS = [
  "deep page",
  "first page",
  "req/s (first → deep)",
  "p50 ms (first → deep)",
  "p99 ms (first → deep)",
  `deep ÷ first page ≤ ${TARGETS.deepRatio}×`,
];

/**
 * Deep pages against their first page. The ratio is the time per request at the same concurrency
 * (first page's req/s over the deep page's); p50 and p99 are shown beside it.
 */
function deepRows(all: Measurement[]): Row[] {
  return all.flatMap((m) => {
    const first = m.scenario.firstKey ? all.find((x) => x.scenario.key === m.scenario.firstKey) : undefined;
    if (!first) return [];
    const ratio = m.rps > 0 ? first.rps / m.rps : Infinity;
    return [
      {
        cells: [
          m.scenario.label,
          first.scenario.label,
          `${f(first.rps)} → ${f(m.rps)}`,
          `${f(first.p50, 1)} → ${f(m.p50, 1)}`,
          `${f(first.p99, 1)} → ${f(m.p99, 1)}`,
          `${ratio <= TARGETS.deepRatio ? "PASS" : "MISS"} (${f(ratio, 2)}×)`,
        ],
      },
    ];
  });
}

function consoleTable(headers: string[], rows: Row[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map((r) => line(r.cells))].join("\n");
}

function markdownTable(headers: string[], rows: Row[]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [
    `| ${headers.map(esc).join(" | ")} |`,
    `| ${headers.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.cells.map(esc).join(" | ")} |`),
  ].join("\n");
}

export function consoleReport(all: Measurement[]): string {
  const deep = deepRows(all);
  const goals = goalRows(all);
  const targets = targetRows(all);
  return [
    consoleTable(HEADERS, figureRows(all)),
    ...(targets.length ? [`Targets (figures only, not a test):\n${consoleTable(TARGET_HEADERS, targets)}`] : []),
    ...(goals.length
      ? [`Rows with targets of their own (usage metering, credits, audit trail; the checks must hold):\n${consoleTable(GOAL_HEADERS, goals)}`]
      : []),
    ...(deep.length ? [`Deep pages (deep ÷ first page: the first page's req/s over the deep page's):\n${consoleTable(DEEP_HEADERS, deep)}`] : []),
  ].join("\n\n");
}

export function markdownReport(all: Measurement[]): string {
  const deep = deepRows(all);
  const goals = goalRows(all);
  const targets = targetRows(all);
  return [
    markdownTable(HEADERS, figureRows(all)),
    ...(targets.length ? [`Targets (figures only, not a test):\n\n${markdownTable(TARGET_HEADERS, targets)}`] : []),
    ...(goals.length
      ? [`Rows with targets of their own (usage metering, credits, audit trail; the checks must hold):\n\n${markdownTable(GOAL_HEADERS, goals)}`]
      : []),
    ...(deep.length
      ? [
          `Deep pages (deep ÷ first page: the first page's req/s over the deep page's, i.e. time per request at the same concurrency):\n\n${markdownTable(DEEP_HEADERS, deep)}`,
        ]
      : []),
  ].join("\n\n");
}
