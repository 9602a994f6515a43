#!/usr/bin/env bash
# npm test: the whole suite.
#   1. vitest on in-memory PGlite
#   2. the same vitest suite on PostgreSQL (a throwaway cluster, or TEST_DATABASE_URL if set)
#   3. next build (only when sources changed), then Playwright in Chromium twice:
#      on embedded PGlite and on a fresh PostgreSQL database (E2E_DATABASE_URL)
# Every step runs even after a failure so that all results are shown; the exit code is
# non-zero when anything failed. A missing PostgreSQL or Chromium is a loud SKIPPED on a
# developer machine and a failure under CI=true.
# Env: CI=true, TEST_DATABASE_URL (use this server instead of a throwaway cluster),
#      CHROMIUM_PATH (default /usr/bin/chromium).
# No `set -e`: a failing step must not stop the later ones; each exit code is checked.
# No `set -u` either: the sourced scripts/pg-throwaway.sh expands empty arrays, which bash
# before 4.4 (macOS's /bin/bash) treats as unbound.
set -o pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
ROOT=$PWD

export NEXT_TELEMETRY_DISABLED=1
CI_MODE=false
case "${CI:-}" in true | 1) CI_MODE=true ;; esac
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

RUN_START=$(date +%s)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cp-test.XXXXXX")
PG_URL=""          # server URL the PostgreSQL steps use ("" = no PostgreSQL)
PG_STARTED=false   # true when we started the throwaway cluster (and must stop it)
E2E_DB_URL=""      # database created for the Playwright run on PostgreSQL
E2E_DB_NAME=""

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  # A database we created on somebody's server is dropped; a throwaway cluster goes whole.
  if [ -n "$E2E_DB_NAME" ] && [ "$PG_STARTED" = false ] && [ -n "$PG_URL" ]; then
    pg_admin drop "$E2E_DB_NAME" >/dev/null 2>&1 || echo "warning: could not drop database $E2E_DB_NAME" >&2
  fi
  if [ "$PG_STARTED" = true ]; then pg_throwaway_stop; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
# Ctrl-C / kill: exit through the EXIT trap so the cluster is stopped.
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers

# Milliseconds since the epoch; EPOCHREALTIME (bash 5) gives sub-second precision.
now_ms() {
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo $((t / 1000))
  else
    echo $(($(date +%s) * 1000))
  fi
}
fmt_secs() { printf '%d.%ds' $(($1 / 1000)) $(($1 % 1000 / 100)); }

# Per-step results for the summary table.
S_NAME=() S_STATUS=() S_NOTE=() S_MS=()
T_PASS=0 T_FAIL=0 T_SKIP=0
BANNERS=""
STEP_START=0

header() {
  STEP_START=$(now_ms)
  echo
  echo "=============================================================================="
  echo "== $1"
  echo "=============================================================================="
}

# record NAME STATUS NOTE PASSED FAILED SKIPPED  (status: passed | failed | SKIPPED | not run)
record() {
  local ms=$(($(now_ms) - STEP_START))
  S_NAME+=("$1") S_STATUS+=("$2") S_NOTE+=("$3") S_MS+=("$ms")
  T_PASS=$((T_PASS + $4)) T_FAIL=$((T_FAIL + $5)) T_SKIP=$((T_SKIP + $6))
  echo "-- $1: $2${3:+ ($3)} in $(fmt_secs "$ms")"
}

# A loud banner, shown now and repeated above the summary so it is not scrolled away.
banner() {
  local text line
  text="
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!
"
  for line in "$@"; do text+="!!${line:+  $line}
"; done
  text+="!!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
"
  printf '%s' "$text"
  BANNERS+="$text"
}

# A missing tool: SKIPPED with a banner on a developer machine, a failure under CI=true.
missing_tool() { # NAME WHAT HOWTO...
  local name=$1 what=$2
  shift 2
  if [ "$CI_MODE" = true ]; then
    echo "ERROR: $name failed: $what is not installed, and CI=true requires it."
    printf '  %s\n' "$@"
    record "$name" failed "$what not installed (required under CI=true)" 0 1 0
  else
    banner "$name was SKIPPED: $what is not installed." "" "$@"
    record "$name" SKIPPED "$what not installed" 0 0 1
  fi
}

# Counts from a vitest or Playwright JSON report: prints "passed failed skipped", or fails.
# shellcheck disable=SC2016  # node code in single quotes
report_counts() { # vitest|playwright FILE
  node -e '
    const [kind, file] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(file, "utf8"));
    const c = kind === "vitest"
      ? [r.numPassedTests, r.numFailedTests, r.numPendingTests + (r.numTodoTests ?? 0)]
      : [r.stats.expected + r.stats.flaky, r.stats.unexpected, r.stats.skipped];
    if (c.some((n) => !Number.isInteger(n))) process.exit(1);
    console.log(c.join(" "));
  ' "$1" "$2" 2>/dev/null
}

