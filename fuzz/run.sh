#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 120) each, seeding the corpora with the example
# articles and a few typed queries. Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable
# toolchain the sanitizer flags need RUSTC_BOOTSTRAP=1, set here. Name targets after SECONDS to
# run only those: `fuzz/run.sh 300 annotate search_query`.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-120}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(read_plain read_jsonl read_html html_dates read_feed read_gzip annotate parse_corpora search_query query_params dictionaries)
fi
mkdir -p corpus/read_plain corpus/read_jsonl corpus/read_html corpus/html_dates corpus/read_feed corpus/read_gzip corpus/annotate \
  corpus/parse_corpora corpus/search_query corpus/query_params corpus/dictionaries
cp ../examples/articles/*.txt corpus/read_plain/
cp ../examples/articles/*.jsonl corpus/read_jsonl/
cp ../examples/articles/*.html corpus/read_html/
cp ../examples/feeds/* corpus/read_feed/
cp ../examples/articles/*.txt ../examples/articles/*.jsonl ../examples/articles/*.html corpus/read_gzip/
cp ../examples/articles/*.txt corpus/annotate/
printf '%s\x01%s\x01%s\x01%s' '2021-03-05T09:30:00+09:00' 'Wed, 04 May 2022 02:41:00 GMT' \
  'https://example.org/2019/09/21/story/' 'Freitag, 5. Juni 2015 | 26 de abril de 2022' >corpus/html_dates/mixed
printf '%s' 'north korea' >corpus/search_query/words
printf '%s' '"wartime control" OR sanction*' >corpus/search_query/phrase
printf '%s' 'Si-young NOT Pyongyang' >corpus/search_query/not
printf '\x07%s' '2021-03-05T09:30:00+09:00' >corpus/parse_corpora/date
printf '\x00%s' 'q=korea+-trade&since=2021-03&limit=5&offset=10' >corpus/query_params/search
printf '\x01%s' 'actor=USA,KOR&plover=CONSULT&cameo=04&modality=asserted' >corpus/query_params/events
cp ../crates/chronicle-cli/tests/fixtures/dictionaries/*.txt corpus/dictionaries/ 2>/dev/null || true
for target in "${targets[@]}"; do
  echo "== $target (${seconds}s)"
  RUSTC_BOOTSTRAP=1 nice cargo fuzz run "$target" -- -max_total_time="$seconds" -max_len=65536
done
