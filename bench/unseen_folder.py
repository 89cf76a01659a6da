"""The world of bench/unseen_world.py (five other species, plaid coat, flip-safe angles; no preset has it) three ways:
through the Python API (the scenes in memory, as bench/unseen_world.py runs them), and written as a dataset folder
(chapter 2b) run from the command line only — cpn-train, cpn-infer, cpn-evaluate, as a user with their own images
would — once trained as the scenes are and once with a user's defaults. Seed 0, baseline and CPN.

    .venv/bin/python bench/unseen_folder.py [OUT=bench/folder-unseen] [SEED=0]   (2-core CPU, otherwise idle: about 9 minutes)

Routes:
- `api`: `run_experiment` on the scenes (the rows of bench/unseen_world.py, which shares its run folders when OUT is
  given as bench/cam-unseen).
- `folder, as the scenes`: the folder as `scenes_to_folder` writes it (its stats.json holds the world's statistics)
  and `--set augment=flip`, the scenes' augmentation. This must give the API's numbers: the same images, labels,
  normalisation, flips and seeds (chapter 8 tests the weights bit for bit on a small run).
- `folder, defaults`: the same files without stats.json (ImageNet's statistics) and chapter 2b's default
  augmentation (random long side 88–144 px, crop 88, colour jitter): what a user's folder gets."""
import os, shutil, subprocess, sys, time
from dataclasses import replace
from pathlib import Path
import torch
from cpn_nbdev import data
from cpn_nbdev.folder import scenes_to_folder
from cpn_nbdev.demo import run_experiment, ablation_config
out, seed = Path(sys.argv[1] if len(sys.argv) > 1 else 'bench/folder-unseen'), int(sys.argv[2]) if len(sys.argv) > 2 else 0
world = replace(data.SceneConfig(), classes=(0, 2, 3, 4, 9), body_pattern='plaid', body_period=9.0, angles='mirror',
                part_frac=(0.08, 0.12), long_side=(40/96, 70/96))
data.PRESETS['unseen'] = dict(cfg=world, n_train=4000, n_val=400)
bin_ = Path(sys.executable).parent

def run(*args):
    print('$', ' '.join(map(str, args)), flush=True)
    return subprocess.run([str(bin_/args[0]), *map(str, args[1:])], check=True, capture_output=True, text=True).stdout

def api_row(mode):
    torch.set_num_threads(1)
    val = data.AnimalScenes('val', preset='unseen', progress=False)
    r = run_experiment(ablation_config(mode, 'scenes', 'unseen', seed, threads=1), out/'api'/f'{mode}-s{seed}', val,
                       progress=False)
    return r['raw' if mode == 'baseline' else 'refined']['best']['miou']

def folder_row(folder, mode, name, *sets):
    run_dir, which = out/name/f'{mode}-s{seed}', 'raw' if mode == 'baseline' else 'refined'
    if not (run_dir/'model.pth').exists():
        run('cpn-train', '--config', 'scenes', '--data', folder, '--mode', mode, '--seed', seed, '--out', run_dir,
            '--set', 'threads=1', *sets)
    cams = run_dir/f'cams-{which}'
    if not (cams/'index.json').exists(): run('cpn-infer', run_dir/'model.pth', cams, '--which', which)
    s = run('cpn-evaluate', cams, '--data', folder)
    return float(s.split('mIoU')[1].split()[0])

folder, plain = out/'data', out/'data-imagenet'
if not folder.exists(): scenes_to_folder(folder, world, 4000, 400, seed=None, progress=True)
if not plain.exists():                                      # the same files, hard-linked, without stats.json
    shutil.copytree(folder, plain, copy_function=os.link, ignore=shutil.ignore_patterns('stats.json'))
rows = {}
for route, fn in (('api', api_row),
                  ('folder, as the scenes', lambda m: folder_row(folder, m, 'cli-as-scenes', 'augment=flip')),
                  ('folder, defaults', lambda m: folder_row(plain, m, 'cli-defaults'))):
    t0 = time.time()
    rows[route] = [fn(m) for m in ('baseline', 'cpn')]
    print(f"{route}: baseline {rows[route][0]:.2f}, CPN refined {rows[route][1]:.2f} ({time.time() - t0:.0f} s)",
          flush=True)
print(f"\n| route (seed {seed}) | baseline (raw CAM) | CPN (refined CAM) | gain |\n|---|---|---|---|")
for route, (b, c) in rows.items(): print(f"| {route} | {b:.2f} | {c:.2f} | {c - b:+.2f} |")
