"""The photos preset on real photographs: 40 photos of MSRC-v2 converted by `cpn-data msrc`'s converter, a few steps
of the preset, the loss below the label prior and some CAM non-zero. Skipped where MSRC-v2 is absent (a user's
machine): set CPN_MSRC to the folder holding its Images/."""
import os
from dataclasses import replace
from pathlib import Path
import pytest
import torch
from conftest import ROOT
from cpn_nbdev.folder import msrc_to_folder, FolderDataset, folder_train_transform
from cpn_nbdev.train import get_config, train, model_from_checkpoint
from cpn_nbdev.evaluate import infer_cam

MSRC = Path(os.environ.get('CPN_MSRC', ROOT.parent/'shared'/'msrc-v2'))


def _subset(src: Path, dest: Path, n: int) -> Path:
    "An MSRC-v2 tree of n photos spread over the database (its files are named by category), as links."
    (dest/'Images').mkdir(parents=True)
    masks = 'newsegmentations_mats' if (src/'newsegmentations_mats').is_dir() else 'GroundTruth'
    (dest/masks).mkdir()
    photos = sorted((src/'Images').iterdir())
    for p in photos[::len(photos)//n][:n]:
        (dest/'Images'/p.name).symlink_to(p)
        for m in (src/masks).glob(f'{p.stem}_GT.*'): (dest/masks/m.name).symlink_to(m)
    return dest


@pytest.mark.skipif(not (MSRC/'Images').is_dir(), reason=f'no MSRC-v2 at {MSRC} (set CPN_MSRC)')
def test_photos_preset_learns_on_real_photos(tmp_path):
    torch.set_num_threads(1)
    folder = msrc_to_folder(_subset(MSRC, tmp_path/'src', 40), tmp_path/'photos', short_side=96, progress=False)
    ds = FolderDataset(folder, 'all')
    ds.transform = folder_train_transform(ds)
    cfg = get_config('photos', data=str(folder), mode='baseline', epochs=2, workers=0, threads=1)
    r = train(cfg, tmp_path/'run', progress=False, dataset=ds)
    assert r['done'] and r['steps'] == 10
    assert r['learnt'] and r['cls_end'] < 0.9*r['prior_loss'], r          # the loss went below the label prior
    model = model_from_checkpoint(tmp_path/'run'/'model.pth')[0].eval()
    plain = FolderDataset(folder, 'all')
    x, lab, _ = next(plain[i] for i in range(len(plain)) if plain[i][1].sum() > 0)
    cam = infer_cam(model, x, lab, scales=(1.0,), which='raw')
    assert cam[lab > 0].max() > 0                                         # some CAM of a labelled class is non-zero
