"""Throughput of the CPN training step, of multi-scale inference and of evaluation (chapter 8).

    .venv/bin/python bench/train_step.py [--threads 2] [--size 112] [--batch 8] [--steps 5] [--backbones tiny,efficientnet_lite0]
                                         [--eval-images 1449]

Prints, for every backbone:
* training images/s (clean images per second; each carries its CP pair) of one full CPN step (forward, L_all,
  backward, AdamW step) with the triplet computed as the package does it (`forward_branches`: I alone, then I_h and
  I_h̄ fused into one batch) and as three separate passes (I, I_h, I_h̄ one after the other);
* the peak resident memory of a fresh process that runs each variant (ru_maxrss);
* inference images/s of `infer_cam` with scales (0.5, 1, 1.5, 2) × flip;
and the time to evaluate `--eval-images` masks of 500×375 with 20 classes (`sweep_beta`: confusion matrices at all
23 background scores β, CAMs given).
On a CUDA machine the ResNet38d row at 448² batch 4 is added with `--backbones resnet38d --size 448 --batch 4`.
Medians over --steps after one warm-up step. Timings depend on the machine and its load; the script prints both."""
import argparse, json, os, platform, resource, subprocess, sys, time

def step_bench(backbone, size, batch, steps, fused, threads, freeze_bn=False):
    "Median seconds per CPN training step; run inside a fresh process."
    import torch
    torch.set_num_threads(threads)
    from cpn_nbdev.train import CPN, TrainConfig, make_pair, forward_branches, bn_frozen_stats, has_trainable_bn, build_optimizer
    from cpn_nbdev.backbone import build_backbone
    from cpn_nbdev.losses import Branches, cpn_loss
    dev = 'cuda' if torch.cuda.is_available() else 'cpu'
    cfg = TrainConfig(backbone=backbone, optimizer='adamw', lr=1e-3, weight_decay=1e-4)
    kw = dict(freeze_bn=True) if freeze_bn else {}   # a pretrained ResNet freezes BN (the paper); random weights do not, unless asked
    model = CPN(build_backbone(backbone, pretrained=False, **kw), 5 if backbone != 'resnet38d' else 20).to(dev).train()   # timing: weights do not matter
    opt = build_optimizer(model, cfg)
    g = torch.Generator().manual_seed(0)
    x = torch.randn(batch, 3, size, size, generator=g).to(dev)
    y = (torch.rand(batch, model.n_classes, generator=g) < 0.3).float().to(dev)
    y[:, 0] = 1
    times = []
    for i in range(steps + 1):
        if dev == 'cuda': torch.cuda.synchronize()
        t0 = time.perf_counter()
        xh, xhb, lam = make_pair(x, cfg, g)
        if fused: out = forward_branches(model, x, [xh, xhb])
        else:
            o = model(x)
            if has_trainable_bn(model):
                with bn_frozen_stats(model): ps = [model(xh), model(xhb)]
            else: ps = [model(xh), model(xhb)]
            out = {k: torch.cat([o[k]] + [p[k] for p in ps]) for k in o}
        n = len(x)
        loss = cpn_loss(Branches(*out['cam'].split(n), *out['refined'].split(n)), y, lam.to(dev), cfg.loss, official=cfg.official)['total']
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
        if dev == 'cuda': torch.cuda.synchronize()
        if i: times.append(time.perf_counter() - t0)
    times.sort()
    mem = torch.cuda.max_memory_allocated()/2**20 if dev == 'cuda' else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024
    return dict(ips=batch/times[len(times)//2], peak_mib=mem, device=dev)

def infer_bench(backbone, size, steps, threads):
    import torch
    torch.set_num_threads(threads)
    from cpn_nbdev.train import CPN
    from cpn_nbdev.backbone import build_backbone
    from cpn_nbdev.evaluate import infer_cam
    dev = 'cuda' if torch.cuda.is_available() else 'cpu'
    model = CPN(build_backbone(backbone, pretrained=False), 5 if backbone != 'resnet38d' else 20).to(dev).eval()
    x = torch.randn(3, size, size, device=dev)
    times = []
    with torch.no_grad():
        for i in range(steps + 1):
            if dev == 'cuda': torch.cuda.synchronize()
            t0 = time.perf_counter(); infer_cam(model, x)
            if dev == 'cuda': torch.cuda.synchronize()
            dt = time.perf_counter() - t0
            if i: times.append(dt)
    times.sort()
    return 1/times[len(times)//2]

def eval_bench(n_images, threads, pool=16):
    "Seconds of `sweep_beta` over n_images (CAM, mask) pairs of 500×375 (a pool of random pairs, cycled; drawing not timed)."
    import torch
    torch.set_num_threads(threads)
    from cpn_nbdev.evaluate import sweep_beta
    g = torch.Generator().manual_seed(0)
    cams = [torch.rand(20, 375, 500, generator=g)*(torch.rand(20, generator=g) < 0.15)[:, None, None] for _ in range(pool)]
    masks = [torch.randint(0, 21, (375, 500), generator=g) for _ in range(pool)]
    t0 = time.perf_counter()
    r = sweep_beta(((cams[i % pool], masks[i % pool]) for i in range(n_images)), 20)
    return dict(seconds=time.perf_counter() - t0, miou=r['best']['miou'])

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=2); ap.add_argument('--size', type=int, default=112)
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--steps', type=int, default=5)
    ap.add_argument('--backbones', default='tiny,efficientnet_lite0'); ap.add_argument('--eval-images', type=int, default=1449)
    ap.add_argument('--freeze-bn', action='store_true', help='frozen BatchNorm, as a pretrained ResNet38d/ResNet-50 trains (then I, I_h, I_hbar are one batch)')
    ap.add_argument('--_one', default=None)
    a = ap.parse_args()
    if a._one:   # child process: one measurement, printed as JSON
        kind, bb, fused = a._one.split(':')
        r = step_bench(bb, a.size, a.batch, a.steps, fused == '1', a.threads, a.freeze_bn) if kind == 'step' else dict(ips=infer_bench(bb, a.size, a.steps, a.threads))
        print(json.dumps(r)); sys.exit()
    load = os.getloadavg()[0]
    import torch
    gpu = torch.cuda.get_device_name() if torch.cuda.is_available() else None
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {a.threads} torch threads, load average {load:.1f}"
          + (f"; {gpu} (training and inference on it; peak MiB = torch.cuda.max_memory_allocated)" if gpu else "; peak MiB = peak RSS"))
    def child(spec):
        out = subprocess.run([sys.executable, __file__, '--_one', spec, '--size', str(a.size), '--batch', str(a.batch),
                              '--steps', str(a.steps), '--threads', str(a.threads)] + (['--freeze-bn'] if a.freeze_bn else []), capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])
    print(f"\n| backbone | size | batch | triplet as the package does it (img/s, peak MiB) | three separate passes (img/s, peak MiB) | inference, 4 scales × flip (img/s) |")
    print("|---|---|---|---|---|---|")
    for bb in a.backbones.split(','):
        f, s, inf = child(f'step:{bb}:1'), child(f'step:{bb}:0'), child(f'infer:{bb}:0')
        print(f"| {bb} | {a.size}² | {a.batch} | {f['ips']:.1f}, {f['peak_mib']:.0f} | {s['ips']:.1f}, {s['peak_mib']:.0f} | {inf['ips']:.2f} |", flush=True)
    if a.eval_images:
        e = eval_bench(a.eval_images, a.threads)
        print(f"\nevaluation of {a.eval_images} masks of 500×375, 21 classes, all 23 β (`sweep_beta`): {e['seconds']:.1f} s")
