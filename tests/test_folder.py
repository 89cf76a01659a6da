"""The dataset folder of chapter 02b (issue 17): one test per kind of bad input, each checking that the error names
the file that is wrong; the writers leave nothing behind when they fail; the voc layout derives the CSV's labels;
items, augmentation sizes and the label/CAM file round trips."""
import csv, json
from pathlib import Path
import numpy as np
import pytest
import torch
from PIL import Image
import cpn_nbdev.folder as folder
from cpn_nbdev.folder import (read_classes, read_folder, write_split, FolderDataset, augmentation_sizes,
                              folder_train_transform, check_folder, format_report, check_trainable, write_label_png,
                              write_labels_json, write_cam_npy, read_cam_npy, write_folder, make_tiny_folder,
                              scenes_to_folder, read_class_mask, collate_items, TINY_FOLDER_CLASSES)

@pytest.fixture
def tiny(tmp_path) -> Path: return make_tiny_folder(tmp_path/'tiny')

def _edit(path: Path, old: str, new: str):
    text = path.read_text()
    assert old in text, (old, text[:200])
    path.write_text(text.replace(old, new, 1))

def _rows(root: Path) -> list:
    with open(root/'labels.csv', newline='') as f: return list(csv.reader(f))

def _write_rows(root: Path, rows: list):
    with open(root/'labels.csv', 'w', newline='') as f: csv.writer(f).writerows(rows)

def _left_over(parent: Path, name: str) -> list:
    "Anything named after `name` in `parent`: the folder itself or a temporary one beside it."
    return [p.name for p in parent.iterdir() if name in p.name]

# ---- the tiny folder itself

def test_tiny_folder(tiny):
    f = read_folder(tiny)
    assert (f.layout, f.classes, len(f.ids)) == ('folder', TINY_FOLDER_CLASSES, 24)
    assert {s: len(v) for s, v in f.splits.items()} == {'train': 18, 'val': 6}
    assert sorted(f.masks) == sorted(f.splits['val'])                # masks for the val split only
    sizes = [Image.open(f.images[i]).size for i in f.ids]
    assert len(set(sizes)) > 10 and all(w != h and 40 <= min(w, h) and max(w, h) <= 76 for w, h in sizes)
    train = np.stack([f.labels[i] for i in f.splits['train']])
    assert train.sum(0).min() > 0                                    # every class has training images
    assert 1 <= (train.sum(1) == 0).sum() and set(train.sum(1)) <= {0, 1, 2}
    assert check_folder(tiny)['warnings'] == []

def test_tiny_folder_is_fast(tmp_path):
    import time
    t = time.perf_counter()
    make_tiny_folder(tmp_path/'a')
    make_tiny_folder(tmp_path/'b', layout='voc')
    assert time.perf_counter() - t < 1.0

def test_voc_layout_derives_the_csv_labels(tmp_path):
    a, b = read_folder(make_tiny_folder(tmp_path/'f')), read_folder(make_tiny_folder(tmp_path/'v', layout='voc'))
    assert b.layout == 'voc' and not (tmp_path/'v'/'labels.csv').exists() and len(b.masks) == 24
    assert a.ids == b.ids and a.splits == b.splits
    assert all((a.labels[i] == b.labels[i]).all() for i in a.ids)
    assert any(a.labels[i].sum() == 2 for i in a.ids) and any(a.labels[i].sum() == 0 for i in a.ids)
    # a labels.csv in the voc layout wins over the masks
    (tmp_path/'v'/'labels.csv').write_text('image,labels\nimg00,square\n')
    c = read_folder(tmp_path/'v', splits=False)
    assert c.ids == ['img00'] and c.label_names('img00') == ['square'] and len(c.unlabelled) == 23

# ---- bad input: one test each, the error names the file

def test_label_naming_an_unknown_class(tiny):
    _edit(tiny/'labels.csv', 'img02.png,triangle', 'img02.png,triangel')
    with pytest.raises(ValueError, match=r"labels\.csv:4: label 'triangel' is not a class") as e: read_folder(tiny)
    assert str(tiny/'labels.csv') in str(e.value)

