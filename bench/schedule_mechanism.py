"""What L_tcp asks of a trained network (the schedule study): for finished runs of `bench/schedule.py`, the mean
max-normalised CAM of the whole image, A = maxnorm(CAM_I), against L_tcp's fused target T = λ·maxnorm(CAM_h) +
(1 − λ)·maxnorm(CAM_h̄), on the part, on the rest of the body and on the background of each image's own classes
(validation scenes, one seeded CP pair each, the run's own cell sizes, eval mode, maps upsampled to the image).
T − A < 0 is where L_tcp pulls the CAM of I down. Forward passes only: seconds a run. Runs already in
OUT/mechanism.json are kept as they are (`--all` measures every run again).

    .venv/bin/python bench/schedule_mechanism.py [OUT=bench/schedule] [N=200] [--all]"""
import json, sys
from pathlib import Path
import numpy as np
import torch
import torch.nn.functional as F
sys.path.insert(0, str(Path(__file__).parent))
import schedule
from cpn_nbdev.data import AnimalScenes
from cpn_nbdev.losses import prepare
from cpn_nbdev.patches import grid_pair
from cpn_nbdev.train import model_from_checkpoint, forward_branches

@torch.no_grad()
def target_vs_cam(model, val, n:int, sizes, p_h:float, seed:int=0) -> dict:
    "Means of A (CAM of I) and T (fused target) on part, body and background pixels of the labelled classes."
    model.eval()
    sums = {k: np.zeros(2) for k in ('part', 'body', 'bg')}
    counts = dict(part=0, body=0, bg=0)
    gen = torch.Generator().manual_seed(seed)
    for i0 in range(0, n, 50):
        idx = range(i0, min(n, i0 + 50))
        x, y, m = (torch.stack(t) for t in zip(*(val[i] for i in idx)))
        x_h, x_hb, lam = grid_pair(x, sizes, p_h, gen)
        cams = forward_branches(model, x, [x_h, x_hb])['cam'].split(len(x))
        a, th, thb = (F.interpolate(prepare(c, y.float())[:, 1:], size=x.shape[-2:], mode='bilinear',
                                    align_corners=False) for c in cams)
        t = lam.view(-1, 1, 1, 1)*th + (1 - lam.view(-1, 1, 1, 1))*thb
        parts = torch.from_numpy(val.arrays['parts'][list(idx)].astype(bool))
        for j in range(len(x)):
            for c in y[j].nonzero().flatten().tolist():
                obj = m[j] == c + 1
                for k, sel in (('part', obj & parts[j]), ('body', obj & ~parts[j]), ('bg', m[j] == 0)):
                    sums[k] += [a[j, c][sel].sum().item(), t[j, c][sel].sum().item()]
                    counts[k] += int(sel.sum())
    return {k: dict(A=round(sums[k][0]/max(counts[k], 1), 3), T=round(sums[k][1]/max(counts[k], 1), 3))
            for k in sums}

def main():
    args = [a for a in sys.argv[1:] if a != '--all']
    out = Path(args[0] if args else 'bench/schedule')
    n = int(args[1]) if len(args) > 1 else 200
    done = {} if '--all' in sys.argv or not (out/'mechanism.json').exists() else json.loads((out/'mechanism.json').read_text())
    torch.set_num_threads(1)
    schedule.register_worlds()
    vals, res = {}, {}
    for f in sorted(out.glob('runs/*/*/*/model.pth')):
        if not (f.parent/'results.json').exists() or f.parent.name.startswith('hide-'): continue   # no L_tcp
        name = '/'.join(f.parts[-4:-1])
        if name in done:
            res[name] = done[name]
            continue
        model, cfg = model_from_checkpoint(f)
        world = f.parts[-3]
        val = vals.get(world) or vals.setdefault(world, AnimalScenes('val', preset=world, progress=False))
        r = res[name] = target_vs_cam(model, val, n, tuple(cfg.grid_sizes or (16, 24)), cfg.p_h)
        print(f"{name:40} " + ' | '.join(f"{k}: A {v['A']:.2f} T {v['T']:.2f} T−A {v['T'] - v['A']:+.2f}"
                                          for k, v in r.items()), flush=True)
    (out/'mechanism.json').write_text(json.dumps(dict(sorted(res.items())), indent=1))

if __name__ == '__main__': main()
