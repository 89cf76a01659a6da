"""Run many benchmark rows of chapter 10 side by side: a queue of `bench/cam_runs.py` jobs, `--workers` at a time,
taken in the order of the jobs file, stopped at `--deadline` seconds (a row killed there leaves no results.json and
is trained again, from its last checkpoint, by the next run of the same job).

    .venv/bin/python bench/cam_queue.py JOBS OUT [--workers 2] [--deadline 3600] [--prepare default,variant]
JOBS has one job per line, `DATA SEED ROW[:field=json]...` as bench/cam_runs.py takes them (# starts a comment), e.g.
    default 0 baseline hide cpn
    variant 1 cpn:epochs=18
Each job runs in its own process (one torch thread; on a CUDA machine training and evaluation use the GPU); its
output goes to OUT/logs/. `--prepare` builds the presets' scenes into the data cache first, so that the workers
do not all generate them at once. Prints one line per finished job and, at the end, the jobs not finished."""
import argparse, os, subprocess, sys, time
from pathlib import Path

def prepare(presets):
    "Generate (or load) the train and val scenes of each preset once, one process per preset."
    code = ("import sys; from cpn_nbdev.data import AnimalScenes; "
            "[AnimalScenes(s, preset=sys.argv[1], progress=False) for s in ('train', 'val')]")
    ps = [subprocess.Popen([sys.executable, '-c', code, p]) for p in presets]
    for p, pr in zip(presets, ps):
        if pr.wait(): sys.exit(f"preparing the scenes of preset {p!r} failed")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('jobs'); ap.add_argument('out')
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--deadline', type=float, default=3600)
    ap.add_argument('--prepare', default='')
    a = ap.parse_args()
    jobs = [l.split('#')[0].split() for l in Path(a.jobs).read_text().splitlines()]
    jobs = [j for j in jobs if j]
    bad = [' '.join(j) for j in jobs if len(j) < 3 or not j[1].isdigit()]
    if bad: sys.exit(f"{a.jobs}: lines must read 'DATA SEED ROW...', not {bad}")
    t0 = time.time()
    if a.prepare: prepare(a.prepare.split(','))
    logs = Path(a.out)/'logs'; logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'PYTHONUNBUFFERED': '1'}
    script = Path(__file__).with_name('cam_runs.py')
    todo, running, done = list(jobs), {}, []
    while (todo or running) and time.time() - t0 < a.deadline:
        while todo and len(running) < a.workers:
            j = todo.pop(0); name = '_'.join(j).replace(':', '+').replace('/', '-')
            fh = open(logs/f'{name}.log', 'w')
            running[subprocess.Popen([sys.executable, str(script), a.out, *j], stdout=fh, stderr=subprocess.STDOUT, env=env)] = (j, fh, time.time())
        time.sleep(1)
        for p in [p for p in running if p.poll() is not None]:
            j, fh, ts = running.pop(p); fh.close()
            done.append(j)
            status = 'ok' if p.returncode == 0 else f'FAILED (exit {p.returncode}; see {fh.name})'
            print(f"[{time.time() - t0:6.0f} s] {' '.join(j)}: {status} in {time.time() - ts:.0f} s", flush=True)
    for p, (j, fh, ts) in running.items():
        p.kill(); p.wait(); fh.close()
        print(f"stopped at the deadline: {' '.join(j)}", flush=True)
    for j in todo: print(f"not started: {' '.join(j)}")
    print(f"{len(done)} of {len(jobs)} jobs finished in {time.time() - t0:.0f} s")

if __name__ == '__main__': main()
