"""Every code cell that prints or draws has its output stored in the notebook: a learner reads the page, and a
figure or a number the prose talks about must be there without running anything.

"Prints or draws" is decided from the source alone, and generously (a cell it flags by mistake opts out):

* it calls `print(`, `display(`, `.show(` (`plt.show()`, `fig.show()`) or a `show_…(` function (`show_scenes`,
  `show_doc`, ...) outside the body of a function it defines (or calls a function it defines that does), or
* it runs a shell command (`!ls`) or a timing magic (`%time`, `%%timeit`), or
* its last statement is a bare expression (Jupyter displays its value) that is not a `test_…(` call, nor a call
  that returns None (`plt.close(fig)`, `shutil.rmtree(tmp)`: `QUIET_CALLS`), and does not end with `;`.

Cells that are `#| hide`, `#| export`/`#| exporti` (definitions), or `#| eval: false` (never run) are not asked.
A cell that prints but must not keep its output says why on a directive line of its own:

    #| no_output: trains for 6 minutes; its numbers are in the prose above, with the command that made them

nbdev_export, nbdev_test, nbdev_clean and tools/build_docs.py all tolerate the directive (the docs build drops
`#|` lines from the page)."""
import ast, json, re
import pytest
from conftest import notebooks

SKIP = re.compile(r'^#\|\s*(hide|export|exporti)\s*$|^#\|\s*eval\s*:\s*false\b', re.M)
OPT_OUT = re.compile(r'^#\|\s*no_output\s*:\s*(\S.*)$', re.M)
OPT_OUT_EMPTY = re.compile(r'^#\|\s*no_output\s*:?\s*$', re.M)
DISPLAY_NAMES = {'print', 'display', 'pprint'}
# calls that return None, so that a cell ending with one shows nothing (`plt.close(fig)`, `shutil.rmtree(tmp)`)
QUIET_CALLS = {'close', 'rmtree', 'unlink', 'mkdir', 'tight_layout', 'savefig', 'set_num_threads', 'sleep', 'seed',
               'append', 'extend', 'update', 'backward', 'zero_grad'}
MAGIC = re.compile(r'^\s*(!|%%?(time|timeit|prun|sx|system|sh|bash)\b)', re.M)

def _python(src: str) -> str:
    "The cell's source with IPython's `!` and `%` lines blanked, so that `ast` can parse the rest."
    return '\n'.join('' if re.match(r'\s*[!%]', l) else l for l in src.splitlines())

def _displays(call: ast.Call) -> bool:
    f = call.func
    name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ''
    return name in DISPLAY_NAMES or name == 'show' or name.startswith('show_')

def _top_level_calls(tree: ast.Module) -> list:
    "Calls made when the cell runs: everything outside the bodies of the functions and classes it defines."
    out, todo = [], list(tree.body)
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo += getattr(n, 'decorator_list', [])
            continue
        if isinstance(n, ast.Call): out.append(n)
        todo += list(ast.iter_child_nodes(n))
    return out

def _bare_last_expression(tree: ast.Module, src: str) -> bool:
    if not tree.body or not isinstance(tree.body[-1], ast.Expr): return False
    v = tree.body[-1].value
    name = getattr(v.func, 'id', getattr(v.func, 'attr', '')) if isinstance(v, ast.Call) else ''
    if name.startswith('test_') or name in QUIET_CALLS: return False
    code = [l for l in src.splitlines() if l.strip() and not l.lstrip().startswith('#')]
    return not (code and code[-1].split('#')[0].rstrip().endswith(';'))

def prints_or_draws(src: str) -> str | None:
    "Why a cell with this source shows something when it runs (None: it shows nothing)."
    if MAGIC.search(src): return 'a shell command or a timing magic'
    try: tree = ast.parse(_python(src))
    except SyntaxError: return None
    calls = _top_level_calls(tree)
    shown = [c for c in calls if _displays(c)]
    if shown: return f'it calls {ast.unparse(shown[-1].func)}(...)'
    printing = {d.name for d in ast.walk(tree) if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef))
                and any(isinstance(c, ast.Call) and _displays(c) for c in ast.walk(d))}
    used = [c for c in calls if isinstance(c.func, ast.Name) and c.func.id in printing]
    if used: return f'it calls {used[-1].func.id}(...), which prints'
    if _bare_last_expression(tree, src): return 'its last line is a bare expression'
    return None

def _shown(o: dict) -> bool:
    "An output that shows something (not a blank stream nor an all-blank mime bundle)."
    if o.get('output_type') == 'stream': return bool(''.join(o.get('text', '')).strip())
    data = o.get('data')
    if data is None: return True
    return any(not k.startswith('text/') or ''.join(v).strip() for k, v in data.items())

