"""The package as users install it (issue 17 item 6): the built wheel in a fresh virtual environment outside the
checkout, with only its declared requirements (plus animal-mnist with --no-deps, as the README says), answers every
console script's `--help`, imports every module, runs `cpn-demo --quick` to its report, stops `cpn-pipeline` at once
with the install command of the CRF extra it lacks, converts a small MSRC-v2 tree (both kinds of mask) with `cpn-data
msrc`, and then (the extra added) runs the README's own-data commands on a folder the package writes, from `cpn-data
check` to the pipeline's DeepLab and export/.

It downloads torch's CUDA build (about 6 GB, from pip's cache when there) and takes minutes, so it runs on purpose:

    CPN_WHEEL_TEST=1 .venv/bin/python -m pytest tests/test_wheel.py -q     (or: make wheel-test)"""
import os, subprocess, sys, time
from configparser import ConfigParser
from pathlib import Path
import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(os.environ.get('CPN_WHEEL_TEST') != '1', reason='set CPN_WHEEL_TEST=1 (minutes, 6 GB)')

def _run(args, **kw):
    p = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{args[:3]} failed:\n{p.stdout[-2000:]}\n{p.stderr[-3000:]}"
    return p

@pytest.fixture(scope='module')
def env(tmp_path_factory):
    "A fresh venv holding the built wheel, its declared requirements and animal-mnist (no deps); (bin, work dir)."
    tmp = tmp_path_factory.mktemp('wheel')
    _run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '--no-build-isolation', '-w', tmp/'dist', ROOT], cwd=tmp)
    _run([sys.executable, '-m', 'venv', tmp/'venv'])
    pip = [tmp/'venv'/'bin'/'python', '-m', 'pip', '--disable-pip-version-check', 'install', '-q']
    _run(pip + [next((tmp/'dist').glob('cpn_nbdev-*.whl'))], cwd=tmp)
    _run(pip + ['--no-deps', 'animal-mnist==0.4'], cwd=tmp)
    (tmp/'work').mkdir()
    return tmp/'venv'/'bin', tmp/'work'

def _scripts() -> list:
    cfg = ConfigParser(delimiters=['='])
    cfg.read(ROOT/'settings.ini')
    return [s.split('=')[0].strip() for s in cfg['DEFAULT']['console_scripts'].split('\n') if s.strip()]

def test_console_scripts_answer_help(env):
    bin_, work = env
    for name in _scripts(): assert 'usage' in _run([bin_/name, '--help'], cwd=work).stdout, name

def test_every_module_imports_outside_the_checkout(env):
    bin_, work = env
    mods = sorted(p.stem for p in (ROOT/'cpn_nbdev').glob('*.py') if not p.stem.startswith('_'))
    code = f"import importlib, cpn_nbdev; [importlib.import_module('cpn_nbdev.' + m) for m in {mods}]; print(cpn_nbdev.__file__)"
    out = _run([bin_/'python', '-c', code], cwd=work).stdout
    assert str(ROOT) not in out, f"imported from the checkout: {out}"

def test_demo_runs_to_its_report(env):
    bin_, work = env
    envvars = {**os.environ, 'CPN_NBDEV_CACHE': str(work/'cache')}
    t0 = time.time()
    _run([bin_/'cpn-demo', '--quick', '--out', work/'demo'], cwd=work, env=envvars)
    print(f"cpn-demo --quick from the wheel: {time.time() - t0:.0f} s")
    assert (work/'demo'/'report.md').is_file() and (work/'demo'/'report.html').is_file()

def test_pipeline_names_the_missing_crf_extra(env):
    bin_, work = env
    p = subprocess.run([str(bin_/'cpn-pipeline'), '--preset', 'quick', '--out', str(work/'p')], capture_output=True,
                       text=True, cwd=work)
    assert p.returncode != 0 and 'pip install pydensecrf2' in p.stderr, p.stderr[-2000:]
    assert not (work/'p').exists()

def test_msrc_from_the_wheel(env):
    """`cpn-data msrc` of the installed package on a small MSRC-v2 tree that the package writes (photos as .bmp,
    Microsoft's colour masks and the cleaned .mat masks): a dataset folder with the VOC-like protocol's 14 classes and
    a split, that `cpn-data check` reads; `--protocol all` keeps the 23 classes."""
    bin_, work = env
    run = lambda *a: _run([bin_/a[0], *a[1:]], cwd=work).stdout
    run('python', '-c', "from cpn_nbdev.folder import make_tiny_msrc; make_tiny_msrc('msrc-src', 'both')")
    out = run('cpn-data', 'msrc', 'msrc-src', 'msrc', '--short_side', '40')
    assert '14 classes, 8 labelled images (train 7, val 1)' in out, out
    assert '14 classes, 8 labelled images (train 7, val 1)' in run('cpn-data', 'check', 'msrc')
    assert len(list((work/'msrc'/'masks').glob('*.png'))) == 8
    assert '23 classes, 8 labelled images' in run('cpn-data', 'msrc', 'msrc-src', 'msrc-all', '--protocol', 'all')
    p = subprocess.run([str(bin_/'cpn-data'), 'msrc', 'msrc-src', 'msrc'], capture_output=True, text=True, cwd=work)
    assert p.returncode == 1 and 'exists; pass --overwrite' in p.stderr, p.stderr[-2000:]

def test_own_folder_from_the_wheel(env):
    """The README's "Your own images" commands on a folder the installed package writes: check, train, CAMs with IRN
    `.npy` files and pseudo-label PNGs, and (after adding the CRF extra: this test runs last) the whole pipeline."""
    bin_, work = env
    envvars = {**os.environ, 'CPN_NBDEV_CACHE': str(work/'cache')}
    run = lambda *a: _run([bin_/a[0], *a[1:]], cwd=work, env=envvars).stdout
    run('python', '-c', "from cpn_nbdev.folder import make_tiny_folder; make_tiny_folder('mine')")
    assert '3 classes, 24 labelled images (train 18, val 6)' in run('cpn-data', 'check', 'mine')
    run('cpn-train', '--data', 'mine', '--out', 'runs/mine', '--set', 'batch_size=6', 'epochs=1')
    run('cpn-infer', 'runs/mine/model.pth', 'runs/mine/cams', '--split', 'train', '--irn', 'runs/mine/npy',
        '--labels', 'runs/mine/labels')
    for sub, ext in (('npy', 'npy'), ('labels', 'png')):
        assert len(list((work/'runs'/'mine'/sub).glob(f'*.{ext}'))) == 18, sub
    run('python', '-m', 'pip', '--disable-pip-version-check', 'install', '-q', 'pydensecrf2')
    run('cpn-pipeline', '--data', 'mine', '--out', 'runs/p', '--set', 'rw_bg=0.3', 'cpn.batch_size=6', 'cpn.epochs=1',
        'aff.epochs=1', 'aff.batch_size=6', 'seg.epochs=1', 'seg.batch_size=6', 'seg.head_width=16')
    p = work/'runs'/'p'
    assert (p/'deeplab'/'model.pth').is_file() and 'DeepLab on RW labels + CRF' in (p/'report.md').read_text()
    assert len(list((p/'export'/'pseudo_labels').glob('*.png'))) == 18 and (p/'export'/'labels.json').is_file()
