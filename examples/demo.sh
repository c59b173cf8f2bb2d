#!/usr/bin/env bash
# `make demo`: the whole pipeline as it stands, on the bundled examples (examples/articles/, written
# for dyad) and the Syrian scenario (examples/syria-2025.yaml). Writes only under ./demo-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
DYAD=.venv/bin/dyad
OUT=demo-output
rm -rf "$OUT" && mkdir -p "$OUT"
export DYAD_DB="$OUT/demo.duckdb"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "CAMEO codebook: one code, and every code under root 19 (fight)"
$DYAD codebook show 042
$DYAD codebook list --root 19

step "Actor knowledge base: the actors of the al-Sharaa story, dated"
for name in "Abu Mohammad al-Jolani" "the Kremlin" "Israeli forces" "the US Senate" "Hakan Fidan" "Hayat Tahrir al-Sham"; do
  printf '%-28s 2025-10-15 -> %s\n' "$name" "$($DYAD actors lookup "$name" --date 2025-10-15)"
done
printf '%-28s 2023-05-20 -> %s\n' "Abu Mohammad al-Jolani" "$($DYAD actors lookup "Abu Mohammad al-Jolani" --date 2023-05-20)"

step "Code: al-Sharaa in the Kremlin (examples/articles/2025-10-16-sharaa-kremlin.txt)"
$DYAD code examples/articles/2025-10-16-sharaa-kremlin.txt --format table

step "Explain: which pattern produced each event of one article"
$DYAD code examples/articles/2025-07-17-israel-strikes-damascus.txt --explain | head -40

step "Store: ingest every bundled article into $DYAD_DB (idempotent: run twice)"
$DYAD ingest examples/articles
$DYAD ingest examples/articles

step "Analyse: the Syria-Israel dyad by month, the most active dyads, the network"
$DYAD series SYR ISR --freq month
$DYAD dyads --top 10
$DYAD network --plot "$OUT/network.png"
$DYAD balance

step "Forecast: the Syrian issues after al-Sharaa's Moscow visit (all models, EUM rounds)"
$DYAD forecast examples/syria-2025.yaml --plot "$OUT/syria-2025-rounds.png"
$DYAD forecast examples/syria-2025.yaml --model compromise --monte-carlo 500 --seed 1

step "Done: charts and the database are in $OUT/"
echo "Open the dashboard on this store: .venv/bin/dyad serve --db $DYAD_DB   then http://127.0.0.1:8000/"
