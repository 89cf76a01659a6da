"""CPN's gain against the length of training (the schedule study): baseline, hide-only and CPN at 1, 2, 4 and 8 epochs, each
schedule a run of its own (the learning rate decays over the run's own length), started from the zoo backbone.

Groups of rows (`GROUPS`):
  scenes    the `scenes` training preset (AdamW 2e-3, batch 32, warm-up 5%, poly 0.9) on three worlds: `default`,
            `variant`, and `heldout`, a world written here that no preset was tuned on (six species, only the giraffe
            also one of the default world's five; a mirror-safe stripe coat of 11 px; its own part colours)
  paper     the paper's optimiser and schedule shape on the default world: SGD lr 0.01 (10x on the new layers),
            momentum 0.9, weight decay 5e-4, poly 0.9, no warm-up, batch 4 (as the paper; 1,000 steps an epoch), the scenes preset's losses
  official  the scenes preset with `official=True` (the authors' CPN) on the default world; its controls are the
            `scenes` group's baseline and hide-only (official changes only the CPN)
  renorm    a control of the mechanism: the scenes preset with L_tcp's fused target divided by its maximum
            (`loss.tcp_renorm`), so that it is no longer about half a max-normalised map; CPN only, default world
  tcpw      a control of the mechanism: the scenes preset with L_tcp's weight 1 instead of 4 (a weaker pull)
  cells     a control of the mechanism: the scenes preset with cells of 32 and 48 px instead of 16 and 24 (the part
            hidden whole more often); CPN only, default world
  the `scenes` group also runs on `mirror`, the default world with stripe angles that a flip keeps apart (one change:
  the coat names the species), a control of the mechanism

    .venv/bin/python bench/schedule.py run [OUT=bench/schedule] [--groups scenes,paper,...: all of GROUPS] [--workers 2]
                                          [--deadline SECONDS] [--seeds 0,1,2] [--epochs 1,2,4,8] [--worlds default,...] [--threads 1]
    .venv/bin/python bench/schedule.py table [OUT=bench/schedule]      # the curve table (markdown) and curve.png
    .venv/bin/python bench/schedule.py ship [OUT=bench/schedule] [--groups official]   # the runs into
                                          cpn_nbdev/assets/schedule.json (--groups: only those groups' rows replaced)

Each run is one process with one torch thread (two side by side on the 2-core CPU machine); finished runs are found
again by `run_experiment` (results.json), so a run killed at the deadline is the only one trained again."""
import argparse, json, os, subprocess, sys, time
from dataclasses import replace
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from cam_queue import run_queue

# a world no training preset was tuned on: species, coat and part colours of its own
HELDOUT = dict(classes=(0, 2, 3, 4, 6, 9), body_pattern='stripes', body_period=11.0, angles='mirror',
               part_frac=(0.06, 0.12), part_colors=((1.0, 0.5, 0.0), (0.0, 1.0, 1.0), (0.6, 0.0, 1.0),
                                                    (0.6, 1.0, 0.2), (1.0, 0.45, 0.7), (1.0, 1.0, 1.0)))
PAPER_OPT = dict(optimizer='sgd', lr=0.01, momentum=0.9, weight_decay=5e-4, poly_power=0.9, warmup=0.0,
                 new_lr_mult=10.0, batch_size=4)
GROUPS = dict(scenes=dict(worlds=('default', 'heldout', 'variant'), rows=('baseline', 'hide', 'cpn'), over={}),
              paper=dict(worlds=('default',), rows=('baseline', 'hide', 'cpn'), over=PAPER_OPT),
              official=dict(worlds=('default',), rows=('cpn',), over=dict(official=True)),
              renorm=dict(worlds=('default',), rows=('cpn',), over={'loss.tcp_renorm': True}),
              tcpw=dict(worlds=('default',), rows=('cpn',), over={'loss.w_tcp': 1.0}),
              cells=dict(worlds=('default',), rows=('cpn',), over={'grid_sizes': (32, 48)}))
EPOCHS = (1, 2, 4, 8)

def register_worlds():
    "Add `heldout` to the data presets of this process (4,000 training and 400 validation scenes)."
    from cpn_nbdev import data
    data.PRESETS.setdefault('heldout', dict(cfg=replace(data.SceneConfig(), **HELDOUT), n_train=4000, n_val=400))

def run_dir(out, group, world, row, epochs, seed) -> Path:
    return Path(out)/'runs'/group/world/f'{row}-e{epochs:g}-s{seed}'

