"""Does the zoo backbone transfer to a world no preset has and nothing was tuned on? Baseline, hide-only and CPN (the
`scenes` preset: one epoch from the zoo weights) on the animal scenes of five other species (bear, cat, cow, dog,
zebra) with a plaid coat of period 9 px at flip-safe angles, parts of 8–12% of the body and animals of 40–70 px,
registered as data preset `unseen` in this process only (4,000 training, 400 validation scenes).

    .venv/bin/python bench/unseen_world.py [OUT=bench/cam-unseen] [SEED=0]      (2-core CPU: about 8 minutes)"""
import sys
from dataclasses import replace
import torch
torch.set_num_threads(1)
from cpn_nbdev import data
from cpn_nbdev.demo import run_experiment, ablation_config
out, seed = (sys.argv[1] if len(sys.argv) > 1 else 'bench/cam-unseen'), int(sys.argv[2]) if len(sys.argv) > 2 else 0
world = replace(data.SceneConfig(), classes=(0, 2, 3, 4, 9), body_pattern='plaid', body_period=9.0, angles='mirror',
                part_frac=(0.08, 0.12), long_side=(40/96, 70/96))
data.PRESETS['unseen'] = dict(cfg=world, n_train=4000, n_val=400)
val = data.AnimalScenes('val', preset='unseen', progress=False)
res = {}
for row in ('baseline', 'hide', 'cpn'):
    r = res[row] = run_experiment(ablation_config(row, 'scenes', 'unseen', seed, threads=1), f'{out}/{row}-s{seed}', val, progress=False)
    cams = ' | '.join(f"{w} {r[w]['best']['miou']:.1f} (β {r[w]['best']['beta']:.2f})" for w in ('raw', 'refined') if w in r and (w == 'raw' or row == 'cpn'))
    print(f"unseen world, seed {seed}, {row}: {cams} | mAP {r['map']:.1f} | painted {r['map_painted']:.1f} | {r['train_seconds']} s", flush=True)
b, h, c = res['baseline']['raw']['best']['miou'], res['hide']['raw']['best']['miou'], res['cpn']['refined']['best']['miou']
print(f"CPN refined − baseline {c - b:+.1f}, CPN − hide-only {c - h:+.1f}")
