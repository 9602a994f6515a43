// More production servers on the suite's PostgreSQL database, beside playwright.config.ts's webServer:
// e2e/second-instance.ts (scripts/start.ts without the build) with the webServer's environment, its own
// port and data directory. For the specs that need two servers at once, or one they may kill.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestInfo } from "@playwright/test";
import { E2E_AUTH_SECRET, SUPERADMIN_EMAIL, SUPERADMIN_PASSWORD, freePort } from "./support";

export interface Instance {
  url: string;
  child: ChildProcess;
  dataDir: string;
  log: string[];
}

/** Starts a server and resolves once its /api/health answers 200; `label` prefixes its errors in the run's output. */
export async function startInstance(testInfo: TestInfo, label = "second server"): Promise<Instance> {
  const root = path.dirname(testInfo.config.configFile ?? path.join(process.cwd(), "playwright.config.ts"));
  const port = freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "cp-e2e-instance-"));
  const log: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "e2e/second-instance.ts"], {
    cwd: root,
    // Its own process group, so that stopping it stops everything it started.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      // What a config without a webServer env would need...
      DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
      AUTH_SECRET: E2E_AUTH_SECRET,
      SUPERADMIN_EMAIL,
      SUPERADMIN_PASSWORD,
      TRUST_PROXY: "1",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      // ...but the first server's own environment wins (it may grow), except its port and data directory.
      ...(testInfo.config.webServer?.env ?? {}),
      PORT: String(port),
      DATA_DIR: dataDir,
    },
  });
  const keep = (chunk: Buffer) => {
    const lines = chunk.toString().split("\n").filter(Boolean);
    // Its errors (a 500's cause) show in the run's output, as the first server's do.
    for (const line of lines) if (line.includes('"level":"error"')) console.error(`[${label}] ${line}`);
    log.push(...lines);
    if (log.length > 300) log.splice(0, log.length - 300);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const instance = { url: `http://localhost:${port}`, child, dataDir, log };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The ${label} exited with ${child.exitCode}:\n${log.join("\n")}`);
    try {
      const response = await fetch(`${instance.url}/api/health`);
      if (response.ok) return instance;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopInstance(instance);
      throw new Error(`The ${label} did not become healthy within 120 s:\n${log.join("\n")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** SIGTERM (the server drains), SIGKILL after 10 s; then its data directory goes. */
export async function stopInstance(instance: Instance): Promise<void> {
  await signalInstance(instance, "SIGTERM");
  rmSync(instance.dataDir, { recursive: true, force: true });
}

/** SIGKILL at once, as a crash or an OOM killer would: no drain, no rollback sent, sockets cut. */
export async function killInstance(instance: Instance): Promise<void> {
  await signalInstance(instance, "SIGKILL");
  rmSync(instance.dataDir, { recursive: true, force: true });
}

async function signalInstance(instance: Instance, signal: "SIGTERM" | "SIGKILL"): Promise<void> {
  const { child } = instance;
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, signal);
  const timer =
    signal === "SIGTERM"
      ? setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
        }, 10_000)
      : undefined;
  await exited;
  clearTimeout(timer);
}