def one(out, group, world, row, epochs, seed, threads=1):
    "Train and evaluate one row (called in a subprocess of `run`) with `threads` torch threads."
    import torch
    torch.set_num_threads(threads)
    register_worlds()
    from cpn_nbdev.data import AnimalScenes
    from cpn_nbdev.demo import run_experiment, ablation_config
    over = {**GROUPS[group]['over'], 'epochs': epochs, 'threads': threads}
    cfg = ablation_config(row, 'scenes', world, seed, **over)
    val = AnimalScenes('val', preset=world, progress=False)
    r = run_experiment(cfg, run_dir(out, group, world, row, epochs, seed), val, progress=False)
    w = 'refined' if row == 'cpn' else 'raw'
    print(f"{group} {world} {row} e{epochs:g} s{seed}: {w} {r[w]['best']['miou']:.1f} (β {r[w]['best']['beta']:.2f}) "
          f"| mAP {r['map']:.1f} | painted {r['map_painted']:.1f} | {r['train_seconds']} s", flush=True)

# the order the runs are taken in (group, world, epochs, seeds, rows or None: the group's): the ends of the curves (1
# and 8 epochs: the demo's and the paper's schedule) first, then the default world's middle points, then the rest, so
# that a deadline cuts what matters least (on the 2-core CPU machine the whole list takes many hours)
ORDER = (('scenes', 'default', (1, 8), (0,), ('baseline', 'hide', 'cpn')), ('scenes', 'heldout', (1, 8), (0,), None),
         ('paper', 'default', (1, 8), (0,), ('baseline', 'cpn')), ('renorm', 'default', (8,), (0,), None),
         ('scenes', 'default', (2, 4), (0,), None), ('scenes', 'default', (8,), (1, 2), None),
         ('official', 'default', (1, 8), (0,), None), ('scenes', 'variant', (1, 8), (0,), None),
         ('tcpw', 'default', (8,), (0,), None), ('scenes', 'heldout', (2, 4), (0,), None),
         ('cells', 'default', (8,), (0,), None), ('scenes', 'variant', (2, 4), (0,), None),
         ('paper', 'default', (2, 4), (0,), ('baseline', 'cpn')), ('official', 'default', (2, 4), (0,), None),
         ('paper', 'default', (1, 2, 4, 8), (0,), ('hide',)), ('scenes', 'mirror', (8, 1), (0,), None))

def jobs(groups, seeds=None, epochs=EPOCHS, worlds=None) -> list:
    "The job list in `ORDER`, restricted to the groups, seeds, epochs and worlds asked for (None: all)."
    js = []
    for g, w, es, ss, rows in ORDER:
        if g not in groups or worlds and w not in worlds: continue
        for e in (e for e in es if e in epochs):
            for s in (s for s in ss if seeds is None or s in seeds):
                js += [(g, w, r, e, s) for r in rows or GROUPS[g]['rows']]
    return js

def running_elsewhere(out, j, mine=()) -> bool:
    """Is this run being trained by a process of another queue: its pid file names a live process, not in `mine`, whose
    command line is this run's (a pid file outlives its process, and the system hands its number to others later)?"""
    log = Path(out)/'logs'/f"{'_'.join(map(str, j))}.pid"
    if not log.exists(): return False
    try:
        pid = int(log.read_text())
        cmd = Path(f'/proc/{pid}/cmdline').read_bytes().decode(errors='replace').split('\0')
    except (OSError, ValueError): return False
    return pid not in mine and cmd[-9:-2] == ['one', str(out), *map(str, j)]

def run(a):
    register_worlds()
    from cpn_nbdev.data import AnimalScenes
    js = jobs(a.groups.split(','), [int(s) for s in a.seeds.split(',')] if a.seeds else None,
              [float(e) for e in a.epochs.split(',')],
              a.worlds.split(',') if a.worlds else None)
    todo = [j for j in js if not (run_dir(a.out, *j)/'results.json').exists() and not running_elsewhere(a.out, j)]
    print(f"{len(js)} runs, {len(js) - len(todo)} already finished", flush=True)
    for w in sorted({j[1] for j in todo}):                 # generate each world's scenes once, before the workers
        for split in ('train', 'val'): AnimalScenes(split, preset=w, progress=False)
    logs = Path(a.out)/'logs'
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, 'OMP_NUM_THREADS': str(a.threads), 'PYTHONUNBUFFERED': '1'}
    def start(j):
        if (run_dir(a.out, *j)/'results.json').exists() or running_elsewhere(a.out, j): return None
        fh = open(logs/f"{'_'.join(map(str, j))}.log", 'w')
        p = subprocess.Popen([sys.executable, __file__, 'one', a.out, *map(str, j), str(a.threads)], stdout=fh,
                             stderr=subprocess.STDOUT, env=env)
        (logs/f"{'_'.join(map(str, j))}.pid").write_text(str(p.pid))
        return p, j, fh
    def report(j, rc, log, t, dt):
        tail = Path(log).read_text().strip().splitlines()[-1:] or ['']
        print(f"[{t:6.0f} s, {dt:5.0f} s] " + (tail[0] if rc == 0 else f'FAILED (exit {rc}; see {log})'), flush=True)
    busy = lambda mine: sum(running_elsewhere(a.out, j, mine) for j in js)     # runs of another queue
    run_queue(todo, start, report, a.workers, a.deadline, busy=busy)

