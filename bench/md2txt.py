"""Turn the page markdown in markdown/ into the plain-text corpus (*.txt).

Usage: python3 bench/md2txt.py ../shared/corpus/nhs-beta-2017/markdown OUT_DIR

Links keep their text, callout and reveal markers (!!!, :::) go (a reveal keeps
its summary line), heading, list and bold markers go, table cells become lines,
abbreviation definitions (*[A&E]: ...) and rules (***, ---) go. Every other
line is kept as it is, so headings and list items stay without full stops, as
on the page."""
import re, sys, pathlib

LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")

def convert(md: str) -> str:
    out = []
    for line in md.splitlines():
        s = line.strip()
        if re.fullmatch(r"(!!!|:::)(\s.*)?", s):
            m = re.match(r":::\s*reveal\s+(.*)", s)
            if m:
                out.append(m.group(1).strip())
            continue
        if re.fullmatch(r"\{\.[\w-]+\}", s):          # {.list--check}
            continue
        if re.match(r"\*\[[^\]]+\]:", s):             # *[A&E]: Accident and Emergency
            continue
        if re.fullmatch(r"(\*\s*){3,}|(-\s*){3,}", s):  # rules: *** --- - - -
            continue
        if re.fullmatch(r"\|?[\s:|-]+\|?", s) and "-" in s and "|" in s:  # table rule
            continue
        s = LINK.sub(r"\1", s)
        s = re.sub(r"^#{1,6}\s*", "", s)
        s = re.sub(r"^([-*]|\d+\.)\s+", "", s)
        s = s.replace("**", "")
        if s.startswith("|"):
            out.extend(c.strip() for c in s.strip("|").split("|") if c.strip())
            continue
        out.append(s)
    text = "\n".join(out)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text

src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in sorted(src.glob("*.md")):
    (dst / (f.stem + ".txt")).write_text(convert(f.read_text()))
