"""Build the documentation site offline from the notebooks, without Quarto.

nbdev's own `proc_nbs` prepares the notebooks exactly as `nbdev_docs` would (show_doc cells rendered, `#| hide`
cells dropped, the title turned into front matter), then mkdocs-material with the mkdocs-jupyter plugin renders
them. The navigation is read from `nbs/sidebar.yml`, the same sidebar the Quarto site uses.

The site loads nothing from outside: LaTeX math (`$...$`, `$$...$$`, `\\tag{n}`) is typeset in the browser by a
local MathJax 3 (installed from npm by tools/setup-env.sh and copied into the site), the theme uses system fonts,
and the CDN scripts nbconvert would add (MathJax 2, mermaid, the jupyter-widgets embedder) are stripped.
Widgets cannot run in a static page: an output that is an ipywidget must also carry a static `image/png` of the
widget's default state, which the page shows instead, captioned as a static picture with the way to the live widget
(tqdm progress bars are dropped); otherwise the build fails.

The pages read as one site: nbdev's symbol links (`https://<doc_host>/<baseurl>/train.html#train`) go to the chapter's
page of this site, show_doc's `[source]` links carry the line of the definition (or are left out where none is
known, never `#LNone`), the content column is wider than the theme's, a figure opens full size on a click, and wide
tables and long code lines scroll inside their own box.

    python tools/build_docs.py            # from the committed notebooks (their stored outputs are the figures)
    python tools/build_docs.py --execute  # re-execute every notebook first (into a copy, sources untouched)

This file is also the site's mkdocs hook module (`on_page_content` below: strips CDN scripts, fixes the page ToC;
`on_post_page`: symbol links to a name with no heading of its own go to its class's heading, else to the page).
"""
import argparse, ast, configparser, functools, html as htmllib, json, os, posixpath, re, shutil, subprocess, sys
import tempfile
from urllib.parse import urljoin
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

# The theme's column is ~650 px beside its two sidebars (.md-grid: 61rem): wide figures shrank until their panel
# titles were unreadable. The grid gets 80rem (the column ~860 px at 1400 px), a figure of a notebook output opens
# full size on a click (FIGURES_JS), and wide tables and long code lines scroll inside their own box.
SITE_CSS = """/* cpn_nbdev's site (tools/build_docs.py) */
.md-grid { max-width: 80rem; }                        /* the theme's 61rem leaves a ~650 px content column */
/* boxes of a notebook cell never grow past the column: what is wider scrolls inside its own box */
.jupyter-wrapper .jp-Cell-inputArea, .jupyter-wrapper .jp-Cell-outputArea, .jupyter-wrapper .jp-OutputArea-child,
.jupyter-wrapper .jp-OutputArea-output, .jupyter-wrapper .jp-RenderedHTMLCommon { min-width: 0; max-width: 100%; }
.jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-RenderedHTMLCommon pre,
.jupyter-wrapper .jp-OutputArea-output pre, .md-typeset__scrollwrap, .md-typeset pre > code {
  overflow-x: auto; scrollbar-width: thin; scrollbar-color: var(--md-default-fg-color--lighter) transparent; }
/* tables of the notebooks: compact cells (the theme gives every column 5rem at least) */
.md-typeset .jupyter-wrapper table:not([class]) { font-size: .7rem; }
.md-typeset .jupyter-wrapper table:not([class]) th,
.md-typeset .jupyter-wrapper table:not([class]) td { padding: .5em .9em; min-width: 0; }
/* figures open full size on a click (assets/javascripts/figures.js) */
.jupyter-wrapper .jp-OutputArea-output img { cursor: zoom-in; }
.cpn-zoom { position: fixed; inset: 0; z-index: 10; display: flex; overflow: auto; padding: 1.5rem;
  background: #202124; cursor: zoom-out; }
.cpn-zoom img { margin: auto; max-width: none; background: #fff; cursor: zoom-in; }
.cpn-zoom.cpn-zoom--full img { cursor: zoom-out; }
.cpn-zoom__hint { position: fixed; top: .4rem; right: 1rem; color: #fff; font-size: .65rem; opacity: .8; }
/* a static picture of an interactive widget, and the caption that says so */
.jupyter-wrapper figure.cpn-static-widget { margin: 0; max-width: 100%; }
.jupyter-wrapper figure.cpn-static-widget figcaption { margin: .4em 0 0; max-width: none; text-align: left;
  font-size: .7rem; font-style: italic; color: var(--md-default-fg-color--light); }
.jupyter-wrapper figure.cpn-static-widget figcaption code { white-space: nowrap; }
"""
FIGURES_JS = """// A figure of a notebook output opens full size over the page on a click: as wide as the window
// (at most twice its own size); a click on it shows it pixel for pixel (scroll to pan); a click beside it or
// Escape closes it.
document.addEventListener('click', e => {
  const img = e.target.closest && e.target.closest('.jupyter-wrapper .jp-OutputArea-output img');
  if (!img || e.button !== 0) return;
  e.preventDefault();
  const box = document.createElement('div'), big = new Image(), hint = document.createElement('span');
  box.className = 'cpn-zoom'; box.setAttribute('role', 'dialog'); box.setAttribute('aria-label', 'figure, full size');
  hint.className = 'cpn-zoom__hint'; hint.textContent = 'click the picture: actual pixels; beside it or Esc: close';
  big.src = img.currentSrc || img.src; big.alt = img.alt;
  const fit = () => {
    const k = Math.min(2, (innerWidth - 48) / big.naturalWidth);   // the width of the window; scroll down
    big.style.width = box.classList.contains('cpn-zoom--full') ? big.naturalWidth + 'px' : big.naturalWidth * k + 'px';
  };
  const close = () => {
    box.remove(); document.removeEventListener('keydown', esc); removeEventListener('resize', fit); };
  const esc = k => { if (k.key === 'Escape') close(); };
  big.addEventListener('load', fit);
  big.addEventListener('click', k => { k.stopPropagation(); box.classList.toggle('cpn-zoom--full'); fit(); });
  box.addEventListener('click', close);
  document.addEventListener('keydown', esc); addEventListener('resize', fit);
  box.append(big, hint); document.body.append(box);
  if (big.complete) fit();
});
addEventListener('load', () => document.querySelectorAll('.jupyter-wrapper .jp-OutputArea-output img')
  .forEach(i => { if (!i.title) i.title = 'Click to open the figure full size'; }));
"""
# written next to the pages (tools/build_docs.py owns them): name -> text
SITE_FILES = {'assets/stylesheets/cpn.css': SITE_CSS, 'assets/javascripts/figures.js': FIGURES_JS,
              'assets/javascripts/mathjax-config.js': MATHJAX_CONFIG}

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