def load(out) -> list:
    "One dict per finished run: group, world, row, epochs, seed and the best-β mIoU of its CAM."
    rows = []
    for f in sorted(Path(out).glob('runs/*/*/*/results.json')):
        group, world = f.parts[-4], f.parts[-3]
        row, e, s = f.parent.name.rsplit('-', 2)
        r = json.loads(f.read_text())
        w = 'refined' if row == 'cpn' else 'raw'
        rows.append(dict(group=group, world=world, row=row, epochs=float(e[1:]), seed=int(s[1:]),
                         miou=r[w]['best']['miou'], beta=r[w]['best']['beta'], map=r['map'],
                         map_painted=r['map_painted'], raw=r['raw']['best']['miou'],
                         regions={k: round(v, 3) for k, v in r[w]['regions'].items()}, train_s=r['train_seconds'],
                         machine=r.get('machine')))
    return rows

def ship(out, groups=None):
    """Write the finished runs (and where they ran) to the package's assets: chapter 10 draws its curve from them. With
    `groups`, only those groups' rows and mechanism entries are replaced; the others stay as the package ships them."""
    import platform, torch
    from cpn_nbdev.core import atomic_path
    from cpn_nbdev.demo import SCHEDULE_FILE
    rows = load(out)
    dest = Path(__file__).resolve().parents[1]/'cpn_nbdev'/'assets'/SCHEDULE_FILE
    mech = Path(out)/'mechanism.json'              # bench/schedule_mechanism.py
    mechanism = json.loads(mech.read_text()) if mech.exists() else {}
    if groups:
        old = json.loads(dest.read_text()) if dest.exists() else dict(rows=[], mechanism={})
        mine = lambda g: g in groups
        rows = [r for r in old['rows'] if not mine(r['group'])] + [r for r in rows if mine(r['group'])]
        mechanism = {**{k: v for k, v in old['mechanism'].items() if not mine(k.split('/')[0])},
                     **{k: v for k, v in mechanism.items() if mine(k.split('/')[0])}}
    meta = dict(command='.venv/bin/python bench/schedule.py run', torch=torch.__version__, date=time.strftime('%Y-%m-%d'),
                machines=sorted({r['machine'] for r in rows}), python=platform.python_version())
    with atomic_path(dest) as t: t.write_text(json.dumps(dict(meta=meta, rows=rows, mechanism=mechanism), indent=0))
    return dest

def main():
    if len(sys.argv) > 1 and sys.argv[1] == 'one':
        out, g, w, r, e, s, t = sys.argv[2:9]
        return one(out, g, w, r, float(e), int(s), int(t))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('cmd', choices=('run', 'table', 'ship'))
    ap.add_argument('out', nargs='?', default='bench/schedule')
    ap.add_argument('--groups', default=','.join(GROUPS))
    ap.add_argument('--seeds', default='')
    ap.add_argument('--epochs', default=','.join(map(str, EPOCHS)))
    ap.add_argument('--worlds', default='')
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--threads', type=int, default=1, help='torch threads a run (1: two runs side by side on 2 cores)')
    ap.add_argument('--deadline', type=float, default=6*3600)
    a = ap.parse_args()
    if a.cmd == 'run': return run(a)
    if a.cmd == 'ship':   # --groups short of all: only those groups' rows are replaced in the shipped study
        return print('wrote', ship(a.out, None if a.groups == ','.join(GROUPS) else a.groups.split(',')))
    import matplotlib
    matplotlib.use('Agg')
    from cpn_nbdev.demo import schedule_table, plot_schedule
    rows = load(a.out)
    print(schedule_table(rows))
    plot_schedule(rows).savefig(Path(a.out)/'curve.png', dpi=110)
    print(f"curve: {Path(a.out)/'curve.png'}")

if __name__ == '__main__': main()
