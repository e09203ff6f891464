#!/usr/bin/env python3
"""Precision of carelint's certain error and warning findings on real pages.

Runs carelint over a folder of pages, keeps every finding that is certain and
an error or a warning, and matches each one against the labels file
(`labels.jsonl`, one JSON object a line). Prints the precision per rule and
overall, then the findings no label covers.

Python 3 standard library only. See README.md in this folder.
"""

import argparse
import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
VERDICTS = ("true", "false", "debatable")
# Per-rule precision is only judged for rules with at least this many findings.
MIN_FINDINGS_FOR_RULE_TARGET = 5


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "pages",
        nargs="?",
        default=os.path.join(REPO, "..", "shared", "corpus", "dev-pages"),
        help="folder of pages (default: ../shared/corpus/dev-pages from the repo root)",
    )
    p.add_argument("--labels", default=os.path.join(HERE, "labels.jsonl"))
    p.add_argument(
        "--carelint",
        help="carelint binary (default: build target/release/carelint with cargo)",
    )
    p.add_argument("--json", help="read this carelint JSON report instead of running carelint")
    p.add_argument("--rule", help="only findings of rules whose id contains this")
    p.add_argument(
        "--list",
        choices=("unlabelled", "all", "false", "debatable", "none"),
        default="unlabelled",
        help="which findings to list after the table (default: unlabelled)",
    )
    p.add_argument("--limit", type=int, default=200, help="list at most this many findings")
    p.add_argument(
        "--check",
        action="store_true",
        help="exit 1 unless every finding is labelled, overall precision >= 95%% "
        "and every rule with >= 5 findings >= 90%%",
    )
    return p.parse_args()


def run_carelint(args, pages):
    binary = args.carelint
    if not binary:
        subprocess.run(
            ["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True
        )
        binary = os.path.join(REPO, "target", "release", "carelint")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "report.json")
        subprocess.run(
            [binary, "check", pages, "-f", f"json={out}", "--fail-on", "never", "-q"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with open(out, encoding="utf-8") as f:
            return json.load(f)


def page_key(page, pages):
    """The page path relative to the pages folder, with `/` separators."""
    root = os.path.abspath(pages)
    path = os.path.abspath(page) if not page.startswith(("http:", "https:")) else page
    if path.startswith(root + os.sep):
        path = path[len(root) + 1 :]
    return path.replace(os.sep, "/")


def load_labels(path):
    labels = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            try:
                label = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{n}: not JSON: {e}")
            for key in ("rule", "verdict", "reason"):
                if key not in label:
                    sys.exit(f"{path}:{n}: a label needs `{key}`")
            if label["verdict"] not in VERDICTS:
                sys.exit(f"{path}:{n}: verdict must be one of {VERDICTS}")
            if "evidence" in label:
                try:
                    label["_evidence"] = re.compile(label["evidence"], re.I | re.M)
                except re.error as e:
                    sys.exit(f"{path}:{n}: bad evidence pattern: {e}")
            label["_line"] = n
            labels.append(label)
    return labels


def evidence_text(f):
    """What a label's `evidence` pattern is searched in."""
    return "\n".join(
        x for x in (f.get("snippet") or "", f.get("message") or "", f.get("selector") or "") if x
    )


def matches(label, f):
    if not fnmatch.fnmatchcase(f["rule"], label["rule"]):
        return False
    if not fnmatch.fnmatchcase(f["_page"], label.get("page", "*")):
        return False
    if "fingerprint" in label and not (f.get("fingerprint") or "").startswith(
        label["fingerprint"]
    ):
        return False
    if "_evidence" in label and not label["_evidence"].search(evidence_text(f)):
        return False
    return True


def main():
    args = parse_args()
    pages = args.pages
    if args.json:
        with open(args.json, encoding="utf-8") as f:
            report = json.load(f)
    else:
        report = run_carelint(args, pages)
    labels = load_labels(args.labels) if os.path.exists(args.labels) else []

    findings = [
        f
        for f in report["findings"]
        if f.get("confidence") == "certain"
        and f.get("severity") in ("error", "warning")
        and (not args.rule or args.rule in f["rule"])
    ]
    used = Counter()
    for f in findings:
        f["_page"] = page_key(f["page"], pages)
        f["_label"] = next((l for l in labels if matches(l, f)), None)
        if f["_label"]:
            used[f["_label"]["_line"]] += 1

    per_rule = defaultdict(Counter)
    for f in findings:
        verdict = f["_label"]["verdict"] if f["_label"] else "unlabelled"
        per_rule[f["rule"]][verdict] += 1
        per_rule[f["rule"]]["findings"] += 1

    def precision(c):
        judged = c["true"] + c["false"]
        return c["true"] / judged if judged else None

    def strict(c):
        judged = c["true"] + c["false"] + c["debatable"]
        return c["true"] / judged if judged else None

    def pct(x):
        return "–" if x is None else f"{100 * x:.1f}%"

    total = Counter()
    rows = []
    failing = []
    for rule in sorted(per_rule, key=lambda r: (-per_rule[r]["findings"], r)):
        c = per_rule[rule]
        total.update(c)
        p = precision(c)
        flag = ""
        if c["findings"] >= MIN_FINDINGS_FOR_RULE_TARGET and p is not None and p < 0.90:
            flag = " ✗"
            failing.append(rule)
        rows.append(
            f"| `{rule}` | {c['findings']} | {c['true']} | {c['false']} | "
            f"{c['debatable']} | {c['unlabelled']} | {pct(p)}{flag} | {pct(strict(c))} |"
        )
    print(
        f"Certain error and warning findings on {pages}: {total['findings']} "
        f"on {len({f['_page'] for f in findings})} pages\n"
    )
    print("| rule | findings | true | false | debatable | unlabelled | precision | strict |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print(
        f"| **all** | {total['findings']} | {total['true']} | {total['false']} | "
        f"{total['debatable']} | {total['unlabelled']} | **{pct(precision(total))}** | "
        f"{pct(strict(total))} |"
    )
    print(
        "\nprecision = true / (true + false): debatable findings are left out. "
        "strict = true / (true + false + debatable): debatable counted as wrong."
    )
    if failing:
        print(f"Rules under 90% (with >= {MIN_FINDINGS_FOR_RULE_TARGET} findings): {', '.join(failing)}")

    unused = [l for l in labels if not used[l["_line"]] and (not args.rule or args.rule in l["rule"])]
    if unused:
        print(f"\n{len(unused)} labels match no finding (lines {', '.join(str(l['_line']) for l in unused[:40])})")

    wanted = {
        "unlabelled": lambda f: f["_label"] is None,
        "all": lambda f: True,
        "false": lambda f: f["_label"] and f["_label"]["verdict"] == "false",
        "debatable": lambda f: f["_label"] and f["_label"]["verdict"] == "debatable",
        "none": lambda f: False,
    }[args.list]
    listed = [f for f in findings if wanted(f)]
    if listed:
        print(f"\n{len(listed)} findings ({args.list}):")
        for f in listed[: args.limit]:
            verdict = f"[{f['_label']['verdict']} L{f['_label']['_line']}] " if f["_label"] else ""
            snippet = (f.get("snippet") or "").replace("\n", " ")[:100]
            print(f"- {verdict}{f['rule']} {f['_page']}:{f.get('line')} {f['severity']}: {f['message'][:160]} | {snippet}")
        if len(listed) > args.limit:
            print(f"... and {len(listed) - args.limit} more (--limit)")

    if args.check:
        ok = (
            total["unlabelled"] == 0
            and not failing
            and (precision(total) or 0) >= 0.95
        )
        sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