STATIC_CAPTION = ('A static picture of an interactive widget, in its default state. For the live widget, open '
                  '<code>{nb}</code> in JupyterLab (<code>make lab</code>) and run the notebook.')

def static_widget_figure(data: dict, name: str) -> dict:
    """The mime bundle a widget output with a picture becomes on the site: the picture in a `<figure>` whose caption
    says it is static and how to get the live widget (`name`: the notebook, `nbs/03_patches.ipynb`)."""
    png = ''.join(data['image/png']).replace('\n', '')
    cap = STATIC_CAPTION.format(nb=htmllib.escape(name))
    html = (f'<figure class="cpn-static-widget"><img src="data:image/png;base64,{png}" '
            f'alt="static picture of an interactive widget"><figcaption>{cap}</figcaption></figure>')
    return {'text/html': html, 'text/plain': data.get('text/plain', '')}

def static_widget_outputs(nb: dict, name: str, cell_index: dict = None) -> dict:
    """Make a notebook's widget outputs static: an output carrying both the widget view and an `image/png` becomes
    the picture with a caption saying it is static (`static_widget_figure`; the widget view is dropped); a tqdm
    progress bar is dropped; any other widget output raises `WidgetWithoutImage` naming the notebook and cell. The
    stored widget state (notebook metadata) is removed."""
    state = nb.get('metadata', {}).pop('widgets', {}).get(WIDGET_STATE, {})
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        outs = []
        for o in c.get('outputs', []):
            data = o.get('data', {})
            if WIDGET in data:
                if 'image/png' in data: o['data'] = static_widget_figure(data, name)
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

# --- links: nbdev's symbol links to this site's pages, show_doc's source links with a line ----------------------------
def nbdev_page(nb_name: str) -> str:
    "The page nbdev's own docs give a notebook (`08_train.ipynb` -> `train.html`): the page its symbol links name."
    return re.sub(r'^\d+[a-zA-Z0-9]*_', '', nb_name.lower()).rsplit('.', 1)[0] + '.html'

def doc_base(settings: Path = ROOT/'settings.ini') -> str:
    "Where nbdev's symbol links point: settings.ini's doc_host + doc_baseurl (https://cpn-nbdev.github.io/cpn_nbdev)."
    cfg = configparser.ConfigParser()
    cfg.read(settings)
    return urljoin(cfg['DEFAULT']['doc_host'] + '/', cfg['DEFAULT']['doc_baseurl'].strip('/'))

def local_symbol_links(text: str, pages: dict, base: str) -> str:
    """nbdev's links to a symbol's docs on the web (`<base>/train.html#train`) point to the notebook of this site that
    documents it (`08_train.ipynb#train`; the hook makes that the chapter's page). `pages`: nbdev page -> notebook."""
    def sub(m):
        nb = pages.get(m.group(1))
        return nb + (m.group(2) or '') if nb else m.group(0)
    return re.sub(re.escape(base.rstrip('/')) + r'/([\w.-]+\.html)(#[^\s)"\'<>]*)?', sub, text)

_DEFS = ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef

