// A throwaway PostgreSQL cluster for the benchmark: scripts/pg-throwaway.sh's recipe (initdb as the
// postgres user, loopback, fsync off), plus pg_stat_statements so the run can count queries per request
// and auto_explain for the plans of one request per row.
// Stopping is synchronous so that exit and signal handlers can call it.
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { freePort } from "./processes";

export interface Cluster {
  url: string;
  dir: string;
  /** The server's log, where auto_explain writes plans. */
  logFile: string;
  version: string;
  postmasterPid(): number;
  stop(): void;
}

function bindir(): string {
  const fromConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (fromConfig.status === 0 && existsSync(path.join(fromConfig.stdout.trim(), "initdb"))) return fromConfig.stdout.trim();
  const versions = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql").filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
    : [];
  versions.sort((a, b) => Number(a) - Number(b));
  if (versions.length === 0) throw new Error("PostgreSQL server binaries (initdb) not found");
  return `/usr/lib/postgresql/${versions.at(-1)}/bin`;
}

function run(command: string[], what: string, log?: string) {
  const result = spawnSync(command[0], command.slice(1), { encoding: "utf8" });
  if (result.status !== 0) {
    const detail = log && existsSync(log) ? readFileSync(log, "utf8") : `${result.stdout}${result.stderr}`;
    throw new Error(`${what} failed:\n${detail}`);
  }
  return result.stdout;
}

export async function startCluster(): Promise<Cluster> {
  const bin = bindir();
  const dir = mkdtempSync("/tmp/cp-bench-pg-");
  const asPostgres: string[] = [];
  // PostgreSQL refuses to run as root: as root, the cluster runs as the postgres user.
  if (process.getuid?.() === 0) {
    if (spawnSync("id", ["postgres"]).status !== 0) {
      run(["useradd", "--system", "--home-dir", "/var/lib/postgresql", "--shell", "/bin/bash", "postgres"], "useradd postgres");
    }
    const uid = Number(run(["id", "-u", "postgres"], "id -u postgres").trim());
    const gid = Number(run(["id", "-g", "postgres"], "id -g postgres").trim());
    chownSync(dir, uid, gid);
    asPostgres.push("runuser", "-u", "postgres", "--");
  }
  const data = path.join(dir, "data");
  const port = await freePort();
  run([...asPostgres, `${bin}/initdb`, "-D", data, "--auth=trust", "--username=postgres", "--encoding=UTF8", "--no-instructions"], "initdb");

  let started = false;
  const stop = () => {
    if (started) {
      const [command, ...args] = [...asPostgres, `${bin}/pg_ctl`, "-D", data, "-m", "immediate", "stop"];
      spawnSync(command, args, { stdio: "ignore" });
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const options = [
    "-c listen_addresses=127.0.0.1",
    `-p ${port}`,
    `-k ${dir}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
    "-c shared_buffers=256MB",
    "-c maintenance_work_mem=256MB",
    "-c shared_preload_libraries=pg_stat_statements,auto_explain",
    "-c pg_stat_statements.track=top",
    // auto_explain.log_min_duration stays at its default, off (-1), until bench/diagnostics.ts switches it
    // on (ALTER SYSTEM) around one request of each row: a -c setting here would outrank ALTER SYSTEM.
    "-c auto_explain.log_analyze=on",
    "-c auto_explain.log_buffers=on",
    "-c auto_explain.log_nested_statements=on",
  ].join(" ");
  const serverLog = path.join(dir, "server.log");
  try {
    run([...asPostgres, `${bin}/pg_ctl`, "-D", data, "-l", serverLog, "-w", "-t", "60", "-o", options, "start"], "pg_ctl start", serverLog);
    started = true;
  } catch (err) {
    stop();
    throw err;
  }
  // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
  const version = run([`${bin}/postgres`, "--version"], "postgres --version").split(" ")[2] ?? "?";
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    logFile: serverLog,
    version,
    postmasterPid: () => Number(readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]),
    stop,
  };
}

/** The same cluster, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
