// The serving process's V8 heap limit. Left alone, V8 lets the old generation grow towards ~2 GiB before
// it collects hard, and a busy server sat at 500-560 MB; at this limit it stays near 300 MB, at the same
// throughput. V8 fixes the limit when a process starts, so start.ts runs itself once more with it, after
// building (a build needs about 1 GiB). An explicit --max-old-space-size (NODE_OPTIONS) wins.
export const SERVER_HEAP_MB = 320;

/**
 * The arguments to run this script again with the heap limit, or null when the process already has a
 * limit of its own (on its command line or in NODE_OPTIONS): then it serves as it is.
 */
export function restartWithHeapLimit(execArgv: string[], nodeOptions: string | undefined, scriptArgv: string[]): string[] | null {
  const given = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)].some((arg) => arg.startsWith("--max-old-space-size"));
  return given ? null : [...execArgv, `--max-old-space-size=${SERVER_HEAP_MB}`, ...scriptArgv];
}
