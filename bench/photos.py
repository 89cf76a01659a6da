"""Baseline, hide-only and CPN on real photographs (a dataset folder of MSRC-v2 photos, `cpn-data msrc`): the study
of chapter 10b. Each run trains the `photos` preset (with `--set` changes) on every image of the folder and scores
its CAMs on those same training images, as the paper's Tab. 1 does: mIoU at the best background score β of the raw
and the refined CAM (scale 1 and its flip, as chapter 10 scores the scenes), with foreground precision and recall.

    python bench/photos.py run FOLDER OUT --mode cpn --seed 0 [--set loss.w_tcp=4 ...] [--threads 1] [--name NAME]
    python bench/photos.py table OUT            # one line a run, then the mean over seeds of each recipe
    python bench/photos.py ship OUT [--recipe NAME ...]   # the runs' scores into cpn_nbdev/assets/photos.json

A run folder holds the trained `model.pth` and `results.json`; a finished run is not trained again.
"""
import argparse, json, sys, time
from pathlib import Path
import numpy as np
import torch
from cpn_nbdev.core import atomic_path
from cpn_nbdev.train import get_config, train_or_load, TrainConfig
from cpn_nbdev.folder import FolderDataset, folder_train_transform
from cpn_nbdev.evaluate import sweep_beta, infer_cams
from cpn_nbdev.demo import machine

MASS = ('fg_mean', 'bg_mean')   # the mean CAM on the objects' and on the background's pixels
SCALES = (1.0,)   # scale 1 and its flip, as chapter 10 scores the scenes


def parse_sets(sets):
    out = {}
    for s in sets or ():
        k, v = s.split('=', 1)
        try: out[k] = json.loads(v)
        except json.JSONDecodeError: out[k] = v
    return out


@torch.no_grad()
def score(model, ds, kinds, progress=True):
    "β sweeps of each CAM kind over every image of `ds` (multi-scale, flipped views)."
    from tqdm.auto import tqdm
    pairs, mass = {k: [] for k in kinds}, {k: np.zeros((2, 2)) for k in kinds}   # [fg, bg] × [sum, count]
    for i in tqdm(range(len(ds)), desc='CAMs', disable=not progress, leave=False):
        x, lab, mask = ds[i]
        for k, cam in infer_cams(model, x, lab, SCALES, True, kinds).items():
            pairs[k].append((cam, mask))
            top = cam.amax(0)
            for j, where in enumerate(((mask > 0) & (mask < 255), mask == 0)):
                mass[k][j] += (float(top[where].sum()), int(where.sum()))
    out = {}
    for k in kinds:
        r = sweep_beta(pairs[k], ds.n_classes)
        fg, bg = (float(a/max(n, 1)) for a, n in mass[k])   # mean CAM (max over the labelled classes) on each
        out[k] = dict(best=r['best'], curve=[dict(beta=c['beta'], miou=c['miou']) for c in r['curve']],
                      fg_mean=fg, bg_mean=bg)
    return out


def run(a):
    torch.set_num_threads(a.threads)
    sets = parse_sets(a.set)
    cfg = get_config('photos', data=str(a.folder), mode=a.mode, seed=a.seed, threads=a.threads, workers=0, **sets)
    name = a.name or f"{a.mode}-s{a.seed}"
    out = Path(a.out)/name
    res_f = out/'results.json'
    old = json.loads(res_f.read_text()) if res_f.exists() else None
    if old and not a.rescore: print(line(old)); return
    train_ds = FolderDataset(a.folder, 'all')
    train_ds.transform = folder_train_transform(train_ds)
    t0 = time.time()
    model, secs = train_or_load(cfg, out, dataset=train_ds)
    model.eval()
    eval_ds = FolderDataset(a.folder, 'all')
    t1 = time.time()
    secs = old['train_seconds'] if old else (secs if secs is not None else round(t1 - t0, 1))   # rescored: as trained
    res = dict(name=name, recipe=a.recipe or a.mode, mode=a.mode, seed=a.seed, sets=sets, machine=machine(),
               threads=a.threads, train_seconds=secs, n_images=len(eval_ds))
    res.update(score(model, eval_ds, ('raw', 'refined') if a.mode == 'cpn' else ('raw',)))
    res['eval_seconds'] = round(time.time() - t1, 1)
    metrics = (out/'metrics.csv').read_text().splitlines()
    res['last_metrics'] = metrics[-1] if len(metrics) > 1 else ''
    with atomic_path(res_f) as t: t.write_text(json.dumps(res, indent=1))
    print(line(res))


