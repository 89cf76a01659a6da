"""The paper's VOC run at full size, dry (chapter 14): a generated VOC 2012 + SBD tree at VOC's real sizes goes through
`cpn-pipeline --preset voc` (ResNet38d everywhere, the preset's crops and scales) with a few steps and images per
stage; each stage's seconds, work done, peak RAM and disk are measured, and the paper's run (10,582 `train_aug`
images, 1,449 `val`) is projected from them, on this machine and on one GPU.

    .venv/bin/python bench/voc_dry_run.py tree [OUT=bench/voc-dry] [--images 300]     # the tree (VOC sizes, objects)
    .venv/bin/python bench/voc_dry_run.py run [OUT=bench/voc-dry] [--official] [--batch 2] [--steps 2]
                                              [--n-train 3] [--n-val 2] [--threads 2] [--minutes M]
    .venv/bin/python bench/voc_dry_run.py table [OUT=bench/voc-dry]                   # the table of the last run

On a GPU the same `run` trains and infers there (the package picks CUDA by itself); `--minutes M` then sizes the
steps and images to about M minutes, and the table adds the GPU's peak memory per stage (`torch.cuda`). GPU rates
measured earlier (chapter 8: a CPN step of ResNet38d at 448², batch 4, 24.0 img/s; its CAM inference at 4 scales ×
flip, 5.03 img/s, both on one H200) project the stages this machine cannot time on a GPU.
"""
import argparse, json, os, sys, threading, time
from pathlib import Path
import numpy as np

VOC = dict(train_aug=10582, train=1464, val=1449)          # the paper's image counts
GPU_RATES = dict(cpn=24.0, cams=5.03)                       # img/s on one H200 (chapter 8's bench/train_step.py)
SIZES = ((375, 500), (500, 375), (333, 500), (500, 333))    # VOC's most common sizes (H, W)

