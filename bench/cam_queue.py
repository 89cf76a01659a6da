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

def run_queue(todo:list, start, report, workers:int, deadline:float, t0:float=None, busy=None, name=str) -> list:
    """Start `start(job) -> (Popen, open log file)` (or None: skip the job) for the jobs of `todo` in order, `workers` at
    a time less `busy(pids of mine)` run by others, until all ended or `deadline` seconds after `t0`; `report(job,
    returncode, log path, seconds since t0, seconds of the job)` as each ends. Kills what still runs at the deadline
    (printed with `name(job)`), prints the jobs not started, and returns the ended ones."""
    t0, todo, running, done = t0 or time.time(), list(todo), {}, []
    while (todo or running) and time.time() - t0 < deadline:
        while todo and len(running) + (busy({p.pid for p in running}) if busy else 0) < workers:
            started = start(todo.pop(0))
            if started: running[started[0]] = (*started[1:], time.time())
        time.sleep(1)
        for p in [p for p in running if p.poll() is not None]:
            j, fh, ts = running.pop(p); fh.close()
            done.append(j)
            report(j, p.returncode, fh.name, time.time() - t0, time.time() - ts)
    for p, (j, fh, ts) in running.items():
        p.kill(); p.wait(); fh.close()
        print(f"stopped at the deadline: {name(j)}", flush=True)
    for j in todo: print(f"not started: {name(j)}")
    return done

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
    def start(j):
        fh = open(logs/f"{'_'.join(j).replace(':', '+').replace('/', '-')}.log", 'w')
        return subprocess.Popen([sys.executable, str(script), a.out, *j], stdout=fh, stderr=subprocess.STDOUT, env=env), j, fh
    def report(j, rc, log, t, dt):
        status = 'ok' if rc == 0 else f'FAILED (exit {rc}; see {log})'
        print(f"[{t:6.0f} s] {' '.join(j)}: {status} in {dt:.0f} s", flush=True)
    done = run_queue(jobs, start, report, a.workers, a.deadline, t0, name=' '.join)
    print(f"{len(done)} of {len(jobs)} jobs finished in {time.time() - t0:.0f} s")

if __name__ == '__main__': main()
