"""One training step of the authors' `train_cpn.py` loop (Ferenas/CPN) against the package's `official=True` step on
the same batch: ResNet38d from the same random weights (theirs copied into the package's names), batch 4, one CP pair
drawn once (grid cells) and handed to both; training images/s of each (clean images a second, each with its pair),
the median over --steps after one warm-up step, with the loss each computed on its first step.

Their code is not part of this project. Point --authors at a checkout of Ferenas/CPN (train_cpn.py, network/,
tool/) that has psa's network/resnet38d.py and tool/torchutils.py next to theirs; without train_cpn.py there the
script says so and exits 0. What runs of theirs is read from their files: the model (network/resnet38_CPN.py), the
optimiser (train_cpn.py's PolyOptimizer statement), `adaptive_min_pooling_loss`, and the loop body, from
`img = pack[1].cuda()` to `optimizer.step()` without the logging, run as written with `.cuda()` removed on the CPU.
cv2 and pydensecrf, which their tool/visualization.py imports at the top and the loop does not use, are stubbed when
they are not installed.

    .venv/bin/python bench/authors_step.py --authors /path/to/CPN [--crop 448] [--batch 4] [--steps 2] [--threads 1]
                                           [--device cpu|cuda]"""
import argparse, importlib, os, platform, re, sys, time, types
from dataclasses import replace
from pathlib import Path

def stub_missing(*names):
    "Empty modules for imports their files make at the top but the loop never uses."
    for n in names:
        try: importlib.import_module(n)
        except ImportError:
            for part in [n.rsplit('.', i)[0] for i in range(n.count('.'), -1, -1)]:
                sys.modules.setdefault(part, types.ModuleType(part))
    if 'pydensecrf.utils' in sys.modules: sys.modules['pydensecrf.utils'].unary_from_softmax = None

def their_parts(src:str) -> tuple:
    "From train_cpn.py's text: the loss function's definition, the optimiser statement, the loop body (compiled)."
    fn = src[src.index('def adaptive_min_pooling_loss'):src.index("if __name__ == '__main__':")]
    opt = src[src.index('param_groups = model.get_parameter_groups()'):src.index('max_step=max_step)') + 18]
    start = src.index('img = pack[1].cuda()')
    body = src[start:src.index('optimizer.step()', start) + len('optimizer.step()')]
    body = re.sub(r'avg_meter1\.add\(\{.*?\}\)', '', body, flags=re.S)
    dedent = lambda s: '\n'.join(l[12:] if l.startswith(' '*12) else l.strip() for l in s.splitlines())
    return fn, dedent(' '*4 + opt.replace('\n    ', '\n')), dedent(' '*12 + body)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--authors', required=True, help='a checkout of Ferenas/CPN (with psa resnet38d and torchutils)')
    ap.add_argument('--crop', type=int, default=448); ap.add_argument('--batch', type=int, default=4)
    ap.add_argument('--steps', type=int, default=2); ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--device', default='cpu', choices=('cpu', 'cuda'))
    a = ap.parse_args()
    root = Path(a.authors)
    if not (root/'train_cpn.py').is_file():
        return print(f"skipped: no train_cpn.py in {root} (the authors' code is not part of this project)")
    import torch
    torch.set_num_threads(a.threads)
    from cpn_nbdev.train import PRESETS, build_model, build_optimizer, forward_branches, make_pair
    from cpn_nbdev.losses import Branches, cpn_loss
    from cpn_nbdev.backbone import authors_cpn_state_dict
    dev = torch.device(a.device)
    sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)
    # their model, optimiser, loss function and loop body, from their files
    sys.path.insert(0, str(root))
    stub_missing('cv2', 'pydensecrf.densecrf', 'pydensecrf.utils')
    fn, opt_src, body = their_parts((root/'train_cpn.py').read_text())
    if dev.type == 'cpu': body = body.replace('.cuda()', '')
    torch.manual_seed(0)
    theirs = importlib.import_module('network.resnet38_CPN').Net()
    mod = lambda n: importlib.import_module(f'tool.{n}')
    ns = dict(torch=torch, F=torch.nn.functional, model=theirs, max_step=10_000,
              args=types.SimpleNamespace(lr=0.01, wt_dec=5e-4), torchutils=mod('torchutils'), imutils=mod('imutils'),
              visualization=mod('visualization'))
    exec(fn, ns)
    import contextlib, io
    with contextlib.redirect_stdout(io.StringIO()): exec(opt_src, ns)          # their groups print a banner line
    theirs.to(dev).train()
    step = compile(body, str(root/'train_cpn.py') + ' (loop body)', 'exec')
    # the package's official CPN with their weights, its optimiser
    cfg = replace(PRESETS['voc'], official=True, pretrained=False)
    ours = build_model(cfg, 20)
    ours.load_state_dict(authors_cpn_state_dict(theirs.state_dict()))
    ours.to(dev).train()
    opt = build_optimizer(ours, cfg)
    # one batch and one CP pair for both
    g = torch.Generator().manual_seed(0)
    x = torch.randn(a.batch, 3, a.crop, a.crop, generator=g)
    y = (torch.rand(a.batch, 20, generator=g) < 0.15).float(); y[:, 14] = 1
    xh, xhb, lam = make_pair(x, replace(cfg, patch='grid', grid_sizes=(a.crop//2, a.crop)), g)
    pack = ('names', x, y, xh, xhb, lam.double(), 1 - lam.double())
    def their_step():
        ns['pack'] = pack
        exec(step, ns)
        return float(ns['loss'].detach())
    def our_step():
        xd, hd = x.to(dev), [xh.to(dev), xhb.to(dev)]
        out = forward_branches(ours, xd, hd)
        n = len(xd)
        loss = cpn_loss(Branches(*out['cam'].split(n), *out['refined'].split(n)), y.to(dev), lam.to(dev), cfg.loss,
                        official=True)['total']
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        return float(loss)
    res = {}
    for name, fn_ in (("the authors' train_cpn.py loop", their_step), ("the package, official=True", our_step)):
        times, first = [], None
        for i in range(a.steps + 1):
            sync(); t0 = time.perf_counter(); l = fn_(); sync()
            if i: times.append(time.perf_counter() - t0)
            else: first = l
        times.sort()
        res[name] = (a.batch/times[len(times)//2], first)
    where = torch.cuda.get_device_name() if dev.type == 'cuda' else \
        f"{platform.machine()} CPU, {os.cpu_count()} cores, {a.threads} torch thread{'s'*(a.threads != 1)}"
    print(f"# one training step, ResNet38d, batch {a.batch}, crop {a.crop}, {where}, torch {torch.__version__}, "
          f"load average {os.getloadavg()[0]:.1f}; median of {a.steps} after one warm-up")
    print('| step | images/s | loss of its first step |\n|---|---|---|')
    for name, (ips, l) in res.items(): print(f'| {name} | {ips:.3f} | {l:.4f} |')

if __name__ == '__main__': main()
