"""The `show_doc(...)` outputs stored in the notebooks, checked against what nbdev's `show_doc` renders now, and
refreshed in place without executing the notebooks.

Nothing is executed but the show_doc calls: each object is imported from `cpn_nbdev` (the module the notebook
exports to, else wherever `_modidx.py` puts it) and rendered again by `nbdev.showdoc.show_doc`; its markdown is
compared, line by line with whitespace normalised, with the cell's stored `text/markdown`. Only the line number of
the `[source](...#L<n>)` link is ignored: it moves with any edit above the object. nbdev looks that line up under the
object's full name (`cpn_nbdev.backbone.build_backbone`), which its table of definitions never holds, so an object
imported from the package gets `#LNone` (one defined in the notebook's own kernel gets its line). A stored `#LNone`
counts as stale, and the refreshed output carries the line of the definition in the package file
(`build_docs.source_lines`; the link is left out where none is known). `tests/test_show_doc.py` fails on a stale
output;

    .venv/bin/python tools/show_docs.py [--refresh] [NOTEBOOK ...]      (default: every notebook in nbs/)

lists the stale ones, and with `--refresh` rewrites their stored markdown (then run `nbdev_clean`)."""
import ast, builtins, difflib, importlib, json, os, re, sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = 'cpn_nbdev'

def _src(cell) -> str: return ''.join(cell['source'])

def _calls(src: str) -> list | None:
    "The `show_doc(...)` calls that make up a cell (its `#|` directives and comments aside), else None."
    try: body = ast.parse(src).body
    except SyntaxError: return None  # IPython magics: not a show_doc cell
    def is_call(s): return isinstance(s, ast.Expr) and isinstance(s.value, ast.Call) \
        and isinstance(s.value.func, ast.Name) and s.value.func.id == 'show_doc'
    return [s.value for s in body] if body and all(is_call(s) for s in body) else None

def _default_exp(cells) -> str | None:
    for c in cells:
        m = re.search(r'^#\|\s*default_exp\s+(\S+)', _src(c), re.M) if c['cell_type'] == 'code' else None
        if m: return m.group(1)
    return None

def show_doc_cells(path: Path) -> list[dict]:
    "Each show_doc call of the notebook at `path`: cell index and id, the call's source, its object, stored markdown."
    cells = json.loads(Path(path).read_text())['cells']
    out = []
    for i, c in enumerate(cells):
        calls = _calls(_src(c)) if c['cell_type'] == 'code' else None
        if not calls: continue
        mds = [''.join(o['data']['text/markdown']) for o in c.get('outputs', [])
               if 'text/markdown' in o.get('data', {})]
        # Jupyter displays a cell's last expression only: the stored outputs belong to the last calls
        mds = [None] * (len(calls) - len(mds)) + mds
        for call, md in zip(calls, mds):
            sym = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == 'sym'), None)
            out.append(dict(cell=i, id=c.get('id', '?'), call=ast.unparse(call), tree=call,
                            obj=ast.unparse(sym) if sym is not None else '?', stored=md))
    return out

def _symbols() -> dict:
    "Top-level name -> module, for every symbol `_modidx.py` lists."
    syms = importlib.import_module(f'{PKG}._modidx').d['syms']
    names = {(qual[len(mod) + 1:], mod) for mod, entries in syms.items() for qual in entries}
    return {name: mod for name, mod in names if '.' not in name}

