"""How many torch threads a widget's redraw should use: the redraw times of chapter 11's two explorers and of the
README's tour at each thread count, with the CPU idle and with one core kept busy by another process (a spinning
Python loop, as a laptop's browser or a training run would).

- `cam_explorer` with the networks the package ships on the quick validation scenes: a pair move (seed / p_h: new CP
  pair, six forward passes of two small networks) and a β move (new pseudo-labels only);
- `photo_explorer` with the bundled ImageNet EfficientNet-Lite0: a pair move (S / seed) and a photo change (class,
  pair and CAMs of a new photo);
- the README's tour (the code cell of nbs/index.ipynb that runs CPN, refinement, walk and DeepLab on four scenes).

Each setting runs in a fresh process (`--child THREADS`) with OMP_NUM_THREADS unset, so that "default" is torch's own
choice (one thread per core). The explorers get the count through their `threads` argument, the tour through
`torch_threads`.

    .venv/bin/python bench/redraw_threads.py [--threads 1,2,default] [--busy both|idle|busy]

Beside its numbers it prints the machine, the load average before each setting and whether a core was kept busy;
the numbers chapter 11 quotes are this script's output.
"""
import argparse, json, os, platform, subprocess, sys, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

def _ms(ts):
    import numpy as np
    return round(1e3*float(np.median(ts)), 1)

def _timer(box):
    "move(name, value): set one control of `box`, return the seconds its redraw took."
    def move(name, value):
        t0 = time.perf_counter(); box.controls[name].value = value
        return time.perf_counter() - t0
    return move

def _tour_source() -> str:
    "The tour's code cells of nbs/index.ipynb (imports, then the cell that loads the networks and runs the stages)."
    cells = [''.join(c['source']) for c in json.loads((ROOT/'nbs'/'index.ipynb').read_text())['cells']
             if c['cell_type'] == 'code' and not ''.join(c['source']).startswith('#| hide')]
    return [c for c in cells if 'shipped_model' in c or c.lstrip().startswith(('from', 'import'))]

def child(threads):
    "Time every redraw with `threads` torch threads (None: torch's default); print one JSON line."
    import torch
    import matplotlib; matplotlib.use('Agg')
    from cpn_nbdev.demo import shipped_model, shipped_best_betas
    from cpn_nbdev.data import AnimalScenes
    from cpn_nbdev import explorer
    from cpn_nbdev.explorer import cam_explorer, photo_explorer, PHOTOS
    n = torch.get_num_threads() if threads is None else threads
    out = dict(threads=n, setting='default' if threads is None else str(threads))
    models = {'baseline': shipped_model('baseline'), 'cpn': shipped_model('cpn')}
    ex = cam_explorer(models, AnimalScenes('val', preset='quick', progress=False), index=3,
                      best_betas=shipped_best_betas(), threads=n)
    move = _timer(ex); move('own_beta', False); move('seed', 99)
    out['scene pair move'] = _ms([move('seed', s) for s in range(10)] + [move('p_h', v) for v in (0.3, 0.4, 0.6, 0.5)])
    out['scene β move'] = _ms([move('beta', b) for b in (0.1, 0.2, 0.4, 0.5, 0.6)])
    px = photo_explorer(threads=n)
    move = _timer(px); move('seed', 99)
    out['photo pair move'] = _ms([move('seed', s) for s in range(8)] + [move('S', S) for S in (24, 40, 56)])
    out['photo change'] = _ms([move('photo', p) for p in PHOTOS[1:] + PHOTOS[:1]])
    ns, cells = dict(__name__='tour'), _tour_source()
    for c in cells[:-1]: exec(c, ns)
    ns['torch_threads'] = lambda k=None: explorer.torch_threads(n)   # the count under test, not the tour's own
    ns['plt'].show = lambda *a, **k: None
    with explorer.torch_threads(n):
        t0 = time.perf_counter(); exec(cells[-1], ns); out['tour'] = round(1e3*(time.perf_counter() - t0), 1)
    print(json.dumps(out))

def run(threads:str, busy:str):
    env = {k: v for k, v in os.environ.items() if k not in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS')}
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), None) \
        if os.path.exists('/proc/cpuinfo') else None
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {cpu or platform.processor() or platform.platform()}, "
          f"torch threads by default: torch's own choice (OMP_NUM_THREADS unset in the timed processes)")
    rows = []
    for load in (('idle', 'busy') if busy == 'both' else (busy,)):
        spin = (subprocess.Popen([sys.executable, '-c', 'while True: pass']) if load == 'busy' else None)
        try:
            for t in threads.split(','):
                la = os.getloadavg()[0]
                r = subprocess.run([sys.executable, __file__, '--child', t], env=env, cwd=ROOT,
                                   capture_output=True, text=True)
                if r.returncode: sys.exit(r.stderr[-3000:])
                rows.append(dict(load=load, loadavg=round(la, 1), **json.loads(r.stdout.strip().splitlines()[-1])))
                print(rows[-1], flush=True)
        finally:
            if spin: spin.kill(); spin.wait()
    keys = ['scene pair move', 'scene β move', 'photo pair move', 'photo change', 'tour']
    print('\n| one core busy | torch threads | ' + ' | '.join(f'{k} (ms)' for k in keys) + ' | load avg before |')
    print('|---|---|' + '---|'*len(keys) + '---|')
    for r in rows:
        name = f"{r['threads']} (torch's default)" if r['setting'] == 'default' else r['setting']
        print(f"| {'yes' if r['load'] == 'busy' else 'no'} | {name} | " + ' | '.join(f"{r[k]:,.0f}" for k in keys)
              + f" | {r['loadavg']} |")

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--threads', default='1,2,default', help="thread counts to time, 'default': torch's own")
    ap.add_argument('--busy', default='both', choices=('both', 'idle', 'busy'))
    ap.add_argument('--child', help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child: child(None if a.child == 'default' else int(a.child))
    else: run(a.threads, a.busy)
