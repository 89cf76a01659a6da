"""Stages 0-2 of the pipeline (chapter 14) alone: a classifier trained on PRETRAIN, the CPN trained on DATA from it,
and the CAM pseudo-label mIoU of DATA's training images — what stage 0 buys before the walk and DeepLab run.
    .venv/bin/python bench/pretrain_cams.py OUT DATA PRETRAIN [SEED=0]      (one torch thread; `scenes` training preset)
e.g. `bench/pretrain_cams.py runs/probe/default-pretrained default stripes` (the default world, spread stripe angles)."""
import sys, time, torch
torch.set_num_threads(1)
from cpn_nbdev.pipeline import pipeline_config, pretrain_stage, cpn_config, cam_stage, PipelineData
out, data, pre = sys.argv[1:4]; seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
c = pipeline_config('scenes-pretrained', data=data, seed=seed, **{'pretrain.data': pre, 'cpn.threads': 1, 'pretrain.threads': 1})
t0 = time.time()
cam_dir, r = cam_stage(out, PipelineData(c.data, 'train', progress=False), cpn_config(c, pretrain_stage(f'{out}/pretrain', c, False)), c.cam_scales, False)
print(f'{data} world, CPN from a classifier of {pre}, seed {seed}: CAM pseudo-labels {r["miou"]:.1f} (β {r["beta"]}), {time.time() - t0:.0f} s', flush=True)
