"""Photo training and CAM inference on a CPU, side by side: fp32, channels-last, bf16 autocast and both, at 1 and 2
torch threads. Prints images/s of a training step (baseline and CPN triplet, the `photos` preset's network at batch 8
on crops of the preset's size; also at output stride 8) and of CAM inference (the refined CAM at scale 1 and its
flip, as the photo study scores it), and, given a trained run and its dataset folder, the CAM mIoU of each inference
path on N photos spread over the folder (a fast path may cost at most 0.5 mIoU).

    python bench/photo_speed.py [--run RUN_DIR --folder FOLDER --n 60] [--crop 216] [--threads 1,2]

Run it alone: another job on the cores changes every number.
"""
import argparse, contextlib, time
import torch
from cpn_nbdev.train import get_config, build_model, triplet_losses, model_from_checkpoint, memory_format
from cpn_nbdev.evaluate import infer_cam, sweep_beta
from cpn_nbdev.demo import machine

PATHS = {'fp32': (False, False), 'channels-last': (True, False), 'bf16': (False, True),
         'bf16 + channels-last': (True, True)}   # name → (channels-last, bf16 autocast)


def autocast(bf16):
    return torch.autocast('cpu', dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()


def step_rate(mode, cl, bf16, crop, reps=2, batch=8, stride=16):
    "Images/s of one training step (forward + backward), best of `reps`."
    # grid cells stand in for the preset's superpixels: the network's cost is the same, SLIC's is in the study's times
    cfg = get_config('photos', data='x', mode=mode, patch='grid', grid_sizes=(16, 24), output_stride=stride)
    model = build_model(cfg, 14).train().to(memory_format=memory_format(cl))
    x = torch.randn(batch, 3, crop, crop)
    x = x.contiguous(memory_format=memory_format(cl))
    y = (torch.rand(batch, 14) < 0.2).float()
    best = 1e9
    for r in range(reps + 1):
        t = time.perf_counter()
        with autocast(bf16): loss = triplet_losses(model, x, y, cfg, torch.Generator().manual_seed(r))['total']
        loss.backward(); model.zero_grad()
        if r: best = min(best, time.perf_counter() - t)       # the first is a warm-up
    return batch/best


def cam_rate_and_miou(model, ds, n, cl, bf16):
    "Images/s of CAM inference (refined, scale 1 + flip) over n photos spread over `ds`, and their CAM mIoU at the best β."
    model = model.to(memory_format=memory_format(cl))
    cams, t = [], time.perf_counter()
    for i in range(0, len(ds), max(1, len(ds)//n)):
        x, lab, mask = ds[i]
        with autocast(bf16): cams.append((infer_cam(model, x, lab, scales=(1.0,)).float(), mask))
    rate = len(cams)/(time.perf_counter() - t)
    return rate, sweep_beta(cams, ds.n_classes)['best']['miou']


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--run'); p.add_argument('--folder'); p.add_argument('--n', type=int, default=60)
    p.add_argument('--crop', type=int, default=216); p.add_argument('--threads', default='1,2')
    a = p.parse_args()
    print(f"{machine()}, torch {torch.__version__}; train step: batch 8 at {a.crop} px")
    model, ds = None, None
    if a.run:
        from cpn_nbdev.folder import FolderDataset
        model, ds = model_from_checkpoint(f'{a.run}/model.pth')[0].eval(), FolderDataset(a.folder, 'all')
    print(f"{'threads':>7} {'path':22} {'baseline img/s':>14} {'CPN img/s':>10} {'CAM img/s':>10} {'CAM mIoU':>9}")
    for th in (int(t) for t in a.threads.split(',')):
        torch.set_num_threads(th)
        for name, (cl, bf16) in PATHS.items():
            b, c = step_rate('baseline', cl, bf16, a.crop), step_rate('cpn', cl, bf16, a.crop)
            rate, miou = cam_rate_and_miou(model, ds, a.n, cl, bf16) if model is not None else (float('nan'),)*2
            print(f"{th:>7} {name:22} {b:14.2f} {c:10.2f} {rate:10.2f} {miou:9.2f}", flush=True)
        for name in ('fp32', 'channels-last'):     # output stride 8: the dilated depthwise convolutions' cost
            cl = PATHS[name][0]
            b, c = step_rate('baseline', cl, False, a.crop, stride=8), step_rate('cpn', cl, False, a.crop, stride=8)
            print(f"{th:>7} {name + ', stride 8':22} {b:14.2f} {c:10.2f}", flush=True)


if __name__ == '__main__':
    main()
