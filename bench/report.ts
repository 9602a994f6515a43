// The benchmark's figures as a console table and as Markdown, with the targets marked PASS/MISS.
import type { Measurement } from "./load";

export const TARGETS = { readRatio: 0.8, p99Ms: 100, rssMb: 500 };

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

const HEADERS = ["endpoint", "req/s", "p50 ms", "p99 ms", "errors / non-2xx", "peak RSS MB", "÷ trivial", "÷ floor", "server CPU ms/req", "PG CPU ms/req", "queries/req", "DB exec ms/req", "other CPU (cores)"];

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

const TARGET_HEADERS = ["endpoint", `req/s ≥ ${TARGETS.readRatio} × trivial (reads)`, `p99 < ${TARGETS.p99Ms} ms`, `RSS < ${TARGETS.rssMb} MB`, "no errors"];

function targetRows(all: Measurement[]): Row[] {
  const mark = (ok: boolean, figure: string) => `${ok ? "PASS" : "MISS"} (${figure})`;
  return all
    .filter((m) => m.scenario.kind === "app")
    .map((m) => {
      const r = ratios(m, all);
      return {
        cells: [
          m.scenario.label,
          m.scenario.read ? mark(r.vsTrivial >= TARGETS.readRatio, f(r.vsTrivial, 2)) : "n/a (write)",
          mark(m.p99 < TARGETS.p99Ms, `${f(m.p99, 1)} ms`),
          mark(m.peakRssMb < TARGETS.rssMb, `${f(m.peakRssMb)} MB`),
          mark(m.errors === 0 && m.non2xx === 0, `${m.errors}/${m.non2xx}`),
        ],
      };
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
  return `${consoleTable(HEADERS, figureRows(all))}\n\nTargets (figures only, not a test):\n${consoleTable(TARGET_HEADERS, targetRows(all))}`;
}

export function markdownReport(all: Measurement[]): string {
  return `${markdownTable(HEADERS, figureRows(all))}\n\nTargets (figures only, not a test):\n\n${markdownTable(TARGET_HEADERS, targetRows(all))}`;
}
