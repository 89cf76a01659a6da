"""Time psa's dense random walk against the neighbourhood walk of `cpn_nbdev.affinity` on a VOC-sized grid.

A 500 × 375 image at output stride 8 gives a 63 × 47 grid (2,961 cells). Both walks use psa's β = 8 and logt = 8
(t = 256) on random affinities (the cost does not depend on their values) and must give the same output. Run:

    OMP_NUM_THREADS=2 .venv/bin/python bench/random_walk.py --threads 2

Prints the machine, one line per case (best of `--repeats` runs) and the speed-ups.
"""
import argparse, os, platform, time
import torch
from cpn_nbdev.affinity import random_walk, random_walk_dense, pair_offsets

def best_time(f, repeats):
    "Best wall time of `repeats` calls (the least disturbed by other jobs on a shared machine) and the last output."
    best, out = float('inf'), None
    for _ in range(repeats):
        t0 = time.perf_counter(); out = f(); best = min(best, time.perf_counter() - t0)
    return best, out

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--threads', type=int, default=2, help='torch CPU threads')
    p.add_argument('--width', type=int, default=500, help='image width, pixels')
    p.add_argument('--height', type=int, default=375, help='image height, pixels')
    p.add_argument('--beta', type=float, default=8)
    p.add_argument('--logt', type=int, default=8)
    p.add_argument('--repeats', type=int, default=3, help='runs per case; the best is reported')
    p.add_argument('--channels', type=int, nargs='+', default=[21, 3], help='CAM channels (VOC: 21; an image: background + its classes)')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    h, w = -(-a.height//8), -(-a.width//8)
    g = torch.Generator().manual_seed(0)
    aff = torch.rand(len(pair_offsets(5)), h, w, generator=g)
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, torch {torch.__version__}, {a.threads} threads, "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"image {a.width}×{a.height} → grid {w}×{h} = {h*w} cells; β = {a.beta}, t = 2^{a.logt} = {2**a.logt}; best of {a.repeats}")
    t_dense, _ = best_time(lambda: random_walk_dense(torch.rand(1, h, w, generator=g), aff, a.beta, a.logt), a.repeats)
    print(f"dense psa walk (T squared {a.logt}×, any channel count): {t_dense:.2f} s")
    for c in a.channels:
        cam = torch.rand(c, h, w, generator=g)
        t_fast, fast = best_time(lambda: random_walk(cam, aff, a.beta, a.logt), a.repeats)
        diff = (random_walk_dense(cam, aff, a.beta, a.logt) - fast).abs().max().item()
        print(f"neighbourhood walk, {c:2} channels: {t_fast:.3f} s   speed-up {t_dense/t_fast:5.1f}×   max |difference| {diff:.1e}")

if __name__ == '__main__': main()