def test_image_listed_twice(tiny):
    _edit(tiny/'labels.csv', 'img05.png,', 'img02,square\nimg05.png,')      # once by file name, once by id
    with pytest.raises(ValueError, match=r"labels\.csv:7: image 'img02' is listed twice \(first on .*labels\.csv:4\)") \
            as e: read_folder(tiny)
    assert str(tiny/'labels.csv') in str(e.value)

def test_image_listed_but_missing(tiny):
    (tiny/'images'/'img07.png').unlink()
    with pytest.raises(FileNotFoundError, match=r"labels\.csv:9: image 'img07\.png' is not in") as e: read_folder(tiny)
    assert str(tiny/'labels.csv') in str(e.value) and str(tiny/'images') in str(e.value)

def test_labels_separated_by_commas(tiny):
    _edit(tiny/'labels.csv', 'img03.png,disc|square', 'img03.png,disc,square')
    with pytest.raises(ValueError, match=r"labels\.csv:5: 3 fields; expected 2"): read_folder(tiny)

def test_unreadable_image_at_check_time(tiny):
    (tiny/'images'/'img03.png').write_bytes(b'\x89PNG not really')
    (tiny/'images'/'img04.png').write_bytes(b'')
    with pytest.raises(ValueError, match=r"2 broken image\(s\)") as e: check_folder(tiny)
    assert f"{tiny/'images'/'img03.png'}: cannot read image" in str(e.value)
    assert f"{tiny/'images'/'img04.png'}: cannot read image" in str(e.value)     # all of them, in one error

