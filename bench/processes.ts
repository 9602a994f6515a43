// Child processes of the benchmark: each server runs in its own process group so that stopping it
// also stops what `npx tsx` spawned; /proc gives the listening process, its memory and its CPU time.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import net from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Group {
  pgid: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** SIGTERM to the group, SIGKILL after a grace period. */
  stop(): Promise<void>;
  /** For exit handlers: SIGKILL to the group, now. */
  killNow(): void;
}

export function spawnGroup(command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string, cwd?: string): Group {
  const fd = openSync(logFile, "a");
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const pgid = child.pid!;
  let alive = true;
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      alive = false;
      resolve(code);
    }),
  );
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      // the group is gone already
    }
  };
  return {
    pgid,
    child,
    exited,
    killNow: () => signal("SIGKILL"),
    async stop() {
      if (!alive && !groupAlive(pgid)) return;
      signal("SIGTERM");
      const deadline = Date.now() + 6000;
      while (groupAlive(pgid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pgid)) signal("SIGKILL");
      await Promise.race([exited, sleep(2000)]);
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Fields of /proc/<pid>/stat after the command name (which may contain spaces). */
function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

function pids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/**
 * The process of group `pgid` that listens on `port`: `npx tsx script.ts` is npx, then tsx's CLI,
 * then the node process that runs the script and owns the socket.
 */
export function listeningPid(port: number, pgid: number): number | null {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const localPort = parseInt(cols[1].split(":").at(-1)!, 16);
      if (localPort === port && cols[3] === "0A") inodes.add(cols[9]);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of pids()) {
    const fields = statFields(pid);
    // field 5 of stat is the process group; after the name it is index 2.
    if (!fields || Number(fields[2]) !== pgid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return pid;
      } catch {
        // fd closed meanwhile
      }
    }
  }
  return null;
}

/** Resident set size in KiB (VmRSS), or 0 when the process is gone. */
export function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (user + system) of one process, in ms. */
export function cpuMs(pid: number): number {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) * TICK_MS : 0;
}

/**
 * CPU time of PostgreSQL: the postmaster, its reaped children (cutime/cstime: parallel workers and
 * closed backends) and its live children.
 */
export function clusterCpuMs(postmasterPid: number): number {
  const own = statFields(postmasterPid);
  if (!own) return 0;
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const pid of pids()) {
    const f = statFields(pid);
    if (f && Number(f[1]) === postmasterPid) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * TICK_MS;
}

/** CPU time the whole machine spent busy (all cores, /proc/stat), in ms. */
export function machineBusyMs(): number {
  const [, ...fields] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) * TICK_MS;
}

/** Samples a process's RSS every 200 ms; peak() since the last reset. */
export class RssSampler {
  private peakKb = 0;
  private timer: NodeJS.Timeout;
  constructor(private pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
    this.sample();
  }
  private sample() {
    this.peakKb = Math.max(this.peakKb, rssKb(this.pid));
  }
  reset() {
    this.peakKb = 0;
    this.sample();
  }
  peakMb(): number {
    this.sample();
    return this.peakKb / 1024;
  }
  stop() {
    clearInterval(this.timer);
  }
}
