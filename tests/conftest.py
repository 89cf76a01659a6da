import os, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
os.environ.setdefault('NO_MKDOCS_2_WARNING', '1')
# MSRC-v2's photos beside the repository, where the developers' machines keep them: the chapters that use real photos
# (2b, 10b) run their cells on them; elsewhere those cells skip
MSRC = ROOT.parent/'shared'/'msrc-v2'
if (MSRC/'Images').is_dir(): os.environ.setdefault('CPN_MSRC', str(MSRC))

def notebooks():
    "Every chapter notebook, in reading order (what `nbdev_test` runs)."
    return sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

@pytest.fixture(scope='session')
def root(): return ROOT

@pytest.fixture(scope='session')
def site(tmp_path_factory):
    """The documentation site, built once per session by tools/build_docs.py into a temporary folder (so that runs
    side by side never share one site/). CPN_TEST_SITE=<folder> reuses a site already built there instead."""
    import subprocess
    if os.environ.get('CPN_TEST_SITE'): return Path(os.environ['CPN_TEST_SITE']).resolve()
    out = tmp_path_factory.mktemp('site')
    r = subprocess.run([sys.executable, ROOT/'tools'/'build_docs.py', '--out', out], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:] + r.stdout[-2000:]
    return out
