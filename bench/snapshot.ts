// BENCH_REF=<commit>: benchmark a committed version instead of the working tree. `git archive` exports
// it to /tmp/cp-bench-src-<sha> (kept, so a second run reuses its build) with a hard-linked copy of this
// checkout's node_modules (Turbopack refuses a node_modules symlink that leaves the project).
// Useful to compare before/after a change, or when the working tree does not build.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync } from "node:fs";
import path from "node:path";

export function exportRef(root: string, ref: string): { dir: string; sha: string } {
  const rev = spawnSync("git", ["rev-parse", "--verify", `${ref}^{commit}`], { cwd: root, encoding: "utf8" });
  if (rev.status !== 0) throw new Error(`BENCH_REF=${ref}: not a commit (${rev.stderr.trim()})`);
  const sha = rev.stdout.trim();
  const dir = `/tmp/cp-bench-src-${sha.slice(0, 12)}`;
  const complete = path.join(dir, ".bench-export-complete");
  pruneExports(dir);
  if (existsSync(complete)) {
    utimesSync(complete, new Date(), new Date());
    return { dir, sha };
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const script = `git archive --format=tar ${sha} | tar -x -C ${dir} && cp -al node_modules ${dir}/node_modules && touch ${complete}`;
  const exported = spawnSync("bash", ["-c", `set -o pipefail; ${script}`], { cwd: root, encoding: "utf8" });
  if (exported.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`exporting ${sha} failed: ${exported.stderr}`);
  }
  return { dir, sha };
}

/** Keeps the two most recently used other exports (each holds a build of a few hundred MB). */
function pruneExports(keep: string) {
  const used = (dir: string) => {
    try {
      return statSync(path.join(dir, ".bench-export-complete")).mtimeMs;
    } catch {
      return 0;
    }
  };
  readdirSync("/tmp")
    .filter((name) => name.startsWith("cp-bench-src-"))
    .map((name) => path.join("/tmp", name))
    .filter((dir) => dir !== keep)
    .sort((a, b) => used(b) - used(a))
    .slice(2)
    .forEach((dir) => rmSync(dir, { recursive: true, force: true }));
}