def test_truncated_image_at_check_time(tiny):
    p = tiny/'images'/'img05.png'
    p.write_bytes(p.read_bytes()[:len(p.read_bytes())//2])           # the header is fine, the pixels are not
    read_folder(tiny)
    with pytest.raises(ValueError, match='cannot read image') as e: check_folder(tiny)
    assert str(p) in str(e.value)

def test_unreadable_image_when_the_item_is_read(tiny):
    (tiny/'images'/'img03.png').write_bytes(b'garbage')
    ds = FolderDataset(tiny, 'val')
    assert ds.ids[0] == 'img03'
    with pytest.raises(ValueError, match='cannot read image') as e: ds[0]
    assert str(tiny/'images'/'img03.png') in str(e.value)
    ds[1]                                                            # the others still read

def test_mask_size_differs_from_its_image(tiny):
    write_label_png(np.zeros((10, 10), np.uint8), tiny/'masks'/'img07.png')
    with pytest.raises(ValueError, match=r"mask size \(10, 10\) \(H, W\) differs from its image") as e: check_folder(tiny)
    assert str(tiny/'masks'/'img07.png') in str(e.value)
    with pytest.raises(ValueError, match=r"mask size \(10, 10\)") as e: FolderDataset(tiny, 'val')[1]
    assert str(tiny/'masks'/'img07.png') in str(e.value)

def _mask_id_7(path: Path):
    m = read_class_mask(path, 3)
    write_label_png(np.where(m == 2, 7, m), path)

def test_mask_ids_beyond_the_classes(tiny):
    _mask_id_7(tiny/'masks'/'img03.png')
    with pytest.raises(ValueError, match=r"mask has class ids \[7\] beyond the 3 classes") as e: check_folder(tiny)
    assert str(tiny/'masks'/'img03.png') in str(e.value)
    with pytest.raises(ValueError, match=r"class ids \[7\]") as e: FolderDataset(tiny, 'val')[0]
    assert str(tiny/'masks'/'img03.png') in str(e.value)

def test_mask_ids_beyond_the_classes_voc_layout(tmp_path):
    r = make_tiny_folder(tmp_path/'v', layout='voc')
    _mask_id_7(r/'SegmentationClass'/'img03.png')
    with pytest.raises(ValueError, match=r"class ids \[7\]") as e: read_folder(r)   # labels come from the masks
    assert str(r/'SegmentationClass'/'img03.png') in str(e.value)

def test_255_is_not_a_bad_id(tiny):
    m = read_class_mask(tiny/'masks'/'img03.png', 3)
    assert 255 in m and check_folder(tiny)['masks']['val'] == 6

def test_empty_class(tiny):
    train = set((tiny/'train.txt').read_text().split())
    rows = _rows(tiny)
    rows[1:] = [[a, '|'.join(n for n in b.split('|') if n != 'triangle' or Path(a).stem not in train)] for a, b in rows[1:]]
    _write_rows(tiny, rows)
    ds = FolderDataset(tiny)
    with pytest.raises(ValueError, match=r"class\(es\) \['triangle'\] have no training image") as e: check_trainable(ds, 4)
    assert str(tiny/'train.txt') in str(e.value)
    assert "class 'triangle' has no training image" in check_folder(tiny)['warnings']

def test_split_list_naming_an_unknown_image(tiny):
    _edit(tiny/'val.txt', 'img07', 'img99')
    with pytest.raises(ValueError, match=r"val\.txt:2: image 'img99' is not an image of the folder") as e: read_folder(tiny)
    assert str(tiny/'val.txt') in str(e.value)

def test_split_list_naming_an_unlabelled_image(tiny):
    Image.fromarray(np.zeros((9, 12, 3), np.uint8)).save(tiny/'images'/'new.jpg')
    (tiny/'train.txt').write_text((tiny/'train.txt').read_text() + 'new\n')
    with pytest.raises(ValueError, match=r"train\.txt:19: image 'new' has no label") as e: read_folder(tiny)
    assert str(tiny/'train.txt') in str(e.value)

def test_split_lists_overlap_or_one_missing(tiny):
    (tiny/'val.txt').write_text((tiny/'val.txt').read_text() + 'img00\n')
    with pytest.raises(ValueError, match="must not overlap") as e: read_folder(tiny)
    assert str(tiny/'val.txt') in str(e.value)
    (tiny/'val.txt').unlink()
    with pytest.raises(FileNotFoundError, match="split list missing") as e: read_folder(tiny)
    assert str(tiny/'val.txt') in str(e.value)

def test_class_list_with_duplicates(tiny):
    _edit(tiny/'classes.txt', 'triangle', 'disc')
    with pytest.raises(ValueError, match=r"classes\.txt:3: class 'disc' is listed twice") as e: read_folder(tiny)
    assert str(tiny/'classes.txt') in str(e.value)

def test_class_list_empty_or_with_background(tmp_path):
    p = tmp_path/'classes.txt'
    p.write_text('\n\n')
    with pytest.raises(ValueError, match='the class list is empty') as e: read_classes(p)
    assert str(p) in str(e.value)
    p.write_text('disc\nbackground\n')
    with pytest.raises(ValueError, match=r"classes\.txt:2: 'background' is implicit") as e: read_classes(p)
    assert str(p) in str(e.value)

def test_dataset_too_small_for_the_batch(tiny):
    ds = FolderDataset(tiny, 'train')
    assert check_trainable(ds, 18) == {'disc': 8, 'square': 7, 'triangle': 9}
    with pytest.raises(ValueError, match='18 training image.*fewer than the batch size 32') as e: check_trainable(ds, 32)
    assert str(tiny/'train.txt') in str(e.value)

def test_not_a_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match='does not exist'): read_folder(tmp_path/'nowhere')
    (tmp_path/'empty').mkdir()
    with pytest.raises(FileNotFoundError, match='not a dataset folder') as e: read_folder(tmp_path/'empty')
    assert str(tmp_path/'empty') in str(e.value)

def test_no_split_lists(tiny):
    for p in read_folder(tiny).split_files.values(): p.unlink()
    with pytest.raises(ValueError, match=r"no split lists.*write_split.*cpn-data split.*split='all'") as e:
        FolderDataset(tiny)
    assert str(tiny) in str(e.value)
    assert len(FolderDataset(tiny, 'all')) == 24
    assert any('no split lists' in w for w in check_folder(tiny)['warnings'])

# ---- the writers leave nothing behind when they fail

def test_write_folder_with_an_unknown_class_leaves_nothing(tmp_path):
    imgs = [np.zeros((8, 10, 3), np.uint8)]*2
    with pytest.raises(ValueError, match="label 'dog' is not a class"):
        write_folder(tmp_path/'out', imgs, ['a', 'b'], [['disc'], ['dog']], ('disc',))
    assert list(tmp_path.iterdir()) == []

def test_write_folder_crash_midway_leaves_nothing(tmp_path, monkeypatch):
    calls = []
    def failing(label, path):
        calls.append(path)
        if len(calls) == 2: raise RuntimeError('disk full')
        return write_label_png(label, path)
    monkeypatch.setattr(folder, 'write_label_png', failing)
    imgs, m = [np.zeros((8, 10, 3), np.uint8)]*3, np.zeros((8, 10), np.uint8)
    with pytest.raises(RuntimeError, match='disk full'):
        write_folder(tmp_path/'out', imgs, ['a', 'b', 'c'], [[], [], []], ('disc',), masks={'a': m, 'b': m, 'c': m})
    assert len(calls) == 2 and list(tmp_path.iterdir()) == []

def test_write_folder_refuses_an_existing_folder(tiny):
    with pytest.raises(FileExistsError, match='overwrite=True'):
        write_folder(tiny, [np.zeros((8, 10, 3), np.uint8)], ['a'], [[]], ('disc',))
    assert len(read_folder(tiny).ids) == 24

def test_write_folder_checks_masks_and_splits(tmp_path):
    imgs, ids = [np.zeros((8, 10, 3), np.uint8)]*2, ['a', 'b']
    bad = [dict(masks={'a': np.zeros((8, 9), np.uint8)}), dict(masks={'a': np.full((8, 10), 9, np.uint8)}),
           dict(splits={'train': ['a'], 'val': ['a']}), dict(splits={'train': ['a'], 'val': ['z']})]
    for kw in bad:
        with pytest.raises(ValueError): write_folder(tmp_path/'out', imgs, ids, [[], []], ('disc',), **kw)
    with pytest.raises(ValueError, match='differ from its mask'):      # voc without a CSV: labels are the masks'
        write_folder(tmp_path/'out', imgs, ids, [['disc'], []], ('disc',), layout='voc', labels_csv=False,
                     masks={'a': np.zeros((8, 10), np.uint8), 'b': np.zeros((8, 10), np.uint8)})
    assert list(tmp_path.iterdir()) == []

def test_write_split(tiny, monkeypatch):
    for p in read_folder(tiny).split_files.values(): p.unlink()
    sp = write_split(tiny, 0.25, seed=1)
    assert (len(sp['train']), len(sp['val'])) == (18, 6) and not set(sp['train']) & set(sp['val'])
    assert read_folder(tiny).splits == sp
    assert write_split(tiny, 0.25, seed=1, overwrite=True) == sp
    with pytest.raises(FileExistsError, match='overwrite=True') as e: write_split(tiny)
    assert str(tiny/'train.txt') in str(e.value)
    # a crash while writing keeps the old lists whole and leaves no temporary file
    before = {p.name: p.read_text() for p in read_folder(tiny).split_files.values()}
    def crash(self, *a, **k): raise OSError('disk full')
    monkeypatch.setattr(Path, 'write_text', crash)
    with pytest.raises(OSError, match='disk full'): write_split(tiny, 0.5, seed=9, overwrite=True)
    monkeypatch.undo()
    assert {p.name: p.read_text() for p in read_folder(tiny).split_files.values()} == before
    assert [p.name for p in tiny.iterdir() if p.name.startswith('.')] == []

def test_write_split_is_stratified():
    lab = np.zeros((40, 4))
    lab[:20, 0], lab[20:30, 1], lab[30:38, 2], lab[38:, 3] = 1, 1, 1, 1
    for seed in range(10):
        v = folder.stratified_val(lab, 0.25, seed)
        # quotas 5, 2.5, 2, 0.5: the one left over goes to the class of 10 or the class of 2, never more
        assert (v.sum(), v[:20].sum(), v[30:38].sum(), v[20:30].sum() + v[38:].sum()) == (10, 5, 2, 3)
        assert v[38:].sum() <= 1                                     # the 2-image class keeps a training image

def test_a_class_of_one_image_stays_in_train():
    lab = np.zeros((19, 3))
    lab[:9, 0], lab[9:18, 1], lab[18, 2] = 1, 1, 1                  # quotas 4.5, 4.5, 0.5: ties for the two left over
    for seed in range(12):
        v = folder.stratified_val(lab, 0.5, seed)
        assert v.sum() == 10 and not v[18], seed

def test_write_split_voc_layout(tmp_path):
    r = make_tiny_folder(tmp_path/'v', layout='voc')
    sp = write_split(r, overwrite=True)
    assert (r/'ImageSets'/'Segmentation'/'val.txt').read_text().split() == sp['val']
    assert not (r/'train.txt').exists()

# ---- the dataset

def test_items(tiny):
    tr, va = FolderDataset(tiny, 'train'), FolderDataset(tiny, 'val')
    assert (tr.has_masks, va.has_masks, tr.n_classes, tr.labels.shape) == (False, True, 3, (18, 3))
    img, lab, mask = tr[0]
    h, w = tr.sizes[0]
    assert img.dtype == torch.float32 and img.shape == (3, h, w) and lab.dtype == torch.float32 and mask is None
    assert abs(float(img.mean())) < 3 and img.min() < 0                # normalised
    img, lab, mask = va[0]
    assert mask.dtype == torch.int64 and mask.shape == img.shape[1:] and set(mask.unique().tolist()) <= {0, 1, 2, 3, 255}
    assert (va.denormalize(img) == va.image_uint8(0)).all() and (mask.numpy() == va.mask_array(0)).all()
    assert tr.mask_array(0) is None
    assert (torch.stack([va[k][1] for k in range(len(va))]).numpy() == va.labels).all()
    x, y, z = collate_items([va[0], va[0]])
    assert x.shape[0] == 2 and y.shape == (2, 3) and z.shape[0] == 2
    assert collate_items([tr[0], tr[0]])[2] == [None, None]

def test_transform_and_any_image_format(tiny):
    for k, ext in ((0, 'jpg'), (1, 'bmp')):                           # images of any format PIL reads
        p = tiny/'images'/f'img0{k}.png'
        Image.open(p).convert('RGB').save(p.with_suffix(f'.{ext}'))
        p.unlink()
        _edit(tiny/'labels.csv', f'img0{k}.png,', f'img0{k},')
    tr = FolderDataset(tiny, 'train')
    t = folder_train_transform(tr, crop=24, long_side=(30, 40))
    ds = FolderDataset(tiny, 'train', transform=t)
    a, l, b = ds[0]
    assert a.shape == (3, 24, 24) and a.dtype == torch.float32 and b is None
    a, l, b = FolderDataset(tiny, 'val', transform=t)[0]
    assert a.shape == (3, 24, 24) and b.shape == (24, 24) and b.dtype == torch.int64

def test_augmentation_sizes_scale_with_the_images():
    voc = augmentation_sizes([(375, 500), (500, 375), (333, 500)])
    assert voc == dict(long_side=(448, 768), crop=448)
    small, big = augmentation_sizes([(48, 64)]*5), augmentation_sizes([(1500, 2000)]*5)
    assert small['crop'] < voc['crop'] < big['crop'] and big == dict(long_side=(1792, 3072), crop=1792)
    for a in (small, big):
        assert all(v % 8 == 0 for v in (*a['long_side'], a['crop'])) and a['long_side'][0] <= a['long_side'][1]
    assert augmentation_sizes([(10, 10)]*3 + [(500, 500)]*4)['crop'] == 448   # the median, not the mean
    with pytest.raises(ValueError): augmentation_sizes([])

def test_folder_train_transform_uses_the_data(tiny):
    tr = FolderDataset(tiny, 'train', mean=(0.1, 0.2, 0.3), std=(0.5, 0.5, 0.5))
    t = folder_train_transform(tr)
    crop = augmentation_sizes(tr.sizes)['crop']
    assert FolderDataset(tiny, 'val', transform=t)[0][0].shape == (3, crop, crop)
    norm = [s for s in t.transforms if type(s).__name__ == 'Normalize'][0]
    assert tuple(norm.mean) == (0.1, 0.2, 0.3)
    assert FolderDataset(tiny, 'val', transform=folder_train_transform(tr, crop=16))[0][0].shape == (3, 16, 16)

# ---- the report

def test_check_folder_report(tiny):
    Image.fromarray(np.zeros((9, 12, 3), np.uint8)).save(tiny/'images'/'new.jpg')
    r = check_folder(tiny)
    assert (r['layout'], r['n_images'], r['splits'], r['unlabelled'], r['unlabelled_examples']) == \
        ('folder', 24, {'train': 18, 'val': 6}, 1, ['new'])
    assert r['class_counts']['disc'] == {'all': 12, 'train': 8, 'val': 4}
    assert r['masks'] == {'all': 6, 'train': 0, 'val': 6} and r['split_lists']['val'] == str(tiny/'val.txt')
    lo, med, hi = r['image_size']['long_side']
    assert 40 <= lo <= med <= hi <= 76
    assert any('new' in w for w in r['warnings'])
    json.dumps(r)
    text = format_report(r)
    assert str(tiny) in text and 'disc' in text and '1 warning(s)' in text and 'new' in text

# ---- files for other code

def test_label_png_round_trip(tmp_path):
    lab = np.array([[0, 1, 2, 255], [20, 3, 0, 254]], np.int32)
    p = write_label_png(lab, tmp_path/'sub'/'x.png')
    with Image.open(p) as im:
        assert im.mode == 'P' and (np.array(im) == lab).all()
        assert tuple(im.getpalette()[3:6]) == (128, 0, 0)            # VOC's colour of id 1
    assert sorted(q.name for q in (tmp_path/'sub').iterdir()) == ['x.png']
    with pytest.raises(ValueError): write_label_png(np.zeros((2, 2, 3), np.uint8), tmp_path/'bad.png')
    assert not (tmp_path/'bad.png').exists()

def test_labels_json(tmp_path):
    p = write_labels_json(('disc', 'square'), tmp_path)
    assert json.loads(p.read_text()) == {'labels': ['background', 'disc', 'square'], 'ignore_index': 255}
    with pytest.raises(ValueError, match='implicit'): write_labels_json(('background', 'disc'), tmp_path/'x')

def test_cam_npy_round_trip(tmp_path):
    cam, keys = np.random.default_rng(0).random((2, 5, 7)).astype(np.float32), np.array([0, 4])
    p = write_cam_npy(tmp_path/'a.npy', cam, keys)
    d = np.load(p, allow_pickle=True).item()                         # IRN's reader
    assert set(d) == {'keys', 'high_res'} and (d['keys'] == keys).all() and (d['high_res'] == cam).all()
    c, k = read_cam_npy(p)
    assert c.dtype == np.float32 and (c == cam).all() and (k == keys).all()
    with pytest.raises(ValueError, match='keys'): write_cam_npy(tmp_path/'b.npy', cam, [1])
    assert not (tmp_path/'b.npy').exists()
    np.save(tmp_path/'c.npy', np.zeros(3))
    with pytest.raises(ValueError, match='not a CAM file') as e: read_cam_npy(tmp_path/'c.npy')
    assert str(tmp_path/'c.npy') in str(e.value)

def test_scenes_to_folder(tmp_path):
    from cpn_nbdev.data import PRESETS, scene_arrays
    r = scenes_to_folder(tmp_path/'s', 'quick', n_train=4, n_val=2, cache=False)
    f = read_folder(r)
    a = scene_arrays('val', 2, 2, PRESETS['quick']['cfg'], cache=False, progress=False)
    assert f.classes == PRESETS['quick']['cfg'].class_names and len(f.masks) == 6
    assert (np.stack([f.labels[i] for i in f.splits['val']]) == a['labels']).all()
    assert (np.array(Image.open(f.images['val_00001'])) == a['images'][1]).all()
    assert (read_class_mask(f.masks['val_00001'], f.n_classes) == a['masks'][1]).all()
    assert FolderDataset(r, 'train').has_masks
    with pytest.raises(ValueError, match='unknown preset'): scenes_to_folder(tmp_path/'t', 'nope', 2, 2)
    assert not (tmp_path/'t').exists()

# ---- MSRC-v2: real photographs (the converter on trees the tests write, and on the photos where they are)

import os
from scipy.io import savemat
from conftest import ROOT
from cpn_nbdev.folder import (msrc_to_folder, msrc_files, make_tiny_msrc, MSRC_LAYOUTS, MSRC_OBJECTS,
                              MSRC_CLASSES)

MSRC = Path(os.environ.get('CPN_MSRC', ROOT.parent/'shared'/'msrc-v2'))   # 414 photos beside the repository
TINY_MSRC_LABELS = {'1_1_s': ['cow'], '1_2_s': ['person'], '2_1_s': [], '2_2_s': ['dog'], '3_1_s': ['bicycle', 'car'],
                    '3_2_s': ['bird', 'flower'], '4_1_s': ['cat', 'sign'], '4_2_s': ['aeroplane', 'boat', 'chair']}

def _msrc_folder(tmp_path, layout, **kw):
    return read_folder(msrc_to_folder(make_tiny_msrc(tmp_path/f'src-{layout}', layout), tmp_path/f'out-{layout}',
                                      progress=False, **kw))

@pytest.mark.parametrize('layout', MSRC_LAYOUTS)
def test_msrc_layouts_give_the_protocol(tmp_path, layout):
    f = _msrc_folder(tmp_path, layout)
    assert f.classes == MSRC_OBJECTS and len(f.masks) == 8 and sum(map(len, f.splits.values())) == 8
    assert {i: f.label_names(i) for i in f.ids} == TINY_MSRC_LABELS
    m = read_class_mask(f.masks['1_1_s'], 14)
    assert m[0, 0] == 255 and m[15, 2] == 0 and m[15, 15] == MSRC_OBJECTS.index('cow') + 1   # void, grass, cow
    assert (m[2:5, 33:36] == 255).all() and (m[1:3, 1:4] == 255).all()      # a sheep speck; a segment beyond newlabels
    assert read_class_mask(f.masks['2_2_s'], 14)[10, 10] == 255                # a horse
    assert read_class_mask(f.masks['1_2_s'], 14)[6, 15] == MSRC_OBJECTS.index('person') + 1   # a face

def test_msrc_mat_wins_over_the_colour_mask(tmp_path):
    src = make_tiny_msrc(tmp_path/'src', 'both')                 # its colour mask of 1_1_s paints the cow as a horse
    assert msrc_files(src)['1_1_s'][1].suffix == '.mat'
    assert read_folder(msrc_to_folder(src, tmp_path/'a', progress=False)).label_names('1_1_s') == ['cow']
    (src/'newsegmentations_mats'/'1_1_s_GT.mat').unlink()                      # the colour mask alone
    assert read_folder(msrc_to_folder(src, tmp_path/'b', progress=False)).label_names('1_1_s') == []

def test_msrc_all_classes_and_short_side(tmp_path):
    f = _msrc_folder(tmp_path, 'cleaned', protocol='all', short_side=60)
    assert f.classes == MSRC_CLASSES and f.label_names('2_2_s') == ['grass', 'horse', 'dog']
    assert FolderDataset(f, 'all').sizes[:2] == [(60, 80), (80, 60)]
    assert check_folder(f.root)['n_images'] == 8
    with pytest.raises(ValueError, match="unknown protocol 'coco'"): _msrc_folder(tmp_path, 'both', protocol='coco')

def test_msrc_unknown_colour_names_the_file(tmp_path):
    src = make_tiny_msrc(tmp_path/'src', 'microsoft')
    p = src/'GroundTruth'/'3_1_s_GT.bmp'
    a = np.array(Image.open(p))
    a[4:6, 5] = (1, 2, 3)
    Image.fromarray(a).save(p)
    with pytest.raises(ValueError) as e: msrc_to_folder(src, tmp_path/'out', progress=False)
    assert f"{p}: unknown colour(s) (1, 2, 3) on 2 pixel(s)" in str(e.value)
    assert not _left_over(tmp_path, 'out')

@pytest.mark.parametrize('content, message', [
    (b'MATLAB 5.0 MAT-file, not really', 'cannot read MATLAB file'),
    (dict(newseg=np.ones((30, 40), np.uint8)), 'no newlabels in it'),
    (dict(newlabels=[[2]]), 'no newseg in it'),
    (dict(newseg=np.ones((30, 40), np.uint8), newlabels=[[24]]), 'newlabels holds class ids [24] out of range'),
    (dict(newseg=np.ones((30, 40)) - 2, newlabels=[[2]]), 'newseg must hold whole numbers'),
    (dict(newseg=np.ones((3, 4), np.uint8), newlabels=[[2]]), 'mask size (3, 4) (H, W) differs from its photo')])
def test_msrc_corrupt_or_wrong_mat_names_the_file(tmp_path, content, message):
    src = make_tiny_msrc(tmp_path/'src', 'cleaned')
    p = src/'newsegmentations_mats'/'4_2_s_GT.mat'
    if isinstance(content, bytes): p.write_bytes(content)
    else: savemat(p, content)
    with pytest.raises(ValueError) as e: msrc_to_folder(src, tmp_path/'out', progress=False)
    assert f"{p}: {message}" in str(e.value)
    assert not _left_over(tmp_path, 'out')

def test_msrc_photo_without_mask_and_mask_without_photo(tmp_path):
    src = make_tiny_msrc(tmp_path/'src', 'both')
    (src/'GroundTruth'/'2_1_s_GT.bmp').unlink()
    assert msrc_files(src)['2_1_s'][1].suffix == '.mat'                        # one kind of mask is enough
    (src/'newsegmentations_mats'/'2_1_s_GT.mat').unlink()
    with pytest.raises(FileNotFoundError, match=f"{src/'Images'/'2_1_s.bmp'}: photo has no mask"): msrc_files(src)
    (src/'Images'/'2_1_s.bmp').unlink()
    (src/'Images'/'3_2_s.bmp').unlink()
    with pytest.raises(FileNotFoundError) as e: msrc_to_folder(src, tmp_path/'out', progress=False)
    assert f"{src/'newsegmentations_mats'/'3_2_s_GT.mat'}: mask has no photo" in str(e.value)
    assert not _left_over(tmp_path, 'out')

def test_msrc_real_photos(tmp_path):
    "The protocol's counts on the photos beside the repository: 343 with an object class and 71 of scenery only."
    if not (MSRC/'Images').is_dir(): pytest.skip(f"no MSRC-v2 photos at {MSRC} (set CPN_MSRC)")
    n = len(list((MSRC/'Images').iterdir()))
    f = read_folder(msrc_to_folder(MSRC, tmp_path/'msrc', short_side=80, progress=False))
    with_object = sum(bool(f.labels[i].any()) for i in f.ids)
    assert len(f.ids) == len(f.masks) == n and f.classes == MSRC_OBJECTS
    if n == 414: assert (with_object, n - with_object) == (343, 71)
    assert all(set(np.unique(read_class_mask(f.masks[i], 14))) <= {0, 255, *(np.flatnonzero(f.labels[i]) + 1)}
               for i in f.ids[:40])                                             # a mask holds only its labels
