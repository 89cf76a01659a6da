"""The random walk's affinity power β and step count on a pipeline run's AffinityNet (chapter 14): for the first N
training images, the mIoU of the CAM pseudo-labels and of the walked labels, each at its best background score
(and the walked labels' mIoU at β from 0.1 to 0.5: how much the choice of β matters).

    .venv/bin/python bench/rw_sweep.py RUN [N=300] [LOGT:BETA ...]
    e.g. .venv/bin/python bench/rw_sweep.py runs/pipeline-scenes-cal 300 4:8 1:32 1:64 2:32 2:64 3:32 3:64
RUN is a `cpn-pipeline` folder; its calibrated CAMs are used when it has them. One torch thread."""
import sys, json, torch
from pathlib import Path
torch.set_num_threads(1)
from cpn_nbdev.pipeline import PipelineData, pipeline_config
from cpn_nbdev.affinity import load_affinity_net, infer_affinities, propagate_cams
from cpn_nbdev.evaluate import load_cam, sweep_beta
run = Path(sys.argv[1]); n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
grid = [tuple(float(v) for v in a.split(':')) for a in sys.argv[3:]] or [(4, 8), (2, 32), (3, 64)]
cfg = json.loads((run/'config.json').read_text()) if (run/'config.json').is_file() else {}
cam_dir = run/'calibrated'/'maps' if (run/'calibrated'/'maps').is_dir() else run/'cams'/'maps'
data = PipelineData(cfg.get('data', 'default'), 'train', None, n, False); C = data.n_classes
net, acfg = load_affinity_net(run/'affinity'/'affinity.pth')
items = [data.item(i) for i in range(n)]
cams = [load_cam(cam_dir, data.ids[i], C)[None] for i in range(n)]
affs = [infer_affinities(net, x[None], acfg.scale) for x, _, _ in items]
r = sweep_beta(((c[0], m) for c, (_, _, m) in zip(cams, items)), C)
print(f"{cam_dir}, {n} training images: CAM labels {r['best']['miou']:.1f} (β {r['best']['beta']})")
for logt, beta in grid:
    w = sweep_beta(((propagate_cams(c, y[None], a, beta, int(logt))[0], m) for c, a, (_, y, m) in zip(cams, affs, items)), C)
    near = ', '.join(f"{p['beta']:g}: {p['miou']:.1f}" for p in w['curve'] if 0.1 <= p['beta'] <= 0.5)
    print(f"logt {int(logt)}, affinity power {beta:g}: walked labels {w['best']['miou']:.1f} (β {w['best']['beta']}); by β: {near}", flush=True)
