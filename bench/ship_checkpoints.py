"""Copy the benchmark's seed-0 baseline and CPN of the default world (both started from the zoo-pretrained backbone
of chapter 4) into the package (cpn_nbdev/assets/), so that `cpn-demo`, the explorer and the README show networks
trained for the benchmark's full schedule next to the ones the demo trains in five minutes.

    .venv/bin/python bench/ship_checkpoints.py [RUNS=bench/cam/runs]

The runs must be exactly the benchmark rows (`ablation_config(mode, 'scenes', 'default', 0, threads=1)`: the ones
`cpn-bench-cam --seeds 0 --set threads=1` or `bench/cam_runs.py bench/cam/runs default 0 baseline cpn` train) and
finished (results.json). Each
shipped file is the run's model.pth plus `provenance` (machine, steps, the command) and `benchmark` (its results)."""
import json, sys
from pathlib import Path
import torch
from cpn_nbdev.demo import ablation_config, SHIPPED
from cpn_nbdev.core import config_from_dict
from cpn_nbdev.train import read_checkpoint, TrainConfig
from cpn_nbdev.core import atomic_path
runs = Path(sys.argv[1] if len(sys.argv) > 1 else 'bench/cam/runs')
dst = Path(__file__).resolve().parents[1]/'cpn_nbdev'/'assets'
for mode, name in SHIPPED.items():
    src = runs/'default'/f'{mode}-s0'
    ck, res = read_checkpoint(src/'model.pth'), json.loads((src/'results.json').read_text())
    want = ablation_config(mode, 'scenes', 'default', 0, threads=1)
    if config_from_dict(TrainConfig, ck["config"]) != want or config_from_dict(TrainConfig, res["config"]) != want:
        sys.exit(f"{src}: not the benchmark's {mode} row of seed 0 (its config differs from ablation_config)")
    ck['provenance'] = dict(machine=res.get('machine', '?'), steps=ck['step'], source=str(src),
                            command=f".venv/bin/python bench/cam_runs.py bench/cam/runs default 0 {mode}, then bench/ship_checkpoints.py")
    ck['benchmark'] = {w: res[w]['best'] for w in ('raw', 'refined') if w in res} | dict(map=res['map'], map_painted=res['map_painted'])
    with atomic_path(dst/name) as t: torch.save(ck, t)
    print(f"{dst/name}: {mode}, {ck['step']} steps on {ck['provenance']['machine']}, raw {res['raw']['best']['miou']:.1f}"
          + (f", refined {res['refined']['best']['miou']:.1f}" if mode == 'cpn' else ''))
