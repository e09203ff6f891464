#!/usr/bin/env bash
# Runs each fuzz target in turn for a given time, one job at a time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Needs `cargo +nightly` and `cargo install cargo-fuzz`. Corpora live in
# fuzz/corpus/<target> (not committed); the first run seeds them from the
# fixtures and rule files. Crashes land in fuzz/artifacts/<target>: minimise
# one with `cargo +nightly fuzz tmin <target> <file>`, fix it, and copy it to
# fuzz/regressions/<target>/ so tests/fuzz_regressions.rs replays it on stable.
# At the end it prints the corpus size of each target run. With FUZZ_BIN_DIR
# set to cargo-fuzz's output folder (.../x86_64-unknown-linux-gnu/release) it
# runs the built binaries without building again.
set -euo pipefail
cd "$(dirname "$0")"
root=..
seconds=${1:-600}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(page_model checks readability loaders crawl_files)
fi

seed() {
  local target=$1 dir=corpus/$1
  [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && return 0
  mkdir -p "$dir"
  local i=0
  case $target in
    page_model | checks | readability)
      while IFS= read -r -d '' f; do
        i=$((i + 1))
        cp "$f" "$dir/fixture-$i"
      done < <(find "$root/fixtures" -name '*.html' -print0)
      ;;
    loaders)
      # First byte: 0 = a rule file, 1 = the guide, 2 = a config file.
      while IFS= read -r -d '' f; do
        i=$((i + 1))
        { printf '\0'; cat "$f"; } >"$dir/rule-$i"
      done < <(find "$root/rules" -mindepth 2 -name '*.toml' -print0)
      { printf '\1'; cat "$root/rules/guide.toml"; } >"$dir/guide"
      printf '\2preset = "community"\n[check]\nfail_on = "warning"\nmax_pages = 20\n' >"$dir/config-1"
      printf '\2[rules."plain-language/long-sentence"]\nlevel = "off"\n[[ignore]]\nrule = "G4"\npage = "/old/**"\nuntil = "2027-01-01"\nreason = "x"\n' >"$dir/config-2"
      ;;
    crawl_files)
      printf 'User-agent: *\nDisallow: /admin/\nAllow: /admin/public\nCrawl-delay: 2\nSitemap: https://practice.example/sitemap.xml\n' >"$dir/robots-1"
      printf 'User-agent: carelint\nDisallow: /\n\nUser-agent: *\nDisallow: /*?session=\n' >"$dir/robots-2"
      printf '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://practice.example/</loc><lastmod>2026-01-01</lastmod></url><url><loc>https://practice.example/contact</loc></url></urlset>\n' >"$dir/sitemap-1"
      printf '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://practice.example/s1.xml.gz</loc></sitemap></sitemapindex>' >"$dir/sitemap-2"
      printf '<urlset><url><loc>/relative</loc></url><url><loc>https://x.example/a&amp;b</loc></url></urlset>' | gzip -c >"$dir/sitemap-3"
      ;;
  esac
}

for target in "${targets[@]}"; do
  seed "$target"
  echo "== $target for ${seconds}s"
  if [ -n "${FUZZ_BIN_DIR:-}" ]; then
    # Already built (`cargo +nightly fuzz build`): run the binary itself.
    run=(nice -n 10 "$FUZZ_BIN_DIR/$target" -artifact_prefix="artifacts/$target/")
    mkdir -p "artifacts/$target"
  else
    run=(nice -n 10 cargo +nightly fuzz run "$target" --)
  fi
  "${run[@]}" "corpus/$target" \
    -jobs=1 -workers=1 -max_total_time="$seconds" -max_len=262144 -timeout=30 -rss_limit_mb=3072 \
    -print_final_stats=1
done
for target in "${targets[@]}"; do
  echo "corpus $target: $(find "corpus/$target" -type f | wc -l) files, $(du -sh "corpus/$target" | cut -f1)"
done
