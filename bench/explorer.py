"""Redraw time of the CAM explorer (chapter 11): a pair move (p_h / seed / S: new CP pair, six forward passes, new
picture) and a β move (new pseudo-labels, new picture), with the demo's quick networks on the quick validation scenes.

    .venv/bin/python bench/explorer.py [threads]     # default: 2 torch threads
"""
import os, sys, time
import numpy as np
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
from cpn_nbdev.demo import demo_models
from cpn_nbdev.data import AnimalScenes
from cpn_nbdev.explorer import cam_explorer

models = demo_models(quick=True, progress=False)
val = AnimalScenes('val', preset='quick', progress=False)
ex = cam_explorer(models, val, index=3)

def move(name, value):
    t0 = time.perf_counter(); ex.controls[name].value = value; return time.perf_counter() - t0

for strategy in ('grid', 'superpixel'):
    ex.controls['strategy'].value = strategy
    move('seed', 99)                                     # warm-up (and SLIC once, for superpixels)
    pair = [move('seed', s) for s in range(20)] + [move('p_h', v) for v in (0.2, 0.3, 0.4, 0.6, 0.7, 0.5)]
    beta = [move('beta', b) for b in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)]
    print(f"{strategy:10s} {threads} thread(s): pair move median {1e3*np.median(pair):.0f} ms (max {1e3*max(pair):.0f}), "
          f"β move median {1e3*np.median(beta):.0f} ms (max {1e3*max(beta):.0f}); "
          f"{len(models)} networks, {val.arrays['images'].shape[1]} px scenes")
print(f"load average during the run: {os.getloadavg()[0]:.1f}")
