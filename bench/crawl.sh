#!/usr/bin/env bash
# Crawl benchmark: carelint crawls a generated 10,000-page GP-practice site on
# loopback (examples/fake_site.rs) with concurrency 8, several times.
# Prints the median wall time, pages/s and the peak memory (max RSS) of carelint.
#
#   bash bench/crawl.sh [PAGES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-10000}
RUNS=${2:-5}
cargo build --release --quiet --bin carelint --example fake_site
SERVER_OUT=$(mktemp)
target/release/examples/fake_site "$PAGES" >"$SERVER_OUT" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$SERVER_OUT"' EXIT
for _ in $(seq 50); do [ -s "$SERVER_OUT" ] && break; sleep 0.1; done
URL=$(head -1 "$SERVER_OUT")
echo "site: $URL ($PAGES pages), $RUNS runs, concurrency 8"
python3 - "$URL" "$PAGES" "$RUNS" <<'PY'
import json, resource, statistics, subprocess, sys, tempfile, time, os
url, pages, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
times, rss = [], []
for i in range(runs):
    out = tempfile.NamedTemporaryFile(suffix=".json", delete=False).name
    cmd = ["target/release/carelint", "check", url, "--max-pages", str(pages),
           "--depth", "10", "--concurrency", "8", "--quiet", "--fail-on", "never",
           "-f", f"json={out}"]
    # Measure each run in a fresh child so ru_maxrss is that run's peak.
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"carelint exited {os.waitstatus_to_exitcode(status)}")
    report = json.load(open(out))
    checked = report["summary"]["pages"] - report["summary"]["pages_failed"] - report["summary"]["pages_skipped"]
    times.append(elapsed); rss.append(usage.ru_maxrss / 1024)
    print(f"run {i+1}: {elapsed:.2f} s, {checked} pages checked, {report['summary']['findings']} findings, peak RSS {usage.ru_maxrss/1024:.1f} MB")
    os.unlink(out)
med = statistics.median(times)
print(f"median {med:.2f} s = {pages/med:.0f} pages/s; peak RSS median {statistics.median(rss):.1f} MB, max {max(rss):.1f} MB")
PY
