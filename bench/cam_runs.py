"""Train and evaluate benchmark rows of chapter 10 on one data preset and seed, one thread per process (two of these
ran side by side on the 2-core machine for the table in nbs/10_demo.ipynb).

    .venv/bin/python bench/cam_runs.py OUT DATA SEED ROW[:field=json]...
    e.g. .venv/bin/python bench/cam_runs.py bench/cam default 0 baseline hide cpn:loss.w_tcp=1 cpn:loss.w_tcp=4 cpn:loss.w_tcp=4:loss.tcp_background=false
Rows are keys of cpn_nbdev.demo.ABLATIONS (or K=a,b); each prints its diagnostics and best-beta mIoU."""
import sys, json, torch
torch.set_num_threads(1)
from cpn_nbdev.demo import run_experiment, ablation_config
from cpn_nbdev.data import AnimalScenes
out, data, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
val = AnimalScenes('val', preset=data, progress=False)
for spec in sys.argv[4:]:
    name, *ov = spec.split(':')
    kw = {k: json.loads(v) for k, v in (o.split('=') for o in ov)}
    cfg = ablation_config(name, 'scenes', data, seed, threads=1, **kw)
    r = run_experiment(cfg, f'{out}/{data}/{name}{"-" + "-".join(ov) if ov else ""}-s{seed}', val, progress=False)
    print(spec, r['train_seconds'], round(r['map'],1), round(r['map_painted'],1),
          {w: (round(r[w]['best']['miou'],1), r[w]['best']['beta'], round(r[w]['best']['fg_precision'],1), round(r[w]['best']['fg_recall'],1), {k: round(v,2) for k,v in r[w]['regions'].items()}) for w in ('raw','refined') if w in r}, flush=True)
