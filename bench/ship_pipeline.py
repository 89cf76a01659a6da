"""Copy the AffinityNet and the DeepLab of chapter 14's measured pipeline run into the package (cpn_nbdev/assets/),
so that the README's tour runs every stage on networks trained for the paper's pipeline, in seconds.

    .venv/bin/python bench/ship_pipeline.py [RUN=runs/pipeline-zoo]

The run is `cpn-pipeline --preset scenes --out runs/pipeline-zoo --set cpn.threads=1` (default world,
seed 0; its CPN is the shipped `scenes-cpn-s0.pth`, which this script checks). Each shipped file is the run's
checkpoint plus `pipeline`: the settings the tour needs to repeat the stage (the CAM calibration power and β, the
walk's β, steps, background score and input scale) and the stage's measured mIoU."""
import json, sys
from pathlib import Path
import torch
from cpn_nbdev.core import atomic_path, read_tagged
from cpn_nbdev.train import read_checkpoint, CKPT_FORMAT
from cpn_nbdev.affinity import AFF_FORMAT
from cpn_nbdev.deeplab import SEG_FORMAT
from cpn_nbdev.demo import shipped_path

run = Path(sys.argv[1] if len(sys.argv) > 1 else 'runs/pipeline-zoo')
dst = Path(__file__).resolve().parents[1]/'cpn_nbdev'/'assets'
stage = lambda name: json.loads((run/name/'stage.json').read_text())
cfg = json.loads((run/'config.json').read_text())
cpn, shipped = read_checkpoint(run/'cpn'/'model.pth'), read_checkpoint(shipped_path('cpn'))
if cpn['config'] != shipped['config'] or any(not torch.equal(v, shipped['model'][k]) for k, v in cpn['model'].items()):
    sys.exit(f"{run}/cpn/model.pth is not the shipped CPN: ship the benchmark's networks first (bench/ship_checkpoints.py)")
cal, rw, seg = stage('calibrated')['results'], stage('rw'), stage('deeplab')['results']
command = f".venv/bin/cpn-pipeline --preset scenes --out {run} --set cpn.threads=1"
common = dict(source=str(run), command=command, data=cfg['data'], seed=cfg['seed'], cam_scales=cfg['cam_scales'])
aff = read_tagged(run/'affinity'/'affinity.pth', AFF_FORMAT)
here = str(Path.cwd().resolve()) + '/'                       # the stage's stamp names its CAM folder: as the repo does
aff['stamp'] = {k: v.removeprefix(here) if isinstance(v, str) else v for k, v in aff.get('stamp', {}).items()}
aff['pipeline'] = dict(common, cam_power=cal['power'], cam_beta=cal['beta'], cam_miou=cal['miou'], rw_bg=rw['results']['bg'],
                       rw_beta=rw['settings']['beta'], rw_logt=rw['settings']['logt'], aff_scale=rw['settings']['aff']['scale'],
                       rw_miou=rw['results']['miou'])
seg_ck = read_tagged(run/'deeplab'/'model.pth', SEG_FORMAT)
seg_ck['pipeline'] = dict(common, miou=seg['no_crf'], miou_crf=seg['crf'])
for name, ck in (('scenes-affinity-s0.pth', aff), ('scenes-deeplab-s0.pth', seg_ck)):
    with atomic_path(dst/name) as t: torch.save(ck, t)
    print(f"{dst/name}: {ck['pipeline']}")
