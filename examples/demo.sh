#!/usr/bin/env bash
# `make demo`: the whole pipeline as it stands, on the bundled examples.
set -euo pipefail
cd "$(dirname "$0")/.."
DYAD=.venv/bin/dyad
echo "== CAMEO codebook: 042 and the root 19 codes"
$DYAD codebook show 042
$DYAD codebook list --root 19
