// Structured JSON-line logging. Callers pass fields, never secrets: redact() strips the known ones anyway.
import { config } from "@/lib/config";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie|hash/i;

// drizzle's DrizzleQueryError writes the failed statement's parameters into its message (and so its
// stack): "Failed query: ...\nparams: <values>". Those values can be a password hash or a link's token.
const QUERY_PARAMS = /\nparams:[\s\S]*?(?=\n {4}at |$)/;
const withoutParams = (text: string | undefined) => text?.replace(QUERY_PARAMS, "\nparams: [redacted]");

function redactError(err: Error, depth: number): Record<string, unknown> {
  const cause = err.cause instanceof Error && depth < 4 ? redactError(err.cause, depth + 1) : undefined;
  return { name: err.name, message: withoutParams(err.message), stack: withoutParams(err.stack), ...(cause ? { cause } : {}) };
}

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) return redactError(value, depth);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? "[redacted]" : redact(v, depth + 1)]));
}

function write(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  let threshold: Level | "silent" = "info";
  try {
    threshold = config().LOG_LEVEL;
  } catch {
    // configuration errors are reported by whoever reads config first
  }
  if (ORDER[level] < ORDER[threshold]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(redact(fields) as object) });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
