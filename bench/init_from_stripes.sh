#!/usr/bin/env bash
# Chapter 10, round 3, point 5: baseline, hide-only and CPN on the `mirror` world, all three starting from a network
# that first learned the stripes on a world without parts (the stripe probe), instead of from scratch.
#   bash bench/init_from_stripes.sh [SEEDS=0]      (2-core CPU: ~4 min a baseline, ~10 min a CPN, one thread each)
set -eu
cd "$(dirname "$0")/.."
PY=$PWD/.venv/bin/python
[ -f bench/cam-probe/stripesmirror/baseline-s0/model.pth ] || \
  $PY bench/stripe_probe.py bench/cam-probe stripesmirror '{"shape_from": "any", "part_frac": 0, "angles": "mirror"}'
mkdir -p bench/cam-init && cp bench/cam-probe/stripesmirror/baseline-s0/model.pth bench/cam-init/stripes.pth
cd bench/cam-init   # runs are named after the init path: keep it short
for s in ${1:-0}; do
  OMP_NUM_THREADS=1 $PY ../cam_runs.py . mirror "$s" 'baseline:init="stripes.pth"' 'hide:init="stripes.pth"' 'cpn:init="stripes.pth"'
done
