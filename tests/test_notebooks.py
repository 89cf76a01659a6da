"Every notebook runs top to bottom with its inline tests, exactly as `nbdev_test` runs it (same function, same flags)."
import pytest
from nbdev.config import get_config
import nbdev.test as nbt
from conftest import ROOT, notebooks

@pytest.mark.parametrize('nb', notebooks(), ids=lambda p: p.name)
def test_notebook(nb, monkeypatch):
    monkeypatch.chdir(ROOT)
    skip = get_config().tst_flags.split()
    ok, secs = nbt.test_nb(nb.absolute(), skip_flags=skip, basepath=ROOT)
    assert ok, f"{nb.name} failed (its traceback is printed above)"

def test_there_are_chapters():
    names = [p.name for p in notebooks()]
    assert 'index.ipynb' in names and len(names) >= 4, names