def missing_outputs(path) -> list:
    "`'<notebook> cell <i> (id <id>): <why>; first line: <line>'` for each cell that shows something but stores nothing."
    bad = []
    for i, c in enumerate(json.loads(open(path).read())['cells']):
        src = ''.join(c['source'])
        if c['cell_type'] != 'code' or SKIP.search(src) or OPT_OUT.search(src): continue
        why = prints_or_draws(src)
        if why and not any(_shown(o) for o in c.get('outputs', [])):
            first = next((l for l in src.splitlines() if not l.startswith('#|')), '')
            bad.append(f"{path.name} cell {i} (id {c.get('id')}): {why}; first line: {first[:70]!r}")
    return bad

def bare_opt_outs(path) -> list:
    "`#| no_output` lines that give no reason."
    cells = json.loads(open(path).read())['cells']
    return [f"{path.name} cell {i}" for i, c in enumerate(cells)
            if c['cell_type'] == 'code' and OPT_OUT_EMPTY.search(''.join(c['source']))]

@pytest.mark.parametrize('nb', notebooks(), ids=lambda p: p.name)
def test_printing_cells_store_their_output(nb):
    bad = missing_outputs(nb)
    fix = (f"execute it (.venv/bin/jupyter nbconvert --to notebook --execute --inplace nbs/{nb.name}, then "
           "tools/shrink_figures.py and nbdev_clean), or opt the cell out with a line `#| no_output: <reason>`")
    assert not bad, f"{len(bad)} cell(s) of {nb.name} print or draw but store no output; {fix}:\n" + '\n'.join(bad)

@pytest.mark.parametrize('nb', notebooks(), ids=lambda p: p.name)
def test_opt_outs_give_a_reason(nb):
    assert not bare_opt_outs(nb), f"`#| no_output: <reason>` needs its reason: {bare_opt_outs(nb)}"

# --- the detector itself -------------------------------------------------------------------------------------------

@pytest.mark.parametrize('src', [
    "print(1)", "fig = show_scenes(scenes[:8], ncols=4); plt.show()", "x = 1\nx", "display(img)",
    "for i in range(3):\n    print(i)", "!ls", "%time f()", "%%time\nx = f()", "show_doc(f)", "fig.show()",
    "def f():\n    print(1)\nf()", "1 + 1  # a comment", "pd.DataFrame(rows)",
])
def test_detects_printing_cells(src): assert prints_or_draws(src), src

@pytest.mark.parametrize('src', [
    "x = 1", "test_eq(f(), 1)", "import numpy as np", "def f():\n    print(1)", "f(1);", "assert x == 1",
    "for i in range(3):\n    y = i", "from x import show_scenes", "ax.plot(x);  # no repr", "", "plt.close(fig)",
    "class A:\n    def show(self): print(self)",
])
def test_leaves_quiet_cells_alone(src): assert prints_or_draws(src) is None, src

def _nb(tmp_path, *cells) -> 'Path':
    p = tmp_path/'x.ipynb'
    p.write_text(json.dumps(dict(cells=[dict(cell_type='code', id=f'c{i}', metadata={}, source=s, outputs=o,
                                             execution_count=None) for i, (s, o) in enumerate(cells)],
                                 metadata={}, nbformat=4, nbformat_minor=5)))
    return p

def test_the_check_fails_on_a_removed_output(tmp_path):
    "A real chapter passes; the same chapter with one printing cell's output removed fails, and names that cell."
    src = next(p for p in notebooks() if p.name.startswith('01_'))
    nb = json.loads(src.read_text())
    i = next(i for i, c in enumerate(nb['cells']) if c['cell_type'] == 'code' and c.get('outputs')
             and prints_or_draws(''.join(c['source'])) and not SKIP.search(''.join(c['source'])))
    nb['cells'][i]['outputs'] = []
    broken = tmp_path/src.name
    broken.write_text(json.dumps(nb))
    bad = missing_outputs(broken)
    assert len(bad) == len(missing_outputs(src)) + 1 and any(f"cell {i} " in b for b in bad), bad

def test_blank_outputs_and_opt_outs(tmp_path):
    blank = [dict(output_type='stream', name='stdout', text='\n')]
    shown = [dict(output_type='stream', name='stdout', text='1\n')]
    p = _nb(tmp_path, ('print(1)', blank), ('print(1)', shown), ('#| hide\nprint(1)', []),
            ('#| no_output: trains for minutes\nprint(1)', []), ('#| export\ndef f(): print(1)', []),
            ('#| no_output\nprint(1)', []), ('#| eval: false\nprint(1)', []))
    assert [b.split(' (')[0] for b in missing_outputs(p)] == ['x.ipynb cell 0', 'x.ipynb cell 5']
    assert bare_opt_outs(p) == ['x.ipynb cell 5']
