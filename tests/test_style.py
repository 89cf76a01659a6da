"""The house rules of the exported code (issue 16): no line over 120 characters, one statement a line, no function
over 40 lines, and no module importing a later chapter's. Lines nbdev writes itself (the module docstring, taken
from the notebook's description, and `__all__`) are not counted."""
import ast, re
import pytest
from conftest import ROOT

MODULES = sorted(p for p in (ROOT/'cpn_nbdev').glob('*.py') if p.name not in ('__init__.py', '_modidx.py'))
MAX_LINE, MAX_FUNC = 120, 40
COMPOUND = (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

def chapter(path) -> str:
    "The notebook a module is exported from ('08_train', ...), read from nbdev's header."
    m = re.search(r'File to edit: \.\./nbs/(\w+)\.ipynb', path.read_text())
    assert m, f"{path.name} has no nbdev header"
    return m.group(1)

def _generated(tree) -> set:
    "Line numbers nbdev writes: the module docstring and the `__all__` assignment."
    out = set()
    for node in tree.body:
        is_doc = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
        is_all = isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == '__all__' for t in node.targets)
        if is_doc or is_all: out.update(range(node.lineno, node.end_lineno + 1))
    return out

def problems(path) -> list:
    src = path.read_text()
    tree, skip = ast.parse(src), _generated(ast.parse(src))
    bad = [f"{path.name}:{i}: {len(l)} characters" for i, l in enumerate(src.splitlines(), 1)
           if len(l) > MAX_LINE and i not in skip]
    starts = {}
    for n in ast.walk(tree):
        if isinstance(n, ast.stmt) and not isinstance(n, COMPOUND): starts.setdefault(n.lineno, []).append(n)
    bad += [f"{path.name}:{ln}: {len(s)} statements on one line" for ln, s in sorted(starts.items()) if len(s) > 1]
    bad += [f"{path.name}:{n.lineno}: {n.name} is {n.end_lineno - n.lineno + 1} lines" for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 > MAX_FUNC]
    return bad

@pytest.mark.parametrize('path', MODULES, ids=lambda p: p.name)
def test_house_rules(path):
    bad = problems(path)
    assert not bad, f"{len(bad)} breaks of the house rules in {path.name} (edit {chapter(path)}.ipynb):\n" + '\n'.join(bad)

def _imports(path) -> set:
    "The package modules `path` imports, at the top or inside functions."
    names = set()
    for n in ast.walk(ast.parse(path.read_text())):
        if isinstance(n, ast.ImportFrom) and n.module:
            mod = n.module.split('.')[-1] if n.level or n.module.startswith('cpn_nbdev.') else None
            if mod: names.add(mod)
    return names - {path.stem}

def test_no_module_imports_a_later_chapter():
    order = {p.stem: chapter(p) for p in MODULES}
    bad = [f"{p.stem} ({order[p.stem]}) imports {m} ({order[m]})" for p in MODULES for m in _imports(p)
           if m in order and order[m] > order[p.stem]]
    assert not bad, bad

def test_the_checks_see_a_break(tmp_path):
    f = tmp_path/'x.py'
    f.write_text('"""' + 'd'*200 + '"""\n__all__ = [' + "'a', "*40 + ']\n' + 'x = 1; y = 2\n' + 'z = "' + 'a'*130 + '"\n'
                 + 'def f():\n' + '    pass\n'*41)
    bad = problems(f)
    assert [b.split(': ', 1)[1] for b in bad] == ['136 characters', '2 statements on one line', 'f is 42 lines'], bad