def best_of(r):
    "The run's best CAM: refined when it has one and it scores higher, else raw."
    cands = [(r[k]['best']['miou'], k) for k in ('raw', 'refined') if k in r]
    return max(cands)


def line(r):
    b = r['raw']['best']
    s = f"{r['name']:28s} raw {b['miou']:5.1f} (β {b['beta']:.2f}, P/R {b['fg_precision']:4.1f}/{b['fg_recall']:4.1f})"
    if 'refined' in r:
        f = r['refined']['best']
        s += f"  refined {f['miou']:5.1f} (β {f['beta']:.2f}, P/R {f['fg_precision']:4.1f}/{f['fg_recall']:4.1f})"
    return s + f"  train {r['train_seconds']/60:.1f} min"


def load_runs(out):
    return [json.loads(f.read_text()) for f in sorted(Path(out).glob('*/results.json'))]


def table(a):
    rows = load_runs(a.out)
    for r in rows: print(line(r))
    print()
    groups = {}
    for r in rows: groups.setdefault(r['recipe'], []).append(r)
    for k, g in groups.items():
        best = [best_of(r)[0] for r in g]
        seeds = sorted(r['seed'] for r in g)
        print(f"{k:28s} best CAM mean {np.mean(best):5.1f} ± {np.std(best):.1f} over seeds {seeds}")


def portable(value, out):
    "A setting as the repository names it: a path inside the study folder `out` relative to it, as given on the command."
    root = str(Path(out).resolve())
    return f"{out.rstrip('/')}{value[len(root):]}" if isinstance(value, str) and value.startswith(root) else value


def ship(a):
    "The runs' scores (no images, no CAMs) into the package: cpn_nbdev/assets/photos.json, what chapter 10b shows."
    import datetime, platform
    from cpn_nbdev.photos import PHOTO_STUDY_FILE
    keep = ('name', 'recipe', 'mode', 'seed', 'sets', 'machine', 'threads', 'train_seconds', 'eval_seconds', 'n_images')
    scores = ('miou', 'beta', 'fg_precision', 'fg_recall', 'bg_iou')
    rows = []
    for r in load_runs(a.out):
        if a.recipe and r['recipe'] not in a.recipe: continue
        row = {k: r.get(k) for k in keep}
        row['sets'] = {k: portable(v, a.out) for k, v in (row['sets'] or {}).items()}
        for k in ('raw', 'refined'):
            if k in r: row[k] = dict({m: r[k]['best'][m] for m in scores}, **{m: r[k].get(m) for m in MASS})
        rows.append(row)
    meta = dict(command='python bench/photos.py run FOLDER OUT --mode MODE --seed SEED [--set ...] --threads 1',
                data='cpn-data msrc MSRC DIR --short_side 160 (414 photos; split all)', torch=torch.__version__,
                python=platform.python_version(), date=datetime.date.today().isoformat())
    path = Path(__file__).resolve().parents[1]/'cpn_nbdev'/'assets'/PHOTO_STUDY_FILE
    with atomic_path(path) as t: t.write_text(json.dumps(dict(rows=rows, meta=meta), indent=1))
    print(f"{path}: {len(rows)} runs")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('run'); r.add_argument('folder'); r.add_argument('out')
    r.add_argument('--mode', default='cpn', choices=('baseline', 'hide', 'cpn'))
    r.add_argument('--seed', type=int, default=0)
    r.add_argument('--set', action='append'); r.add_argument('--threads', type=int, default=1)
    r.add_argument('--name'); r.add_argument('--recipe')
    r.add_argument('--rescore', action='store_true', help='score a finished run again (its network is reused)')
    t = sub.add_parser('table'); t.add_argument('out')
    h = sub.add_parser('ship'); h.add_argument('out'); h.add_argument('--recipe', action='append')
    a = p.parse_args(argv)
    {'run': run, 'table': table, 'ship': ship}[a.cmd](a)


if __name__ == '__main__':
    main()
