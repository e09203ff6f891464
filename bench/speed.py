#!/usr/bin/env python3
"""Start-up and whole-run speed of carelint, beside html-validate on the same files.

Measures the rows of issue 19 in one run, each as the whole process a user
starts, and prints medians, the peak memory of the slowest row and the ratio
to html-validate where it checks the same files:

  check one small page     carelint check fixtures/demo-site/index.html
  rules                    carelint rules
  readability              carelint readability - (one sentence on stdin)
  fixtures/                every page under fixtures/ in one run
  ACT examples             every page under ../shared/data/act-rules/cases

Usage:
  python3 bench/speed.py [--runs N] [--no-html-validate] [--crawl PAGES]

--crawl PAGES also runs bench/crawl.sh (a loopback crawl of a generated site)
once and prints its line. html-validate is installed with npm into
target/bench-node the first time (skipped when npm is missing). Python 3
standard library only.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CARELINT = ROOT / "target" / "release" / "carelint"
ACT = ROOT.parent / "shared" / "data" / "act-rules" / "cases"
NODE = ROOT / "target" / "bench-node"

# The goals of issue 19, in milliseconds, for the table.
GOALS = {
    "check one small page": 20,
    "rules": 10,
    "readability, one sentence": 15,
    "fixtures/ in one run": 250,
    "ACT examples in one run": 150,
}


def timed(cmd, stdin=None, runs=10):
    """Median and fastest wall time in ms, and the peak RSS in MB of the
    largest run, of `runs` fresh processes."""
    times, peak = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if stdin is not None:
            # Write and close by hand: communicate() would reap the child
            # before wait4 can read its memory.
            proc.stdin.write(stdin.encode())
            proc.stdin.close()
        # wait4 gives this child's own peak memory, not the largest so far.
        _, status, usage = os.wait4(proc.pid, 0)
        times.append((time.perf_counter() - start) * 1000)
        peak = max(peak, usage.ru_maxrss / 1024)
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"error: {' '.join(map(str, cmd))} exited with {code}")
    return statistics.median(times), min(times), peak


def html_files(folder):
    return sorted(str(p) for p in Path(folder).rglob("*.html"))


def html_validate():
    """The html-validate command, installing it once; None without npm."""
    exe = NODE / "node_modules" / ".bin" / "html-validate"
    if exe.exists():
        return [str(exe)]
    if shutil.which("npm") is None:
        return None
    NODE.mkdir(parents=True, exist_ok=True)
    print("installing html-validate into target/bench-node ...", file=sys.stderr)
    done = subprocess.run(
        ["npm", "install", "--silent", "--prefix", str(NODE), "html-validate"],
        stdout=subprocess.DEVNULL,
    )
    return [str(exe)] if done.returncode == 0 and exe.exists() else None


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--runs", type=int, default=10, help="runs per row (default 10)")
    args.add_argument("--no-html-validate", action="store_true")
    args.add_argument("--crawl", type=int, metavar="PAGES", help="also run bench/crawl.sh")
    opts = args.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "carelint"], cwd=ROOT, check=True)
    version = subprocess.run([CARELINT, "--version"], capture_output=True, text=True).stdout.strip()
    hv = None if opts.no_html_validate else html_validate()

    check = [str(CARELINT), "check", "--fail-on", "never", "--quiet", "-f", "json=/dev/null"]
    fixtures = html_files(ROOT / "fixtures")
    act = html_files(ACT) if ACT.is_dir() else []
    rows = [
        ("check one small page", check + ["fixtures/demo-site/index.html"], None, opts.runs, None),
        ("rules", [str(CARELINT), "rules"], None, opts.runs, None),
        (
            "readability, one sentence",
            [str(CARELINT), "readability", "-"],
            "You can book an appointment with your GP online or by phone.\n",
            opts.runs,
            None,
        ),
        (
            "fixtures/ in one run",
            check + ["fixtures"],
            None,
            max(3, opts.runs // 2),
            hv + ["--formatter", "text"] + fixtures if hv else None,
        ),
    ]
    if act:
        rows.append(
            (
                "ACT examples in one run",
                check + [str(ACT)],
                None,
                max(3, opts.runs // 2),
                hv + ["--formatter", "text"] + act if hv else None,
            )
        )

    print(f"{version}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    print(f"fixtures/: {len(fixtures)} pages; ACT examples: {len(act)} pages")
    print()
    print("| work | carelint median (fastest) | peak RSS | goal | html-validate median | ratio |")
    print("|---|---|---|---|---|---|")
    for name, cmd, stdin, runs, other in rows:
        median, fastest, rss = timed(cmd, stdin, runs)
        goal = GOALS.get(name)
        met = "" if goal is None else (" ✓" if median <= goal else " ✗")
        if other:
            # One html-validate run is slow; three are enough for a median.
            their, _, _ = timed(other, None, 3)
            versus = f"{their:.0f} ms", f"{their / median:.0f}× faster"
        else:
            versus = "–", "–"
        print(
            f"| {name} | {median:.0f} ms ({fastest:.0f}) | {rss:.0f} MB | "
            f"< {goal} ms{met} | {versus[0]} | {versus[1]} |"
        )
    if opts.crawl:
        print()
        subprocess.run(["bash", "bench/crawl.sh", str(opts.crawl), "1"], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
