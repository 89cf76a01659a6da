"""The world of bench/unseen_world.py (five other species, plaid coat, flip-safe angles; no preset has it), written
as a dataset folder (chapter 2b) and run from the command line only — cpn-train, cpn-infer, cpn-evaluate, as a user
with their own images would — next to the Python API's numbers for the same world (bench/unseen_world.py, seed 0).

    .venv/bin/python bench/unseen_folder.py [OUT=bench/folder-unseen] [SEED=0]      (2-core CPU: about 10 minutes)

The folder route differs from the API route in two ways a user's data would: images are normalised with ImageNet's
statistics (not the scenes'), and the training augmentation is chapter 2b's, scaled to the images (a random long
side of 88–144 px, a crop of 88, colour jitter) instead of the scenes' flips."""
import json, subprocess, sys, time
from dataclasses import replace
from pathlib import Path
from cpn_nbdev import data
from cpn_nbdev.folder import scenes_to_folder
out, seed = Path(sys.argv[1] if len(sys.argv) > 1 else 'bench/folder-unseen'), int(sys.argv[2]) if len(sys.argv) > 2 else 0
world = replace(data.SceneConfig(), classes=(0, 2, 3, 4, 9), body_pattern='plaid', body_period=9.0, angles='mirror',
                part_frac=(0.08, 0.12), long_side=(40/96, 70/96))
folder = out/'data'
if not folder.exists(): scenes_to_folder(folder, world, 4000, 400, seed=None, progress=True)
bin_ = Path(sys.executable).parent
def run(*args):
    print('$', ' '.join(map(str, args)), flush=True)
    return subprocess.run([str(bin_/args[0]), *map(str, args[1:])], check=True, capture_output=True, text=True).stdout
for mode, which in (('baseline', 'raw'), ('cpn', 'refined')):
    t0, run_dir = time.time(), out/f'{mode}-s{seed}'
    if not (run_dir/'model.pth').exists():
        run('cpn-train', '--config', 'scenes', '--data', folder, '--mode', mode, '--seed', seed, '--out', run_dir,
            '--set', 'threads=1')
    cams = run_dir/f'cams-{which}'
    if not (cams/'index.json').exists(): run('cpn-infer', run_dir/'model.pth', cams, '--which', which)
    s = run('cpn-evaluate', cams, '--data', folder)
    print(f"unseen world as a folder, CLI, seed {seed}, {mode} ({which} CAM): {s.strip()} ({time.time() - t0:.0f} s)",
          flush=True)
