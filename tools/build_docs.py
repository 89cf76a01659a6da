"""Build the documentation site offline from the notebooks, without Quarto.

nbdev's own `proc_nbs` prepares the notebooks exactly as `nbdev_docs` would (show_doc cells rendered, `#| hide`
cells dropped, the title turned into front matter), then mkdocs-material with the mkdocs-jupyter plugin renders
them. The navigation is read from `nbs/sidebar.yml`, the same sidebar the Quarto site uses.

The site loads nothing from outside: LaTeX math (`$...$`, `$$...$$`, `\\tag{n}`) is typeset in the browser by a
local MathJax 3 (installed from npm by tools/setup-env.sh and copied into the site), the theme uses system fonts,
and the CDN scripts nbconvert would add (MathJax 2, mermaid, the jupyter-widgets embedder) are stripped.
Widgets cannot run in a static page: an output that is an ipywidget must also carry a static `image/png` of the
widget's default state, which the page shows instead (tqdm progress bars are dropped); otherwise the build fails.

    python tools/build_docs.py            # from the committed notebooks (their stored outputs are the figures)
    python tools/build_docs.py --execute  # re-execute every notebook first (into a copy, sources untouched)

This file is also the site's mkdocs hook module (`on_page_content` below: strips CDN scripts, fixes the page ToC).
"""
import argparse, html as htmllib, json, os, posixpath, re, shutil, subprocess, sys, tempfile
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[1]
WIDGET = 'application/vnd.jupyter.widget-view+json'
WIDGET_STATE = 'application/vnd.jupyter.widget-state+json'
# MathJax 3 and the iframe-worker shim (search from file://), installed from npm by tools/setup-env.sh
WEB = Path(sys.prefix)/'share'/'cpn-docs'/'node_modules'
ASSETS = {'assets/javascripts/mathjax/tex-svg-full.js': 'mathjax/es5/tex-svg-full.js',
          'assets/javascripts/iframe-worker/shim.js': 'iframe-worker/shim/index.js'}

# MathJax reads `$...$` and `$$...$$` as nbconvert leaves them in notebook markdown, and `\(...\)` / `\[...\]`
# as pymdownx.arithmatex writes them for plain markdown pages; code (pre/code) and outputs are left alone,
# except markdown outputs, and so is the hidden copy of each cell's source used by the copy button.
MATHJAX_CONFIG = r"""window.MathJax = {
  tex: {inlineMath: [['$', '$'], ['\\(', '\\)']], displayMath: [['$$', '$$'], ['\\[', '\\]']],
        processEscapes: true, processEnvironments: true, tags: 'ams'},
  options: {ignoreHtmlClass: 'tex2jax_ignore|mathjax_ignore|clipboard-copy-txt|jp-OutputArea-output',
            processHtmlClass: 'tex2jax_process|mathjax_process|arithmatex|jp-RenderedMarkdown'},
  svg: {fontCache: 'global'}
};
"""

def nav_from_sidebar(sidebar: Path) -> list:
    "mkdocs `nav` from the Quarto sidebar: entries are notebook names, sections nest."
    def conv(items):
        out = []
        for it in items:
            if isinstance(it, str): out.append(it)
            elif isinstance(it, dict) and 'section' in it: out.append({it['section']: conv(it.get('contents', []))})
            elif isinstance(it, dict) and 'href' in it: out.append({it.get('text', it['href']): it['href']})
        return out
    return conv(yaml.safe_load(sidebar.read_text())['website']['sidebar']['contents'])

def _directives(src: str) -> dict:
    return dict((m.group(1).strip(), m.group(2).strip()) for m in re.finditer(r'^#\|\s*([\w-]+)\s*:?\s*(.*)$', src, re.M))

class WidgetWithoutImage(Exception): pass

def _is_progress_bar(data: dict, state: dict) -> bool:
    "A tqdm notebook progress bar: an HBox holding a FloatProgress (by the stored widget state, else by its text)."
    models = state.get('state', {})
    box = models.get(data[WIDGET].get('model_id'), {})
    if box.get('model_name') == 'HBoxModel':
        kids = [str(k).removeprefix('IPY_MODEL_') for k in box.get('state', {}).get('children', [])]
        if any(models.get(k, {}).get('model_name') == 'FloatProgressModel' for k in kids): return True
    text = ''.join(data.get('text/plain', ''))
    return bool(re.search(r'\d+%\|.*\| *[\d.?]+[kMG]?/[\d.?]+[kMG]? \[', text))