def make_voc_like(dest:Path, n:int=300, seed:int=0) -> Path:
    "A VOC 2012 + SBD tree of `n` images at VOC's sizes: 1-3 objects (ellipses of a class's colour and texture) each."
    import scipy.io
    from PIL import Image
    from cpn_nbdev.core import voc_palette
    from cpn_nbdev.voc import _save_palette_png
    rng, pal = np.random.default_rng(seed), voc_palette()
    voc, sbd = dest/'VOCdevkit'/'VOC2012', dest/'SBD'
    for d in (voc/'JPEGImages', voc/'SegmentationClass', voc/'ImageSets'/'Segmentation', sbd/'img', sbd/'cls'):
        d.mkdir(parents=True, exist_ok=True)
    ids = [f'2010_{k:06d}' for k in range(n)]
    part = rng.choice(['voc_train', 'voc_val', 'sbd_train', 'sbd_val'], n, p=[0.14, 0.14, 0.6, 0.12])
    part[0] = 'voc_train'            # a smoke run's first train_aug images include one the CAM row is scored on
    for i, p in zip(ids, part):
        h, w = SIZES[rng.integers(len(SIZES))]
        img = (rng.normal(110, 35, (h//8 + 1, w//8 + 1, 3)).clip(0, 255).repeat(8, 0).repeat(8, 1)[:h, :w]
               .astype(np.uint8))
        mask = np.zeros((h, w), np.uint8)
        yy, xx = np.mgrid[:h, :w]
        for c in rng.choice(np.arange(1, 21), rng.integers(1, 4), replace=False):
            cy, cx, ry, rx = rng.uniform(0.2*h, 0.8*h), rng.uniform(0.2*w, 0.8*w), rng.uniform(30, h/3), rng.uniform(30, w/3)
            inside = ((yy - cy)/ry)**2 + ((xx - cx)/rx)**2 <= 1
            ring = (((yy - cy)/(ry + 3))**2 + ((xx - cx)/(rx + 3))**2 <= 1) & ~inside
            mask[ring], mask[inside] = 255, c
            img[inside] = (pal[c]*0.7 + rng.integers(0, 60, (int(inside.sum()), 3))).clip(0, 255)
        Image.fromarray(img).save((voc if p.startswith('voc') else sbd)/('JPEGImages' if p.startswith('voc') else 'img')
                                  /f'{i}.jpg', quality=90)
        if p.startswith('voc'): _save_palette_png(mask, voc/'SegmentationClass'/f'{i}.png')   # as make_tiny_voc
        else:
            seg = np.where(mask == 255, 0, mask).astype(np.uint8)
            scipy.io.savemat(sbd/'cls'/f'{i}.mat', {'GTcls': {'Segmentation': seg,
                                                              'CategoriesPresent': np.unique(seg[seg > 0])}})
    for name, key, d in (('train', 'voc_train', voc/'ImageSets'/'Segmentation'),
                         ('val', 'voc_val', voc/'ImageSets'/'Segmentation'), ('train', 'sbd_train', sbd),
                         ('val', 'sbd_val', sbd)):
        (d/f'{name}.txt').write_text(''.join(f'{i}\n' for i, p in zip(ids, part) if p == key))
    return dest

def random_resnet38d(path:Path) -> Path:
    "A ResNet38d state dict of random weights in psa's key names: stands in for the ImageNet file (only speed counts)."
    import torch
    from cpn_nbdev.backbone import ResNet38dBackbone
    if not path.is_file():
        torch.manual_seed(0)
        torch.save(ResNet38dBackbone(pretrained=False).state_dict(), path)
    return path

STAGE_FILES = (('cpn', 'cpn/model.pth'), ('cams', 'cams/stage.json'), ('affinity', 'affinity/stage.json'),
               ('rw', 'rw/stage.json'), ('deeplab', 'deeplab/model.pth'), ('evaluate', 'deeplab/stage.json'))

class Monitor(threading.Thread):
    "Which stage runs (the first whose file is missing), its seconds and peak RSS (and GPU memory), sampled."
    def __init__(self, out:Path, every:float=0.2):
        super().__init__(daemon=True)
        import psutil
        self.out, self.every, self.proc, self.stop = out, every, psutil.Process(), False
        self.stats = {s: dict(seconds=0.0, rss_gb=0.0, gpu_gb=None) for s, _ in STAGE_FILES}
    def current(self):
        return next((s for s, f in STAGE_FILES if not (self.out/f).exists()), None)
    def run(self):
        import torch
        cuda, last, t = torch.cuda.is_available(), None, time.time()
        while not self.stop:
            s, now = self.current(), time.time()
            if s is None: break
            if s != last and cuda: torch.cuda.reset_peak_memory_stats()
            st = self.stats[s]
            st['seconds'] += now - t
            st['rss_gb'] = max(st['rss_gb'], self.proc.memory_info().rss/2**30)
            if cuda: st['gpu_gb'] = max(st['gpu_gb'] or 0, torch.cuda.max_memory_allocated()/2**30)
            last, t = s, now
            time.sleep(self.every)

def du(p:Path) -> int:
    return sum(f.stat().st_size for f in p.rglob('*') if f.is_file() and not f.is_symlink()) if p.exists() else 0

def dry_overrides(a, n_aug:int) -> dict:
    "The voc preset made small: `steps` steps of `batch` per training stage, `n_train` images for the others."
    ep = lambda n: a.steps*a.batch/n
    t = dict(threads=a.threads)
    return {'data': 'voc', 'data_root': str(a.tree), 'n_train': a.n_train, 'n_val': a.n_val,
            'upper_bound': False, 'weights': str(random_resnet38d(Path(a.tree)/'resnet38d-random.pth')),
            'cpn': dict(epochs=ep(n_aug), batch_size=a.batch, **t),
            'aff': dict(epochs=ep(a.n_train), batch_size=a.batch, **t),
            'seg': dict(epochs=ep(a.n_train), batch_size=a.batch, **t), 'official': a.official}

def run(a):
    import torch
    from cpn_nbdev.pipeline import pipeline_config, run_pipeline, PipelineData
    torch.set_num_threads(a.threads)
    tree = Path(a.tree)
    if not tree.is_dir(): make_voc_like(tree, a.images)
    n_aug = len(PipelineData('voc', 'train_aug', str(tree), progress=False))
    ov = dry_overrides(a, n_aug)
    cfg = pipeline_config('voc', **ov)
    run_dir = Path(a.out)/('run-official' if a.official else 'run')
    mon = Monitor(run_dir)
    mon.start()
    t0 = time.time()
    rows = run_pipeline(cfg, run_dir, progress=True)
    mon.stop = True
    mon.join()
    step = lambda f: torch.load(run_dir/f, map_location='cpu', weights_only=True, mmap=True)['step']
    work = dict(cpn=step('cpn/model.pth')*cfg.cpn.batch_size, cams=a.n_train,
                affinity=json.loads((run_dir/'affinity'/'stage.json').read_text())['results']['steps']*cfg.aff.batch_size,
                rw=a.n_train, deeplab=step('deeplab/model.pth')*cfg.seg.batch_size, evaluate=a.n_val)
    disk = dict(cpn=du(run_dir/'cpn'), cams=du(run_dir/'cams'), affinity=du(run_dir/'affinity'), rw=du(run_dir/'rw'),
                deeplab=du(run_dir/'deeplab'), evaluate=0)
    rec = dict(config=ov, rows=rows, seconds=time.time() - t0, stats=mon.stats, work=work, disk=disk,
               device=torch.cuda.get_device_name() if torch.cuda.is_available() else
               f'{os.cpu_count()}-core CPU', threads=a.threads, cuda=torch.cuda.is_available())
    (Path(a.out)/('dry_run-official.json' if a.official else 'dry_run.json')).write_text(json.dumps(rec, indent=1))
    print(table(rec))

def sized_run(a):
    "A small run for the rates, then one sized to about `a.minutes` minutes in all (steps and images scaled alike)."
    small = Path(a.out)/'sizing'
    run(argparse.Namespace(**{**vars(a), 'out': str(small), 'minutes': None}))
    took = json.loads((small/('dry_run-official.json' if a.official else 'dry_run.json')).read_text())['seconds']
    k = max(1.0, a.minutes*60/took)
    big = dict(steps=int(a.steps*k), n_train=min(int(a.n_train*k), a.images//2), n_val=min(int(a.n_val*k), a.images//8))
    print(f"sizing run took {took:.0f} s: scaling steps and images by {k:.1f}: {big}", flush=True)
    run(argparse.Namespace(**{**vars(a), **big, 'minutes': None}))

def paper_work(cfg) -> dict:
    "The work of each stage in the paper's run with these settings (images through the stage)."
    seg = cfg.seg.steps*cfg.seg.batch_size if getattr(cfg.seg, 'steps', None) else cfg.seg.epochs*VOC['train_aug']
    return dict(cpn=8*VOC['train_aug'], cams=VOC['train_aug'], affinity=8*VOC['train_aug'], rw=VOC['train_aug'],
                deeplab=seg, evaluate=VOC['val'])

UNITS = dict(cpn='clean images (triplet: ×3 passes)', cams='images, 4 scales × flip', affinity='448² crops',
             rw='images (walk)', deeplab='crops', evaluate='val images, scales × flip + CRF')
KIND = dict(cpn='cpn', cams='cams', affinity='cpn', rw='cams', deeplab='cpn', evaluate='cams')   # training / inference

def table(rec:dict) -> str:
    """Markdown: per stage, the dry run's measurements and the paper's run (the `voc` preset, or its official chain)
    projected here and on one GPU: measured rates where a GPU rate exists (or the run was on a GPU), else the CPU time
    divided by the CPU/GPU ratio measured for the same kind of work (training: the CPN step; inference: its CAMs)."""
    from cpn_nbdev.pipeline import pipeline_config
    pw_all = paper_work(pipeline_config('voc', official=rec['config'].get('official', False)))
    per = {s: rec['stats'][s]['seconds']/max(rec['work'][s], 1) for s in rec['work']}       # seconds per unit here
    ratio = {k: per[k]*GPU_RATES[k] for k in GPU_RATES}                                     # this CPU's s ÷ GPU's s
    out = ("| stage | dry run: work, seconds | peak RAM (GB) | disk (MB) | paper's run: work | hours here | "
           "hours on one GPU |\n|---|---|---|---|---|---|---|\n")
    tot_here = tot_gpu = 0.0
    for s in rec['work']:
        st, w, pw = rec['stats'][s], rec['work'][s], pw_all[s]
        here = per[s]*pw/3600
        gpu = here if rec['cuda'] else here/ratio[KIND[s]]
        tot_here, tot_gpu = tot_here + here, tot_gpu + gpu
        gmem = '' if st['gpu_gb'] is None else ' (GPU {:.1f})'.format(st['gpu_gb'])
        g = f'{gpu:.2f}' if rec['cuda'] or s in GPU_RATES else f'≈ {gpu:.2f}*'
        out += (f"| {s} | {w} {UNITS[s]}, {st['seconds']:.0f} s | {st['rss_gb']:.1f}{gmem} | "
                f"{rec['disk'][s]/2**20:.0f} | {pw:,.0f} | {here:,.0f} | {g} |\n")
    return out + (f"\nDevice: {rec['device']}, {rec['threads']} threads; the dry run took {rec['seconds']:.0f} s. "
                  f"The paper's run: {tot_here:,.0f} h here, {tot_gpu:.1f} h on one GPU"
                  + ('' if rec['cuda'] else " (* scaled: this CPU's time over its CPU/GPU ratio for the same kind "
                     "of work, training or inference)") + ".\n")

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('cmd', choices=('tree', 'run', 'table'))
    ap.add_argument('out', nargs='?', default='bench/voc-dry')
    ap.add_argument('--images', type=int, default=300)
    ap.add_argument('--official', action='store_true')
    ap.add_argument('--batch', type=int, default=2)
    ap.add_argument('--steps', type=int, default=2)
    ap.add_argument('--n-train', type=int, default=3)
    ap.add_argument('--n-val', type=int, default=2)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--minutes', type=float, default=None)
    ap.add_argument('--tree', default=None, help='the generated VOC tree (default: OUT/tree)')
    a = ap.parse_args()
    a.tree = a.tree or str(Path(a.out)/'tree')
    if a.cmd == 'tree': print(make_voc_like(Path(a.tree), a.images))
    elif a.cmd == 'run' and a.minutes: sized_run(a)
    elif a.cmd == 'run': run(a)
    else: print(table(json.loads((Path(a.out)/'dry_run.json').read_text())))
