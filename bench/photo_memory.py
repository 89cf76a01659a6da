"""Peak memory (RAM) of CPN training on photos: EfficientNet-Lite0, crop 408, batch 4, a few steps on a folder of
generated 500×375 JPEGs (chapter 2b's format). The training runs in a child process; its peak resident set size is
printed (the DataLoader's worker processes, if any, are separate processes and are not counted: `--workers 0` keeps
all the work in the measured process).

    .venv/bin/python bench/photo_memory.py [--steps 2] [--patch grid|superpixel] [--workers 0] [--threads 2]
                                           [--recompute] [--output-stride 8]
"""
import argparse, json, resource, subprocess, sys, tempfile, time
from pathlib import Path

def make_photos(dest:Path, n:int=8, h:int=375, w:int=500, seed:int=0) -> Path:
    "A folder of `n` smooth random h×w JPEG 'photos' of two classes (labels alternate)."
    import numpy as np
    from cpn_nbdev.folder import write_folder
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w]/max(h, w)
    images = []
    for k in range(n):
        c = rng.uniform(0, 255, (3, 3))
        img = np.stack([c[i, 0] + c[i, 1]*np.sin(6*xx + k) + c[i, 2]*np.cos(5*yy) for i in range(3)], -1)
        images.append(np.clip(img/2 + rng.normal(0, 12, img.shape), 0, 255).astype(np.uint8))
    ids = [f'photo{k:02d}' for k in range(n)]              # the last two are the validation split
    labels = [['cat'] if k % 2 else ['dog', 'cat'] for k in range(n)]
    splits = {'train': ids[:-2], 'val': ids[-2:]}
    return write_folder(dest, images, ids, labels, ('cat', 'dog'), fmt='jpg', splits=splits)

CHILD = """
import json, resource, sys, time
from cpn_nbdev.train import get_config, train
a = json.loads(sys.argv[1])
cfg = get_config(None, data=a['data'], backbone='efficientnet_lite0', output_stride=a['os'], crop=a['crop'],
                 batch_size=a['batch'], epochs=a['steps']*a['batch']/a['n'], patch=a['patch'], threads=a['threads'],
                 **({} if a['workers'] is None else dict(workers=a['workers'])),
                 **(dict(recompute=True) if a['recompute'] else {}))
t = time.time()
r = train(cfg, a['out'], progress=False, device='cpu')
print(json.dumps(dict(steps=r['steps'], seconds=round(time.time() - t, 1),
                      peak_gib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/2**20, 2))))
"""

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=2)
    ap.add_argument('--crop', type=int, default=408)
    ap.add_argument('--batch', type=int, default=4)
    ap.add_argument('--patch', default='grid')
    ap.add_argument('--workers', type=int, default=0, help='-1: leave the field out (older versions)')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--recompute', action='store_true', help="TrainConfig.recompute: backbone activations recomputed")
    ap.add_argument('--output-stride', type=int, default=8)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        n = a.steps*a.batch
        data = make_photos(Path(d)/'photos', n=n + 2)
        args = dict(data=str(data), crop=a.crop, batch=a.batch, steps=a.steps, n=n, patch=a.patch,
                    workers=None if a.workers < 0 else a.workers, threads=a.threads, recompute=a.recompute,
                    os=a.output_stride, out=str(Path(d)/'run'))
        p = subprocess.run([sys.executable, '-c', CHILD, json.dumps(args)], capture_output=True, text=True)
        if p.returncode: sys.exit(p.stderr[-3000:])
        r = json.loads(p.stdout.strip().splitlines()[-1])
        print(f"peak RSS {r['peak_gib']} GiB: {r['steps']} steps of EfficientNet-Lite0, crop {a.crop}, batch {a.batch}, "
              f"output stride {a.output_stride}, recompute {a.recompute}, patch {a.patch}, {a.workers} workers, "
              f"{a.threads} threads ({r['seconds']} s)")

if __name__ == '__main__': main()
