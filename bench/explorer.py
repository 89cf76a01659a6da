"""Redraw time of the two explorers of chapter 11.

- `cam_explorer` with the networks the package ships (baseline and CPN, as the chapter shows them) on the quick
  validation scenes: a pair move (p_h / seed: new CP pair, six forward passes, new picture) and a β move (new
  pseudo-labels, new picture);
- `photo_explorer` with the bundled ImageNet EfficientNet-Lite0 on scikit-image's photos: a pair move (S / seed: new
  CP pair, one forward pass of [I, I_h, I_h̄], new picture) and a photo change.

    .venv/bin/python bench/explorer.py [threads]     # default: 2 torch threads

Print the machine beside the numbers you quote (the project's 2-core x86_64 CPU machine is often shared with other
jobs: the load average is printed at the end).
"""
import os, sys, time
import numpy as np
import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
from cpn_nbdev.demo import shipped_model, shipped_best_betas
from cpn_nbdev.data import AnimalScenes
from cpn_nbdev.explorer import cam_explorer, photo_explorer, PHOTOS

def timer(box):
    "move(name, value): set one control of `box` and return the seconds the redraw took."
    def move(name, value):
        t0 = time.perf_counter()
        box.controls[name].value = value
        return time.perf_counter() - t0
    return move

def ms(ts): return f"median {1e3*np.median(ts):.0f} ms (max {1e3*max(ts):.0f})"

models = {'baseline': shipped_model('baseline'), 'cpn': shipped_model('cpn')}
val = AnimalScenes('val', preset='quick', progress=False)
ex = cam_explorer(models, val, index=3, best_betas=shipped_best_betas())
move = timer(ex)
move('own_beta', False)
for strategy in ('grid', 'superpixel'):
    move('strategy', strategy)
    move('seed', 99)                                     # warm-up (and SLIC once, for superpixels)
    pair = [move('seed', s) for s in range(20)] + [move('p_h', v) for v in (0.2, 0.3, 0.4, 0.6, 0.7, 0.5)]
    beta = [move('beta', b) for b in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)]
    print(f"cam_explorer   {strategy:10s} {threads} thread(s): pair move {ms(pair)}, β move {ms(beta)}; "
          f"{len(models)} networks, {val.arrays['images'].shape[1]} px scenes")

px = photo_explorer()
move = timer(px)
for strategy in ('grid', 'superpixel'):
    move('strategy', strategy)
    move('seed', 99)
    pair = [move('seed', s) for s in range(10)] + [move('S', S) for S in (16, 24, 40, 48, 56)]
    photos = [move('photo', p) for p in PHOTOS[1:] + PHOTOS[:1]]   # a new photo: its class, SLIC, pair and maps
    print(f"photo_explorer {strategy:10s} {threads} thread(s): pair move {ms(pair)}, photo change {ms(photos)}; "
          f"photos of {max(px.photos['chelsea'].shape)} px")
print(f"load average during the run: {os.getloadavg()[0]:.1f}")