@functools.cache
def definitions(py: str, root: Path = ROOT) -> dict:
    "The line of each top-level function, class and `Class.method` of the package file `py` (`cpn_nbdev/train.py`)."
    f = root/py
    if not f.is_file(): return {}
    out = {}
    for n in ast.parse(f.read_text()).body:
        if not isinstance(n, _DEFS): continue
        out[n.name] = n.lineno
        if isinstance(n, ast.ClassDef):
            out.update({f'{n.name}.{m.name}': m.lineno for m in n.body if isinstance(m, _DEFS)})
    return out

# show_doc's markdown: `[source](<git_url>/blob/<branch>/<file>.py#L<n>)`, blank lines, the `### name` heading
_SOURCE = re.compile(r'\[source\]\((https?://[^)\s#]+/blob/[^/)\s]+/([^)\s#]+\.py))#L(\w*)\)[ \t]*\n+'
                     r'(?=#+[ \t]+([^\s`]+))')

def source_lines(md: str, root: Path = ROOT) -> str:
    """show_doc's `[source]` link goes to the line that defines the object (nbdev looks the line up under the full
    name `cpn_nbdev.core.f`, never found for an object imported from the package: `#LNone`); where no line is known
    the link is left out."""
    def sub(m):
        url, py, line, name = m.groups()
        n = definitions(py, root).get(name.replace('\\', '')) or (line if line.isdigit() else None)
        return f'[source]({url}#L{n})\n\n' if n else ''
    return _SOURCE.sub(sub, md)

def _fix_links(nb: dict, pages: dict, base: str):
    "Symbol links to this site's pages (markdown cells, markdown and HTML outputs); show_doc source links with a line."
    for c in nb['cells']:
        if c['cell_type'] == 'markdown': c['source'] = local_symbol_links(''.join(c['source']), pages, base)
        for o in c.get('outputs', []):
            data = o.get('data', {})
            for k in ('text/markdown', 'text/html'):
                if k in data: data[k] = local_symbol_links(''.join(data[k]), pages, base)
            if 'text/markdown' in data: data['text/markdown'] = source_lines(data['text/markdown'])

def tidy_notebook(path: Path, source: Path = None, pages: dict = None):
    """Front matter → a title and a summary; `echo: false` hides the source; `#|` directive lines are removed;
    widgets made static; outputs that would show nothing are dropped (the page draws an empty box for them); nbdev's
    symbol links go to this site's pages (`pages`: nbdev's page name -> notebook, default: the notebooks beside
    `path`) and show_doc's source links carry a line or go."""
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
    _fix_links(nb, pages if pages is not None else {nbdev_page(p.name): p.name for p in path.parent.glob('*.ipynb')},
               doc_base())
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

_IDS = {}   # page url -> the ids of its elements (every page's content is rendered before any page is written)

def on_page_content(html, page, config, files, **kw):
    for rx in _STRIP: html = rx.sub('', html)
    # mkdocs-jupyter's table of contents comes from a markdown copy without inline code, so a heading such as
    # "## `tiny`: a net" gets the anchor #a-net while nbconvert's heading id is tiny-a-net: rebuild it from the HTML
    if page.file.src_uri.endswith('.ipynb'): page.toc = toc_from_html(html)
    _IDS[page.url] = set(re.findall(r'\sid="([^"]+)"', html))
    return _page_links(html, page, files)

_SYMBOL_LINK = re.compile(r'(<a\s[^>]*?href=")(?![a-z][\w+.-]*:|/|#)([^"#?]+\.html)#([^"]+)("[^>]*>\s*<code>)')

def symbol_anchors(html: str, page_url: str, ids: dict) -> str:
    """A symbol link (`<a href="04_backbone.html#backbone.train"><code>`) whose anchor the page lacks (a method or
    helper without a show_doc of its own) goes to its class's heading (`#backbone`) if there is one, else to the
    page."""
    def sub(m):
        have = ids.get(posixpath.normpath(posixpath.join(posixpath.dirname(page_url), m.group(2))))
        frag = m.group(3)
        if have is None or frag in have: return m.group(0)
        parents = ('.'.join(frag.split('.')[:i]) for i in range(frag.count('.'), 0, -1))   # Class.method -> Class
        frag = next((p for p in parents if p in have), '')
        return m.group(1) + m.group(2) + ('#' + frag if frag else '') + m.group(4)
    return _SYMBOL_LINK.sub(sub, html)

def on_post_page(output, page, config, **kw): return symbol_anchors(output, page.url, _IDS)

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
    for dst, text in SITE_FILES.items():
        (docs/dst).parent.mkdir(parents=True, exist_ok=True); (docs/dst).write_text(text)

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
        pages = {nbdev_page(nb.name): nb.name for nb in docs.glob('*.ipynb')}
        for nb in docs.glob('*.ipynb'):
            try: tidy_notebook(nb, nbs/nb.name, pages)
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
                   extra_css=['assets/stylesheets/cpn.css'],
                   extra_javascript=['assets/javascripts/mathjax-config.js',
                                     'assets/javascripts/mathjax/tex-svg-full.js', 'assets/javascripts/figures.js'],
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
