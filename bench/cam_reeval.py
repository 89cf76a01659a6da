"""Re-evaluate trained run folders (their model.pth) on the default validation scenes with the current evaluation code
(used after the beta grid gained 0.01-0.04), writing eval.json next to each model.

    .venv/bin/python bench/cam_reeval.py bench/cam/default/baseline-s0 bench/cam/default/cpn-loss.w_tcp=1-s0 ..."""
import sys, json, torch, time
torch.set_num_threads(1)
from pathlib import Path
from cpn_nbdev.demo import evaluate_run
from cpn_nbdev.train import model_from_checkpoint
from cpn_nbdev.data import AnimalScenes
val = AnimalScenes('val', preset='default', progress=False)
for d in sys.argv[1:]:
    d = Path(d); m, cfg = model_from_checkpoint(d/'model.pth'); t = time.time()
    r = evaluate_run(m, val)
    (d/'eval.json').write_text(json.dumps(r))
    print(d.name, round(time.time()-t), round(r['map'],1), round(r['map_painted'],1),
          {w: (round(r[w]['best']['miou'],1), r[w]['best']['beta'], round(r[w]['best']['bg_iou'],1), round(r[w]['best']['fg_miou'],1), round(r[w]['best']['fg_precision'],1), round(r[w]['best']['fg_recall'],1), {k: round(v,2) for k,v in r[w]['regions'].items()}) for w in ('raw','refined') if w in r}, flush=True)
