#!/usr/bin/env bash
# The merge and reader benchmark (see README.md). Not run in CI: it installs
# python-calamine and openpyxl into bench/.venv and writes its files to bench/work.
set -euo pipefail
cd "$(dirname "$0")"

rm -rf work
mkdir -p work/mail/inbox/new work/mail/inbox/cur work/mail/inbox/tmp work/mail/outbox
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet python-calamine openpyxl
py=.venv/bin/python
(cd .. && swift build -c release --product schoolpost 2>&1 | tail -1)
bin=../.build/release/schoolpost

echo "generating files"
$py generate.py work

# A ledger with 120 schools, one dispatch with the template, and one reply each.
export SCHOOLPOST_NOW=2026-12-04T10:00:00Z
sp() { "$bin" --ledger work/bench.db "$@"; }
sp init --mailbox oswiata@edu.example.org --transport maildir:work/mail > /dev/null
sp schools import work/schools.csv > /dev/null
sp people add anna --name "Anna Nowak" --role staff > /dev/null
id=$(sp --as anna dispatch create --subject Ankieta --body "Prosimy o ankietę." \
    --attach work/template.xlsx --to type:szkola-podstawowa)
sp --as anna dispatch send "$id" > /dev/null
sp bridge run --once 2> /dev/null > /dev/null
$py generate.py work --replies-for "$id"
sp bridge ingest work/replies/*.eml 2> /dev/null > /dev/null

# One line per run: label, wall seconds, peak resident memory, the program's last line.
measure() {
    local label=$1
    shift
    /usr/bin/time -v "$@" > work/stdout.txt 2> work/time.txt
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' \
        work/time.txt)
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' work/time.txt)
    printf '%-34s %8.2f s %7s MB   %s\n' "$label" "$wall" "$rss" \
        "$(tail -c 300 work/stdout.txt | tail -n 1 | cut -c 1-90)"
}

answers=(work/answers/*.xlsx)
echo "cores: $(nproc)"
measure "schoolpost merge (120 answers)" "$bin" --ledger work/bench.db merge "$id" \
    --to work/merged.xlsx
measure "calamine read (120 answers)" $py read.py calamine "${answers[@]}"
measure "openpyxl read (120 answers)" $py read.py openpyxl "${answers[@]}"
measure "schoolpost sheet inspect (1M)" "$bin" sheet inspect work/big.xlsx --format text
measure "calamine read (1M)" $py read.py calamine work/big.xlsx
measure "openpyxl read (1M)" $py read.py openpyxl work/big.xlsx
measure "calamine read (merged output)" $py read.py calamine work/merged.xlsx
