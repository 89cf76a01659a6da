#!/usr/bin/env bash
# The pipeline of chapter 14 for several seeds at once on one lent GPU machine (device tool; its python3 holds torch,
# timm, skimage, but neither this package's wheels nor pydensecrf2, which travel in .whl/: the two wheels of
# bench/gpu_session.sh and the pydensecrf2 source archive, see bench/build_crf.py):
#   bash bench/gpu_pipeline.sh SECONDS "SEEDS" [PRESET=scenes-pretrained]
# Generates the preset's data (and its stage-0 data) once, runs `run_pipeline` for every seed in parallel into
# runs/gpu-<preset>-s<seed>, stops them after SECONDS, and packs what they measured (no models, no maps) into $OUT.
set -u
PY=${PY:-python3}; OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"; T0=$(date +%s)
PRESET=${3:-scenes-pretrained}
$PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
$PY bench/build_crf.py .whl/pydensecrf2-*.tar.gz /tmp/site > "$OUT/build_crf.txt" 2>&1
export PYTHONPATH=/tmp/site:$PWD CPN_NBDEV_CACHE=${CPN_NBDEV_CACHE:-/tmp/cpn-cache} PYTHONUNBUFFERED=1
$PY -c "import pydensecrf.densecrf; print('pydensecrf built')" || exit 1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
presets=$($PY -c "import sys; from cpn_nbdev.pipeline import pipeline_config; c = pipeline_config(sys.argv[1]); print(','.join(filter(None, (c.data, c.pretrain.data if c.pretrain else None))))" "$PRESET")
$PY bench/cam_queue.py /dev/null /tmp/queue --prepare "$presets" && echo "data ready: $presets"
echo "setup $(( $(date +%s) - T0 )) s"
left=$(( ${1:-400} - ($(date +%s) - T0) ))
for s in ${2:-0 1 2}; do
  OMP_NUM_THREADS=$(( 15 / $(echo ${2:-0 1 2} | wc -w) )) timeout $left $PY - "$PRESET" "$s" > "$OUT/pipeline-s$s.log" 2>&1 <<'PY' &
import sys, time
from cpn_nbdev.pipeline import pipeline_config, run_pipeline
p, s = sys.argv[1], int(sys.argv[2]); t0 = time.time()
print(run_pipeline(pipeline_config(p, seed=s), f'runs/gpu-{p}-s{s}', progress=False), f'{time.time() - t0:.0f} s')
PY
done
wait
echo "all $(( $(date +%s) - T0 )) s"
tar czf "$OUT/runs.tgz" --exclude='*.pth' --exclude='maps' --exclude='labels' runs/gpu-* 2>/dev/null
tail -n 3 "$OUT"/pipeline-s*.log; ls -la "$OUT"
