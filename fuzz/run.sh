#!/usr/bin/env bash
# Runs every reader fuzz target for SECONDS (default 120) each, seeding the corpora with the
# example articles. Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain the
# sanitizer flags need RUSTC_BOOTSTRAP=1, set here.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-120}"
mkdir -p corpus/read_plain corpus/read_jsonl corpus/read_html corpus/read_gzip
cp ../examples/articles/*.txt corpus/read_plain/
cp ../examples/articles/*.jsonl corpus/read_jsonl/
cp ../examples/articles/*.html corpus/read_html/
cp ../examples/articles/*.txt ../examples/articles/*.jsonl ../examples/articles/*.html corpus/read_gzip/
for target in read_plain read_jsonl read_html read_gzip; do
  echo "== $target (${seconds}s)"
  RUSTC_BOOTSTRAP=1 nice cargo fuzz run "$target" -- -max_total_time="$seconds" -max_len=65536
done
