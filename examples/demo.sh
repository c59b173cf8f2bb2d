#!/usr/bin/env bash
# `make demo`: the story of the pipeline on the bundled examples (examples/articles/, written for
# dyad) and the Syrian scenario (examples/syria-2025.yaml), one screen per step. Writes only under
# ./demo-output/ (DEMO_OUT to write elsewhere; DYAD names the dyad executable).
set -euo pipefail
cd "$(dirname "$0")/.."
DYAD=${DYAD:-.venv/bin/dyad}
OUT=${DEMO_OUT:-demo-output}
rm -rf "$OUT" && mkdir -p "$OUT"
export DYAD_DB="$OUT/demo.duckdb"
export COLUMNS=100  # tables at one width, so each step fits a screen

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/5 Code: the events of one article (examples/articles/2025-10-16-sharaa-kremlin.txt)"
$DYAD code examples/articles/2025-10-16-sharaa-kremlin.txt --format table

step "2/5 Store: every bundled article coded into $DYAD_DB (twice: the second run adds nothing)"
$DYAD ingest examples/articles
$DYAD ingest examples/articles
$DYAD sql "SELECT doc_id AS article, n_mentions AS events FROM documents ORDER BY date"

step "3/5 Relations: the most active dyads; Syria-Israel by month; the actor network"
$DYAD dyads --top 6
$DYAD series SYR ISR --freq month --plot "$OUT/syr-isr.png"
$DYAD network --output "$OUT/network.graphml" --plot "$OUT/network.png" | grep -E "actors,|written"

step "4/5 Forecast: the Syrian issues after al-Sharaa's Moscow visit (examples/syria-2025.yaml)"
$DYAD forecast examples/syria-2025.yaml --summary --plot "$OUT/syria-2025-rounds.png" 2>&1

step "5/5 Where to look next"
echo "The dashboard over this store (dyad series, dyads, network, events with their evidence, forecasts):"
echo "  $DYAD serve --db $DYAD_DB        then open http://127.0.0.1:8000/"
echo "Each forecast's reasons:  $DYAD forecast examples/syria-2025.yaml"
echo "Each event's pattern:     $DYAD code examples/articles/2025-10-16-sharaa-kremlin.txt --explain"
echo "Files written in $OUT/:"
ls -1 "$OUT" | sed 's/^/  /'
