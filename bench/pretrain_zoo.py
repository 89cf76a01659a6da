"""The scenes' ImageNet: train the `tiny` backbone from scratch as a classifier (image labels only, L_cls) on the
part-free `zoo` world (chapter 1: 22 coat patterns, silhouettes of any species, its own seeds), then ship its
backbone with provenance as cpn_nbdev/assets/tiny-zoo.pth, which `build_backbone('tiny', pretrained=True)` loads.

    .venv/bin/python bench/pretrain_zoo.py [OUT=bench/zoo]      (2-core CPU: about 10 minutes)

Prints the zoo validation mAP. A rerun reuses OUT/run when it was trained by the same configuration."""
import sys
from pathlib import Path
from cpn_nbdev.data import AnimalScenes
from cpn_nbdev.demo import ablation_config, run_experiment
from cpn_nbdev.backbone import save_backbone_weights, TINY_WEIGHTS
from cpn_nbdev.train import read_checkpoint

PRETRAIN = dict(pretrained=False, epochs=8, threads=2)   # 8 epochs of 8,000 scenes: 2,000 steps of 32

out = Path(sys.argv[1] if len(sys.argv) > 1 else 'bench/zoo')
cfg = ablation_config('baseline', 'scenes', 'zoo', 0, **PRETRAIN)
val = AnimalScenes('val', preset='zoo')
res = run_experiment(cfg, out/'run', val)
print(f"zoo pretraining: {res['train_seconds']} s on {res['machine']}, val mAP {res['map']:.1f}, "
      f"CAM mIoU {res['raw']['best']['miou']:.1f} (β {res['raw']['best']['beta']:.2f})", flush=True)
dst = Path(__file__).resolve().parents[1]/'cpn_nbdev'/'assets'/TINY_WEIGHTS
ck = read_checkpoint(out/'run'/'model.pth')
save_backbone_weights(dst, {k[len('backbone.'):]: v for k, v in ck['model'].items() if k.startswith('backbone.')},
                      provenance=dict(machine=res['machine'], steps=ck['step'], train_seconds=res['train_seconds'],
                                      config=ck['config'], command='.venv/bin/python bench/pretrain_zoo.py'),
                      results=dict(zoo_val_map=res['map'], zoo_val_cam_miou=res['raw']['best']['miou']))
print(f"wrote {dst}")