# Records a test run from its exit code and JSON report. A non-zero exit always counts as at
# least one failure, even when the report is missing or shows none (a crash, a setup error).
record_run() { # NAME RC KIND REPORT
  local name=$1 rc=$2 counts p=0 f=0 s=0 note
  if counts=$(report_counts "$3" "$4"); then
    read -r p f s <<<"$counts"
    note="$p passed, $f failed"
    if [ "$s" != 0 ]; then note+=", $s skipped"; fi
  else
    note="no JSON report"
    [ "$rc" = 0 ] && rc=1 # no evidence, no pass
  fi
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
    f=1
    note+="; exited $rc, see the output above"
  fi
  if [ "$rc" = 0 ]; then record "$name" passed "$note" "$p" "$f" "$s"; else record "$name" failed "$note" "$p" "$f" "$s"; fi
}

# create|drop DBNAME on the server at PG_URL, through postgres.js (no psql needed).
# create prints the new database's URL.
# shellcheck disable=SC2016
pg_admin() {
  node -e '
    const postgres = require("postgres");
    const [action, name, server] = process.argv.slice(1);
    const sql = postgres(server, { max: 1, onnotice: () => {} });
    const ddl = action === "create" ? `create database ${name}` : `drop database if exists ${name} with (force)`;
    sql.unsafe(ddl).then(async () => {
      await sql.end();
      const url = new URL(server);
      url.pathname = "/" + name;
      if (action === "create") console.log(url.toString());
    }, (err) => { console.error(err.message); process.exit(1); });
  ' "$1" "$2" "$PG_URL"
}

# ---------------------------------------------------------------- 1. vitest on PGlite

header "vitest on in-memory PGlite"
env -u TEST_DATABASE_URL -u DATABASE_URL \
  npx vitest run --reporter=default --reporter=json --outputFile.json="$WORK/vitest-pglite.json"
record_run "vitest (PGlite)" "$?" vitest "$WORK/vitest-pglite.json"

# ---------------------------------------------------------------- 2. vitest on PostgreSQL

header "vitest on PostgreSQL"
# shellcheck source=scripts/pg-throwaway.sh
source "$ROOT/scripts/pg-throwaway.sh"
PG_SKIP_REASON=""
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  PG_URL=$TEST_DATABASE_URL
  echo "Using the server in TEST_DATABASE_URL (no throwaway cluster)."
elif ! pg_bindir >/dev/null; then
  PG_SKIP_REASON="no PostgreSQL"
  missing_tool "vitest (PostgreSQL)" "PostgreSQL (initdb, pg_ctl)" \
    "Install the server binaries (no system cluster needed):" \
    "    sudo apt-get install postgresql" \
    "or point the suite at an existing server (its user must be able to create databases):" \
    "    TEST_DATABASE_URL=postgres://user:pass@host:5432/postgres npm test"
elif pg_throwaway_start; then
  PG_STARTED=true
  PG_URL=$PG_THROWAWAY_URL
else
  PG_SKIP_REASON="the PostgreSQL cluster did not start"
  echo "ERROR: the throwaway PostgreSQL cluster did not start (see above)."
  # Remove what it left (pg_throwaway_stop needs the bin dir, set only on success).
  PG_THROWAWAY_BIN=$(pg_bindir) pg_throwaway_stop
  record "vitest (PostgreSQL)" failed "throwaway cluster did not start" 0 1 0
fi
if [ -n "$PG_URL" ]; then
  env -u DATABASE_URL TEST_DATABASE_URL="$PG_URL" \
    npx vitest run --reporter=default --reporter=json --outputFile.json="$WORK/vitest-postgres.json"
  record_run "vitest (PostgreSQL)" "$?" vitest "$WORK/vitest-postgres.json"
fi

# ---------------------------------------------------------------- 3. Playwright

# Sources that end up in the build (the same list as scripts/start.ts, plus proxy.ts).
BUILD_INPUTS=(app components lib db proxy.ts next.config.ts package.json postcss.config.mjs tsconfig.json)

