"""Can the benchmark's network learn the body pattern at all? Trains the baseline (L_cls, the `scenes` training preset)
on a world given as SceneConfig overrides, and prints its validation mAP (with and without the part painted out) and
its CAM mIoU. With `part_frac=0` and `shape_from="any"` the stripes are the only class cue.

    .venv/bin/python bench/stripe_probe.py OUT NAME '{"shape_from": "any", "part_frac": 0}' [field=json ...]
The world is registered as data preset NAME in this process only (4,000 training and 400 validation scenes)."""
import sys, json, torch
from dataclasses import replace
torch.set_num_threads(1)
from cpn_nbdev import data
from cpn_nbdev.demo import run_experiment, ablation_config
out, name, world = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
data.PRESETS[name] = dict(cfg=replace(data.SceneConfig(), **world), n_train=4000, n_val=400)
kw = {k: json.loads(v) for k, v in (a.split('=', 1) for a in sys.argv[4:])}
row = kw.pop('row', 'baseline')
val = data.AnimalScenes('val', preset=name, progress=False)
cfg = ablation_config(row, 'scenes', name, 0, threads=1, **kw)
r = run_experiment(cfg, f"{out}/{name}/{row}{''.join(f'-{k}={v}' for k, v in kw.items())}-s0", val, progress=False)
print(name, world, row, kw, f"train {r['train_seconds']} s, mAP {r['map']:.1f}, painted {r['map_painted']:.1f}, raw CAM mIoU {r['raw']['best']['miou']:.1f} (β {r['raw']['best']['beta']})", flush=True)