def static_widget_outputs(nb: dict, name: str, cell_index: dict = None) -> dict:
    """Make a notebook's widget outputs static: an output carrying both the widget view and an `image/png` keeps the
    picture (the widget view is dropped); a tqdm progress bar is dropped; any other widget output raises
    `WidgetWithoutImage` naming the notebook and cell. The stored widget state (notebook metadata) is removed."""
    state = nb.get('metadata', {}).pop('widgets', {}).get(WIDGET_STATE, {})
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        outs = []
        for o in c.get('outputs', []):
            data = o.get('data', {})
            if WIDGET in data:
                if 'image/png' in data: data.pop(WIDGET)
                elif _is_progress_bar(data, state): continue
                else:
                    n = (cell_index or {}).get(c.get('id'), i)
                    src = ''.join(c['source']).strip().splitlines()
                    raise WidgetWithoutImage(
                        f"{name}, cell {n} ({src[-1] if src else ''!r}): an ipywidgets output without a static "
                        f"'image/png' in its mime bundle (the library's widgets must carry one: re-run the notebook)")
            outs.append(o)
        if 'outputs' in c: c['outputs'] = outs
    return nb

def _blank(o: dict) -> bool:
    "An output that would show nothing: a whitespace-only stream, or a mime bundle whose entries are all blank text."
    if o.get('output_type') == 'stream': return not ''.join(o.get('text', '')).strip()
    data = o.get('data')
    if data is None: return False   # an error: its traceback shows
    return all(k.startswith('text/') and not ''.join(v).strip() for k, v in data.items())

def tidy_notebook(path: Path, source: Path = None):
    """Front matter → a title and a summary; `echo: false` hides the source; `#|` directive lines are removed;
    widgets made static; outputs that would show nothing are dropped (the page draws an empty box for them)."""
    nb = json.loads(path.read_text())
    index = None
    if source and source.exists():   # cell numbers of the source notebook, for error messages
        index = {c.get('id'): i for i, c in enumerate(json.loads(source.read_text())['cells']) if c.get('id')}
    static_widget_outputs(nb, f"nbs/{path.name}", index)
    cells = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'raw' and src.startswith('---'):
            fm = yaml.safe_load(src.strip().strip('-')) or {}
            md = f"# {fm.get('title', path.stem)}\n\n" + (f"> {fm['description']}\n" if fm.get('description') else '')
            c = dict(cell_type='markdown', metadata={}, source=md)
        elif c['cell_type'] == 'markdown' and 'AUTOGENERATED' in src: continue
        elif c['cell_type'] == 'code':
            d = _directives(src)
            tags = c.setdefault('metadata', {}).setdefault('tags', [])
            if d.get('echo') == 'false': tags.append('remove_input')
            if d.get('output') == 'false': c['outputs'] = []
            c['source'] = re.sub(r'^#\|.*\n?', '', src, flags=re.M)
            c['outputs'] = [o for o in c.get('outputs', []) if not _blank(o)]
            for o in c.get('outputs', []):   # show_doc's `[source](url){target="_blank" ...}`: a Quarto attribute list
                md = o.get('data', {}).get('text/markdown')
                if md: o['data']['text/markdown'] = re.sub(r'(\]\([^)\s]*\))\{[^}\n]*\}', r'\1', ''.join(md))
            if (not c['source'].strip() or 'remove_input' in tags) and not c['outputs']: continue
        cells.append(c)
    nb['cells'] = cells
    path.write_text(json.dumps(nb, indent=1))

# --- mkdocs hook: nbconvert's page fragments reference CDNs; the site must load nothing from outside -------------
_STRIP = [re.compile(p, re.S) for p in (
    r'<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->',                # MathJax 2 from cdnjs
    r'<script type="module">(?:(?!</script>).)*?mermaid(?:(?!</script>).)*</script>',  # mermaid from cdnjs
    r'<script>(?:(?!</script>).)*?addWidgetsRenderer(?:(?!</script>).)*</script>',    # widget embedder from unpkg
    r'<script type="application/vnd\.jupyter\.widget-(?:state|view)\+json">.*?</script>',
    r'<script[^>]*src="[^"]*require(?:\.min)?\.js"[^>]*>\s*</script>')]                # require.js

_HEADING = re.compile(r'<h([1-6])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)

def toc_from_html(html: str):
    "The page's table of contents from the headings nbconvert wrote (their ids are the anchors that exist)."
    from mkdocs.structure.toc import get_toc
    tokens, stack = [], []
    for m in _HEADING.finditer(html):
        level = int(m.group(1))
        text = re.sub(r'<a class="anchor-link".*?</a>', '', m.group(3), flags=re.S)
        name = htmllib.escape(htmllib.unescape(re.sub(r'<[^>]+>', '', text)).strip(), quote=False)
        tok = dict(level=level, id=m.group(2), name=name, html=name, data_toc_label='', children=[])
        while stack and stack[-1]['level'] >= level: stack.pop()
        (stack[-1]['children'] if stack else tokens).append(tok); stack.append(tok)
    return get_toc(tokens)

def on_page_content(html, page, config, files, **kw):
    for rx in _STRIP: html = rx.sub('', html)
    # mkdocs-jupyter's table of contents comes from a markdown copy without inline code, so a heading such as
    # "## `tiny`: a net" gets the anchor #a-net while nbconvert's heading id is tiny-a-net: rebuild it from the HTML
    if page.file.src_uri.endswith('.ipynb'): page.toc = toc_from_html(html)
    return _page_links(html, page, files)

def _page_links(html, page, files):
    "Markdown links between chapters (`[ch. 5](05_cam.ipynb#eq-1)`) go to the chapter's page, not to the raw notebook."
    from mkdocs.utils import get_relative_url
    def sub(m):
        f = files.get_file_from_path(posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), m.group(2))))
        if f is None or not f.is_documentation_page(): return m.group(0)
        return f'{m.group(1)}{get_relative_url(f.url, page.url)}{m.group(3) or ""}{m.group(4)}'
    return re.sub(r'''(<a\s[^>]*?href=")(?![a-z][\w+.-]*:|/|#)([^"#?]+\.ipynb)(#[^"]*)?(")''', sub, html)

