#!/usr/bin/env bash
# The results appendix, section 1: the tries of the pretrained protocol on the default world, seed 0, every run
# fine-tuned from the zoo backbone (chapter 4) with the `scenes` training preset and the overrides named in the row:
# the schedule (0.5 to 6 epochs of the 4,000 scenes), L_tcp on the raw CAM only (`loss.tcp_refined=false`, the preset of
# the from-scratch rounds) or on both CAMs (Eq. 14, the preset now), the pair without L_tcp, L_tcp without L_cpcr,
# L_tcp renormalised, a lower L_tcp weight, and the demo's earlier schedule (1,200 scenes x 3 epochs). Two processes
# of one thread each, then one line per run (bench/cam_rows.py).
#   bash bench/pretrained_tries.sh [OUT=bench/cam-pre]      (2-core CPU: about 60 minutes)
set -eu
cd "$(dirname "$0")/.."
PY=$PWD/.venv/bin/python OUT=${1:-bench/cam-pre}
export OMP_NUM_THREADS=1
R=loss.tcp_refined=false
$PY bench/cam_runs.py $OUT default 0 baseline:epochs=6 hide:epochs=6 cpn:$R:epochs=6 cpn:$R:loss.w_tcp=1:epochs=6 \
  baseline:epochs=2 hide:epochs=2 cpn:$R:epochs=2 cpn:$R:loss.tcp_renorm=true:epochs=2 &
$PY bench/cam_runs.py $OUT default 0 baseline:epochs=0.5 cpn:$R:epochs=0.5 baseline:epochs=1 hide:epochs=1 cpn:$R:epochs=1 \
  cpn:epochs=1 cpn:$R:loss.w_tcp=0:epochs=1 cpn:$R:loss.w_cpcr=0:epochs=1 \
  baseline:n_train=1200:epochs=3 hide:n_train=1200:epochs=3 cpn:$R:n_train=1200:epochs=3 &
wait
$PY bench/cam_rows.py $OUT
