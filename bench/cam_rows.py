"""One line per finished benchmark run (its results.json): mAP, mAP with the part painted out, raw and refined CAM
mIoU at their best β, and the machine — for rows that `cpn-bench-cam` does not tabulate (per-row overrides of
bench/cam_runs.py and bench/cam_queue.py, e.g. `cpn:loss.ohem=1.0:grid_sizes=[24,32]`).

    .venv/bin/python bench/cam_rows.py RUNS [SUBSTRING ...]
    e.g. .venv/bin/python bench/cam_rows.py bench/cam/runs official 'grid_sizes=[24,32]'"""
import sys, json
from pathlib import Path
runs, keys = Path(sys.argv[1]), sys.argv[2:]
for f in sorted(runs.glob('*/*/results.json')):
    name = f'{f.parent.parent.name}/{f.parent.name}'
    if keys and not any(k in name for k in keys): continue
    r = json.loads(f.read_text())
    cams = ' | '.join(f"{w} {r[w]['best']['miou']:.1f} (β {r[w]['best']['beta']:.2f})" for w in ('raw', 'refined') if w in r and (w == 'raw' or r['config'].get('mode') == 'cpn'))
    print(f"{name} | mAP {r['map']:.1f} | painted {r['map_painted']:.1f} | {cams} | {r.get('machine', '?')}")