def external_refs(site: Path) -> list:
    "Scripts, styles, images or fonts the pages would load from another host (plain links to other sites are fine)."
    rx = re.compile(r'<(?:script|img|iframe|source)\b[^>]*\bsrc=["\']((?:https?:)?//[^"\']+)|'
                    r'<link\b[^>]*\bhref=["\']((?:https?:)?//[^"\']+)|@import\s+url\(["\']?((?:https?:)?//[^)"\']+)')
    return sorted({f"{p.name}: {a or b or c}" for p in site.rglob('*.html') for a, b, c in rx.findall(p.read_text())})

def _web_assets(docs: Path):
    missing = [str(WEB/s) for s in ASSETS.values() if not (WEB/s).exists()]
    if missing: sys.exit(f"build_docs: missing {', '.join(missing)}: run tools/setup-env.sh (it installs them from npm)")
    for dst, src in ASSETS.items():
        (docs/dst).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(WEB/src, docs/dst)
    (docs/'assets/javascripts/mathjax-config.js').write_text(MATHJAX_CONFIG)

def build(execute=False, site_dir=ROOT/'site') -> Path:
    nbs = ROOT/'nbs'
    work = Path(tempfile.mkdtemp(prefix='cpn-docs-'))
    cwd = os.getcwd()
    try:
        # nbdev's proc_nbs caches into <project>/_proc: give it a project of its own (settings.ini + a copy of
        # nbs/) so that builds running side by side do not share one cache
        shutil.copy2(ROOT/'settings.ini', work/'settings.ini')
        src = work/'nbs'; shutil.copytree(nbs, src, symlinks=False, ignore=shutil.ignore_patterns('.ipynb_checkpoints'))
        if execute:
            for nb in sorted(src.glob('*.ipynb')):
                subprocess.run([sys.executable, '-m', 'jupyter', 'nbconvert', '--to', 'notebook', '--execute',
                                '--inplace', str(nb)], check=True, cwd=nbs)
        os.chdir(work)
        from nbdev.serve import proc_nbs
        proc = Path(proc_nbs(str(src), force=True, n_workers=0))
        os.chdir(cwd)
        docs = work/'docs'; shutil.copytree(proc, docs)
        for nb in docs.glob('*.ipynb'):
            try: tidy_notebook(nb, nbs/nb.name)
            except WidgetWithoutImage as e: sys.exit(f"build_docs: {e}")
        _web_assets(docs)
        cfg = dict(site_name='cpn_nbdev', docs_dir=str(docs), site_dir=str(site_dir), use_directory_urls=False,
                   theme=dict(name='material', font=False, features=['navigation.sections', 'navigation.indexes']),
                   nav=nav_from_sidebar(nbs/'sidebar.yml'),
                   plugins=['search', 'offline', {'mkdocs-jupyter': dict(execute=False, include_source=True,
                            no_prompt=True,   # no `In [ ]:` / `Out[0]:` column, as on nbdev's pages
                            remove_tag_config=dict(remove_input_tags=['remove_input']))}],
                   hooks=[str(Path(__file__).resolve())],
                   extra=dict(polyfills=['assets/javascripts/iframe-worker/shim.js']),
                   extra_javascript=['assets/javascripts/mathjax-config.js', 'assets/javascripts/mathjax/tex-svg-full.js'],
                   markdown_extensions=['tables', 'admonition', {'pymdownx.arithmatex': dict(generic=True)}])
        (work/'mkdocs.yml').write_text(yaml.safe_dump(cfg, sort_keys=False))
        subprocess.run([str(Path(sys.executable).parent/'mkdocs'), 'build', '--clean', '-q', '-f', str(work/'mkdocs.yml')],
                       check=True, cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING='1'))
        ext = external_refs(site_dir)
        if ext: sys.exit("build_docs: the site would load from outside:\n  " + '\n  '.join(ext))
        return site_dir
    finally:
        os.chdir(cwd); shutil.rmtree(work, ignore_errors=True)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--execute', action='store_true', help='re-execute the notebooks (in a copy) before rendering')
    ap.add_argument('--out', default=str(ROOT/'site'), help='output folder (default: site/)')
    a = ap.parse_args()
    print('site written to', build(a.execute, Path(a.out).resolve())/'index.html')
