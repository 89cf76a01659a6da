"""Where the authors' refined CAM (`official=True`) finds its background score, and why (chapter 9).

Trains the benchmark's seed-0 CPN row with `official=True` (scenes preset, default world; THREADS torch threads) and
evaluates its refined CAM on the validation scenes (scale 1 + flip) three ways:
  1. the benchmark's evaluation (ReLU per view, max-normalised, β on a fine grid up to 0.999);
  2. the authors' inference (`infer_cam(official=True)`: their views, each map at the view's size, summed, clamped
     at 0, min–max as infer_cam.py writes it) and their halving, swept over their grid t = 0.20 … 0.59 (β = 2t);
  3. (1) with the refinement's input normalised as before a fix to `official_cam_input` (relu(r) instead of
     relu(r − 1e-5)), to see whether that scale moves β.
It also prints the refined CAM's mean on part / body / background and the share of background pixels above 0.5.

    .venv/bin/python bench/official_beta.py [OUT] [THREADS]     (OUT defaults to bench/official, THREADS to 2)"""
import sys, torch
import torch.nn.functional as F
from cpn_nbdev.train import train_or_load
from cpn_nbdev.demo import ablation_config, batch_cams, _stack
from cpn_nbdev.data import AnimalScenes
from cpn_nbdev.evaluate import sweep_beta, infer_cam, cam_region_means
from cpn_nbdev.cam import add_background

out = sys.argv[1] if len(sys.argv) > 1 else 'bench/official'
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
cfg = ablation_config('cpn', 'scenes', 'default', 0, official=True, threads=threads)
model, secs = train_or_load(cfg, f'{out}/cpn-official-s0')
print('trained in', secs, 's' if secs else '(reused)')
val = AnimalScenes('val', preset='default', progress=False)
x, y, m = _stack(val)
parts = torch.from_numpy(val.arrays['parts'].astype(bool))
FINE = tuple(round(0.05*i, 2) for i in range(1, 19)) + (0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995, 0.999)


def report(name, cams, betas=FINE, scale=1.0):
    s = sweep_beta(zip(cams, m), y.shape[1], betas)
    bg = cams.amax(1)[m == 0]
    print(f"{name}: best mIoU {s['best']['miou']:.1f} at β {s['best']['beta']} (= t {s['best']['beta']*scale:.3f}); "
          f"background pixels above 0.5: {(bg > 0.5).float().mean():.2f}; regions",
          {k: round(v, 2) for k, v in cam_region_means(cams, m, parts).items()})
    return s


with torch.no_grad():
    report('1. refined, benchmark evaluation', batch_cams(model, x, y, 'refined'))
    report('   raw, benchmark evaluation', batch_cams(model, x, y, 'raw'))
    authors = torch.stack([infer_cam(model, x[i], y[i], scales=(1.0,), official=True) for i in range(len(x))])
    T = tuple(round(0.2 + 0.01*i, 2) for i in range(40))          # evaluation_cam.py's grid, on the halved map
    report("2. refined, authors' inference, their t grid", authors, tuple(2*t for t in T), 0.5)

    def before_fix(cam):                                           # relu(r)/(max r + ε), winner only, background
        r = F.relu(cam.detach())
        v = r/(r.flatten(2).max(-1).values[..., None, None] + 1e-5)
        return add_background(v*(v >= v.max(1, keepdim=True).values))
    new = batch_cams(model, x, y, 'refined')
    model.refiner.cam_input = before_fix
    old = batch_cams(model, x, y, 'refined')
    print('   max |refined CAM, after − before the ε fix| =', f'{(new - old).abs().max():.2e}')
    report('3. refined, input normalised as before the fix', old)
