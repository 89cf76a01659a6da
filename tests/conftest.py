import os, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
os.environ.setdefault('NO_MKDOCS_2_WARNING', '1')

def notebooks():
    "Every chapter notebook, in reading order (what `nbdev_test` runs)."
    return sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

@pytest.fixture(scope='session')
def root(): return ROOT
