"""Every module the package imports at run time, at the top of a file or inside a function, comes from the standard
library or from a distribution declared in settings.ini's `requirements`, or from an optional extra that the package
checks for before it needs it (pydensecrf2: `require_crf`; animal-mnist: installed with --no-deps, its data read and
its absence explained by `animal_mnist_dir`). A pip-installed wheel then has what it runs (issue 17 item 6: the demo
once died writing its report because `markdown` was declared nowhere)."""
import ast, re, sys
from importlib.metadata import packages_distributions
from configparser import ConfigParser
from conftest import ROOT

OPTIONAL = {'pydensecrf2': 'require_crf', 'animal-mnist': 'animal_mnist_dir'}   # distribution -> the check that guards it

def _norm(name: str) -> str: return re.sub(r'[-_.]+', '-', name).lower()

def declared() -> set:
    cfg = ConfigParser(delimiters=['='])
    cfg.read(ROOT/'settings.ini')
    return {_norm(re.split(r'[<>=!;\[ ]', r)[0]) for r in cfg['DEFAULT']['requirements'].split()}

def imported_modules() -> dict:
    "Top-level module name -> the files that import it, over cpn_nbdev/*.py (relative imports left out)."
    out = {}
    for p in sorted((ROOT/'cpn_nbdev').glob('*.py')):
        for n in ast.walk(ast.parse(p.read_text())):
            names = [a.name for a in n.names] if isinstance(n, ast.Import) else \
                    [n.module] if isinstance(n, ast.ImportFrom) and n.module and not n.level else []
            for m in names: out.setdefault(m.split('.')[0], set()).add(p.name)
    return out

def test_every_import_is_declared():
    dists, want = packages_distributions(), declared()
    bad = []
    for mod, files in sorted(imported_modules().items()):
        if mod in sys.stdlib_module_names or mod in ('cpn_nbdev', '__future__'): continue
        ds = {_norm(d) for d in dists.get(mod, [])}
        if not ds: bad.append(f"{mod} (imported by {sorted(files)}) belongs to no installed distribution")
        elif not ds & (want | set(OPTIONAL)): bad.append(f"{mod} (imported by {sorted(files)}) comes from {sorted(ds)}, not declared")
    if bad: raise AssertionError('\n'.join(bad))

def test_optional_extras_are_checked_before_use():
    src = {p.name: p.read_text() for p in (ROOT/'cpn_nbdev').glob('*.py')}
    for dist, check in OPTIONAL.items():
        assert any(f'def {check}(' in s for s in src.values()), f"no {check}() guards {dist}"
    assert 'require_crf()' in src['pipeline.py'], "run_pipeline must check for the CRF before training"

def test_the_check_sees_an_undeclared_import(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], 'declared', lambda: {'torch'})
    try: test_every_import_is_declared()
    except AssertionError as e: assert 'numpy' in str(e)
    else: raise AssertionError('an undeclared numpy went unnoticed')