def _namespace(tree: ast.AST, module: str | None) -> dict:
    "Values of the names `tree` uses: from the notebook's module, else the module `_modidx.py` names, else builtins."
    from nbdev.showdoc import show_doc
    mod = vars(importlib.import_module(f'{PKG}.{module}')) if module else {}
    ns, where = {'show_doc': show_doc}, None
    for n in {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - set(ns):
        if n in mod: ns[n] = mod[n]
        elif n in (where := where or _symbols()): ns[n] = getattr(importlib.import_module(where[n]), n)
        elif hasattr(builtins, n): ns[n] = getattr(builtins, n)
        else: raise NameError(f"`{n}` is neither in {PKG}.{module} nor in {PKG}/_modidx.py")
    return ns

@contextmanager
def _at_root():
    "nbdev reads settings.ini from the working directory up (its renderer setting, the source links)."
    cwd = os.getcwd()
    os.chdir(ROOT)
    try: yield
    finally: os.chdir(cwd)

def rendered(tree: ast.Call, module: str | None):
    "What the show_doc call `tree` returns now (a renderer with `_repr_markdown_`, or None)."
    with _at_root(): return eval(compile(ast.Expression(tree), '<show_doc>', 'eval'), _namespace(tree, module))

def render(tree: ast.Call, module: str | None) -> str:
    "What the show_doc call `tree` renders now, as markdown (its `[source]` link on the definition's line)."
    r = rendered(tree, module)
    return with_source_line(r._repr_markdown_(), r.fn) if r is not None else ''

_VOLATILE = [(re.compile(r'(\[source\]\([^)\s#]*)#L\w*\)'), r'\1)'),  # the source link's line number
             (re.compile(r' at 0x[0-9a-fA-F]+'), ' at 0x...')]          # reprs of default values with an address

def normalise(md: str) -> list[str]:
    for rx, to in _VOLATILE: md = rx.sub(to, md)
    return [' '.join(line.split()) for line in md.splitlines() if line.strip()]

_SOURCE_LINK = re.compile(r'\[source\]\((https?://[^)\s#]+/blob/[^/)\s]+/([^)\s#]+\.py))#L(\w*)\)(\{[^}\n]*\})?[ \t]*\n+'
                          r'(?=#+[ \t]+([^\s`]+))')

def with_source_line(md: str, fn: str | None = None) -> str:
    """show_doc's markdown `md` with its `[source]` link on the definition's line, never `#LNone` (left out if unknown).
    The object is looked up by its full name `fn` (`cpn_nbdev.losses.LossConfig.at`), else by the heading."""
    sys.path.insert(0, str(ROOT/'tools'))
    from build_docs import definitions
    def sub(m):
        url, py, line, attrs, name = m.groups()
        defs, parts = definitions(py, ROOT), (fn or '').split('.')
        keys = ['.'.join(parts[-2:]), parts[-1]] if fn else []
        n = next((defs[k] for k in keys + [name.replace('\\', '')] if k in defs), None)
        n = n or (line if line.isdigit() else None)
        return f'[source]({url}#L{n}){attrs or ""}\n\n' if n else ''
    return _SOURCE_LINK.sub(sub, md)

def stale_show_docs(path: Path, refresh: bool = False) -> list[str]:
    "A message for each show_doc output of notebook `path` that is missing or not what show_doc renders now."
    path = Path(path)
    module = _default_exp(json.loads(path.read_text())['cells'])
    bad, fixes = [], []
    for s in show_doc_cells(path):
        where = f"{path.name}, cell {s['cell']} (id {s['id']}), `{s['call']}` documenting {s['obj']}"
        try: now = rendered(s['tree'], module)
        except Exception as e:
            bad.append(f"{where}: cannot render it now ({type(e).__name__}: {e})")
            continue
        md = now._repr_markdown_() if now is not None else ''
        if s['stored'] is None:
            bad.append(f"{where}: no stored text/markdown output (a cell displays only its last expression)")
        elif normalise(s['stored']) != normalise(md):
            diff = difflib.unified_diff(normalise(s['stored']), normalise(md), 'stored output', 'show_doc now', n=1,
                                        lineterm='')
            bad.append(f"{where}: the stored output is stale\n" + '\n'.join(diff))
        elif '#LNone)' in s['stored']:
            bad.append(f"{where}: its [source] link has no line (#LNone)")
        else: continue
        fixes.append((s['cell'], s['stored'], now))
    if refresh and fixes: _rewrite(path, fixes)
    return bad

def _output(r) -> dict:
    "The stored output of a show_doc cell, as Jupyter writes it."
    data = {'text/markdown': with_source_line(r._repr_markdown_(), r.fn).splitlines(keepends=True),
            'text/plain': repr(r).splitlines(keepends=True)}
    return dict(data=data, execution_count=None, metadata={}, output_type='execute_result')

def _rewrite(path: Path, fixes: list):
    "Store each (cell, old markdown or None, renderer) in the notebook at `path`, in nbdev's JSON layout."
    nb = json.loads(path.read_text())
    for cell, old, r in fixes:
        outs = nb['cells'][cell]['outputs']
        hit = [i for i, o in enumerate(outs) if ''.join(o.get('data', {}).get('text/markdown', [])) == old]
        if old is not None and hit: outs[hit[0]] = _output(r)
        else: outs.append(_output(r))
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')

def notebooks() -> list:
    "Every chapter notebook, in reading order."
    return sorted(p for p in (ROOT/'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))

if __name__ == '__main__':
    args = sys.argv[1:]
    refresh = '--refresh' in args
    paths = [Path(a) for a in args if a != '--refresh'] or notebooks()
    for p in paths:
        for msg in stale_show_docs(p, refresh): print(msg.splitlines()[0])