build_is_stale() {
  [ -f .next/BUILD_ID ] || return 0
  local existing=() f
  for f in "${BUILD_INPUTS[@]}"; do [ -e "$f" ] && existing+=("$f"); done
  [ -n "$(find "${existing[@]}" -type f -newer .next/BUILD_ID -print -quit)" ]
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

e2e_specs() { find e2e -type f \( -name '*.spec.*' -o -name '*.test.*' \) 2>/dev/null; }

run_playwright() { # NAME TAG [VAR=value...]: runs the suite with extra env, records the result
  local name=$1 tag=$2
  local report="$ROOT/playwright-report/results-$tag.json"
  shift 2
  # Separate output folders and reports (both gitignored), so the PostgreSQL run keeps the
  # PGlite run's traces; no stale report may stand in for a run that crashed.
  rm -f "$report"
  # A free port per run (unless E2E_PORT is set): a server left on the default port, or a
  # second checkout testing at the same time, would otherwise answer in place of ours.
  local port=${E2E_PORT:-}
  [ -n "$port" ] || port=$(free_port)
  echo "App server on port $port"
  env -u DATABASE_URL -u E2E_DATABASE_URL "$@" E2E_PORT="$port" PLAYWRIGHT_JSON_OUTPUT_FILE="$report" \
    npx playwright test --reporter=list,json --output="test-results/$tag"
  record_run "$name" "$?" playwright "$report"
}

header "Playwright: prerequisites"
if [ -z "$(e2e_specs)" ]; then
  # Not a failure, even under CI: the suite simply has no browser tests yet.
  echo "No spec files in e2e/ yet: nothing to run in the browser."
  record "Playwright" SKIPPED "no spec files in e2e/ yet" 0 0 1
elif [ ! -x "$CHROMIUM_PATH" ]; then
  missing_tool "Playwright" "Chromium ($CHROMIUM_PATH)" \
    "Install Debian's Chromium:" \
    "    sudo apt-get install chromium" \
    "or set CHROMIUM_PATH to a Chromium/Chrome executable."
elif [ ! -f playwright.config.ts ]; then
  echo "ERROR: e2e/ has spec files but playwright.config.ts is missing."
  record "Playwright" failed "playwright.config.ts missing" 0 1 0
else
  echo "e2e specs: $(e2e_specs | wc -l | tr -d ' '), Chromium: $CHROMIUM_PATH"
  header "next build"
  BUILD_OK=true
  if build_is_stale; then
    echo "Sources changed since the last build (or no build yet): npx next build"
    if npx next build; then
      record "next build" passed "built" 0 0 0
    else
      BUILD_OK=false
      record "next build" failed "build failed" 0 1 0
    fi
  else
    echo ".next/BUILD_ID is newer than every source: no build needed."
    record "next build" passed "up to date" 0 0 0
  fi

  if [ "$BUILD_OK" = false ]; then
    STEP_START=$(now_ms)
    record "Playwright (PGlite)" "not run" "the build failed" 0 0 0
    record "Playwright (PostgreSQL)" "not run" "the build failed" 0 0 0
  else
    header "Playwright (PGlite)"
    run_playwright "Playwright (PGlite)" pglite

    header "Playwright (PostgreSQL)"
    if [ -z "$PG_URL" ]; then
      if [ "$PG_SKIP_REASON" = "no PostgreSQL" ] && [ "$CI_MODE" = false ]; then
        record "Playwright (PostgreSQL)" SKIPPED "PostgreSQL not installed" 0 0 1
      else
        # Already counted as a failure by the vitest step.
        record "Playwright (PostgreSQL)" "not run" "$PG_SKIP_REASON" 0 0 0
      fi
    else
      E2E_DB_NAME="e2e_$(date +%Y%m%d_%H%M%S)_$$"
      if E2E_DB_URL=$(pg_admin create "$E2E_DB_NAME"); then
        echo "Created database $E2E_DB_NAME for the PostgreSQL run."
        run_playwright "Playwright (PostgreSQL)" postgres E2E_DATABASE_URL="$E2E_DB_URL"
      else
        E2E_DB_NAME=""
        record "Playwright (PostgreSQL)" failed "could not create the e2e database" 0 1 0
      fi
    fi
  fi
fi

# ---------------------------------------------------------------- summary

ANY_FAILED=false
echo
[ -n "$BANNERS" ] && printf '%s' "$BANNERS"
echo
echo "Summary"
printf '  %-26s %-9s %8s  %s\n' "step" "result" "time" "details"
for i in "${!S_NAME[@]}"; do
  printf '  %-26s %-9s %8s  %s\n' "${S_NAME[$i]}" "${S_STATUS[$i]}" "$(fmt_secs "${S_MS[$i]}")" "${S_NOTE[$i]}"
  if [ "${S_STATUS[$i]}" = failed ]; then ANY_FAILED=true; fi
done
printf '  %-26s %-9s %7ss\n' "total" "" "$(($(date +%s) - RUN_START))"
echo
# Test counts; a step that was skipped or failed without countable tests counts as one.
closing="$T_PASS passed, $T_FAIL failed"
[ "$T_SKIP" -gt 0 ] && closing+=", $T_SKIP skipped"
echo "$closing"

# Under CI=true a missing tool is already recorded as failed; what is left SKIPPED there is
# benign (no e2e specs yet).
if [ "$ANY_FAILED" = true ] || [ "$T_FAIL" -gt 0 ]; then exit 1; fi
exit 0
