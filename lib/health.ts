// Readiness: the process answers and the database answers within a second.
import { getDatabase } from "@/db";
import { pingDatabase } from "@/db/client";

interface Health {
  status: "ok" | "unavailable";
  database: { status: "ok" | "unreachable"; engine?: "postgres" | "pglite"; latency_ms?: number };
}

const TIMEOUT_MS = 1000;

export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  try {
    const handle = await withTimeout(getDatabase(), TIMEOUT_MS * 5);
    await withTimeout(pingDatabase(handle.db), TIMEOUT_MS);
    return { status: "ok", database: { status: "ok", engine: handle.kind, latency_ms: Math.round(performance.now() - started) } };
  } catch {
    return { status: "unavailable", database: { status: "unreachable" } };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
    }),
  ]);
}
