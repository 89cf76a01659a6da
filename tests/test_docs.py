"The offline documentation site (mkdocs-material over nbdev's processed notebooks) builds with every chapter and its figures."
import base64, importlib.util, json, re
from html.parser import HTMLParser
from pathlib import Path
import pytest
from conftest import ROOT, notebooks

def _build_docs():
    spec = importlib.util.spec_from_file_location('build_docs', ROOT/'tools'/'build_docs.py')
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m

class _Links(HTMLParser):
    def __init__(self): super().__init__(); self.hrefs, self.imgs = [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'a' and a.get('href'): self.hrefs.append(a['href'])
        if tag == 'img' and a.get('src'): self.imgs.append(a['src'])

def _n_figures(nb: Path) -> int:
    "Image outputs stored in the notebook, outside `#| hide` cells."
    cells = json.loads(nb.read_text())['cells']
    return sum(1 for c in cells if c['cell_type'] == 'code' and not re.search(r'^#\|\s*hide', ''.join(c['source']), re.M)
               for o in c.get('outputs', []) if 'image/png' in o.get('data', {}))

@pytest.mark.parametrize('nb', notebooks(), ids=lambda p: p.name)
def test_page_has_its_figures(site, nb):
    page = site/(nb.stem + '.html')
    assert page.exists(), f"no page for {nb.name}"
    p = _Links(); p.feed(page.read_text())
    want = _n_figures(nb)
    got = [s for s in p.imgs if s.startswith('data:image/png')]
    assert len(got) >= want, f"{page.name}: {len(got)} figures, the notebook holds {want}"
    if nb.stem[:2].isdigit() and nb.stem < '90': assert want >= 1, f"chapter {nb.name} has no figure"

def test_links_resolve(site):
    bad = []
    for page in site.glob('*.html'):
        p = _Links(); p.feed(page.read_text())
        for h in p.hrefs:
            if re.match(r'^[a-z]+:', h) or h.startswith('#'): continue
            path = h.split('#')[0]
            target = (site/path.lstrip('/') if path.startswith('/') else page.parent/path).resolve()  # '/x': from the site root
            if path and not target.exists(): bad.append(f"{page.name} -> {h}")
    assert bad == []

_PROMPT = re.compile(r'\b(?:In|Out)\s*\[[\s\d*]*\]:')
_OUTPUT_AREA = {'jp-Cell-outputWrapper', 'jp-OutputArea', 'jp-OutputArea-child', 'jp-OutputArea-output'}
_VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr'}

class _Cells(HTMLParser):
    "A page's visible text (not scripts or styles), its prompt elements, and its output areas that show nothing."
    def __init__(self):
        super().__init__()
        self.text, self.prompts, self.empty, self.stack = [], [], [], []
    def handle_starttag(self, tag, attrs):
        cls = set((dict(attrs).get('class') or '').split())
        if cls & {'jp-InputPrompt', 'jp-OutputPrompt'}: self.prompts.append(' '.join(sorted(cls)))
        if tag in ('img', 'svg', 'canvas', 'video', 'iframe', 'object', 'embed'):   # a picture counts as content
            for e in self.stack: e['shown'] = True
        if tag not in _VOID: self.stack.append(dict(tag=tag, area=cls & _OUTPUT_AREA, shown=False))
    def handle_endtag(self, tag):
        while any(e['tag'] == tag for e in self.stack):   # a stray end tag closes nothing
            e = self.stack.pop()
            if e['area'] and not e['shown']: self.empty.append(' '.join(sorted(e['area'])))
            if e['tag'] == tag: break
    def handle_data(self, data):
        if any(e['tag'] in ('script', 'style') for e in self.stack): return
        self.text.append(data)
        if data.strip():
            for e in self.stack: e['shown'] = True

def test_no_prompts_nor_empty_outputs(site):
    "Pages read like nbdev's: no `In [ ]:` / `Out[0]:` prompt (as text or as a prompt box), no output area showing nothing."
    bad = []
    for page in sorted(site.glob('*.html')):
        p = _Cells()
        p.feed(page.read_text())
        found = sorted(set(_PROMPT.findall(''.join(p.text))))
        if found: bad.append(f"{page.name}: prompt text {found}")
        if p.prompts: bad.append(f"{page.name}: {len(p.prompts)} prompt elements ({p.prompts[0]})")
        if p.empty: bad.append(f"{page.name}: {len(p.empty)} empty output areas ({p.empty[0]})")
    assert not bad, '\n'.join(bad)

def test_sidebar_order(site):
    "The navigation follows the pipeline: the data chapters come before the patches chapter."
    html = (site/'index.html').read_text()
    assert html.index('01_data.html') < html.index('03_patches.html')

def test_chapter_links_go_to_pages(site):
    "A markdown link to another chapter (`[ch. 5](05_cam.ipynb#eq-1)`) points to its page, not to the raw notebook."
    bad = []
    for page in site.glob('*.html'):
        p = _Links(); p.feed(page.read_text())
        bad += [f"{page.name} -> {h}" for h in p.hrefs if re.match(r'^[^:#?]+\.ipynb(#|$)', h)]
    assert bad == []

def test_site_is_offline(site):
    "Nothing is loaded from another host: MathJax and the search shim are local copies, no CDN script, no web font."
    bd = _build_docs()
    assert bd.external_refs(site) == []
    for rel in bd.ASSETS: assert (site/rel).stat().st_size > 0, rel
    for page in site.glob('*.html'):
        html = page.read_text()
        assert 'assets/javascripts/mathjax/tex-svg-full.js' in html and 'mathjax-config.js' in html, page.name
        assert not re.search(r'<script type="application/vnd\.jupyter\.widget|class="jupyter-widgets', html), \
            f"{page.name}: a widget left in the page (static pages show the widget's image/png)"

def test_math_reaches_the_page(site):
    "TeX of the notebooks' markdown is left in the page for MathJax, equation tags included."
    for nb in notebooks():
        md = ''.join(''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'markdown')
        tags = re.findall(r'\\tag\{[^}]*\}', md)
        if tags: assert all(t in (site/(nb.stem + '.html')).read_text() for t in tags), nb.name

_PNG = base64.b64encode(b'\x89PNG fake').decode()
def _widget_nb(*outputs, state=None):
    nb = dict(cells=[dict(cell_type='code', id='c1', source='w', metadata={}, outputs=list(outputs))], metadata={})
    if state: nb['metadata']['widgets'] = {'application/vnd.jupyter.widget-state+json': {'state': state}}
    return nb

def _out(model='m1', **data):
    return dict(output_type='display_data', metadata={}, data={'application/vnd.jupyter.widget-view+json':
                {'model_id': model, 'version_major': 2, 'version_minor': 0}, 'text/plain': ['VBox()'], **data})

def test_widget_with_picture_shows_the_picture():
    "The widget's picture, in a figure whose caption says it is static and how to get the live widget."
    bd = _build_docs()
    nb = bd.static_widget_outputs(_widget_nb(_out(**{'image/png': _PNG}), state={'m1': {}}), 'nbs/x.ipynb')
    data = nb['cells'][0]['outputs'][0]['data']
    assert set(data) == {'text/html', 'text/plain'}
    fig = re.fullmatch(r'<figure class="cpn-static-widget"><img src="data:image/png;base64,([^"]+)"[^>]*>'
                       r'<figcaption>(.*)</figcaption></figure>', data['text/html'], re.S)
    assert fig and fig.group(1) == _PNG
    assert all(w in fig.group(2) for w in ('static picture of an interactive widget', 'nbs/x.ipynb', 'make lab'))
    assert 'widgets' not in nb['metadata']

def test_widget_without_picture_fails_the_build():
    bd = _build_docs()
    with pytest.raises(bd.WidgetWithoutImage, match=r"nbs/x\.ipynb, cell 7 \('w'\).*image/png"):
        bd.static_widget_outputs(_widget_nb(_out()), 'nbs/x.ipynb', {'c1': 7})

def test_progress_bars_are_dropped():
    "A tqdm bar is an HBox with a FloatProgress: a frozen bar means nothing on a page, so the output goes."
    bd = _build_docs()
    state = {'m1': {'model_name': 'HBoxModel', 'state': {'children': ['IPY_MODEL_h', 'IPY_MODEL_p']}},
             'p': {'model_name': 'FloatProgressModel', 'state': {}}, 'h': {'model_name': 'HTMLModel', 'state': {}}}
    assert bd.static_widget_outputs(_widget_nb(_out(), state=state), 'nbs/x.ipynb')['cells'][0]['outputs'] == []
    bar = _out(); bar['data']['text/plain'] = ['train:   0%|          | 0/600 [00:00<?, ?it/s]']
    assert bd.static_widget_outputs(_widget_nb(bar), 'nbs/x.ipynb')['cells'][0]['outputs'] == []

def test_blank_outputs_are_dropped(tmp_path):
    "An output that would show nothing (a blank stream, blank text) leaves no empty box; a hidden cell left empty goes."
    bd = _build_docs()
    blank = [dict(output_type='stream', name='stdout', text=['\n']),
             dict(output_type='display_data', metadata={}, data={'text/plain': ['  '], 'text/markdown': ''})]
    shown = dict(output_type='stream', name='stdout', text=['done\n'])
    cells = [dict(cell_type='code', id='a', metadata={}, source='print()', outputs=blank + [shown]),
             dict(cell_type='code', id='b', metadata={}, source='#| echo: false\nprint()', outputs=blank)]
    (nb := tmp_path/'x.ipynb').write_text(json.dumps(dict(cells=cells, metadata={})))
    bd.tidy_notebook(nb)
    assert [c['outputs'] for c in json.loads(nb.read_text())['cells']] == [[shown]]

_BASE = 'https://cpn-nbdev.github.io/cpn_nbdev'

def test_symbol_links_go_to_local_pages():
    "nbdev's web-docs link for a symbol becomes a link to the notebook of this site that documents it."
    bd = _build_docs()
    assert bd.doc_base() == _BASE   # settings.ini's doc_host + doc_baseurl
    assert bd.nbdev_page('08_train.ipynb') == 'train.html' and bd.nbdev_page('02b_folder.ipynb') == 'folder.html'
    pages = {'train.html': '08_train.ipynb', 'index.html': 'index.ipynb'}
    md = f"[`train`]({_BASE}/train.html#train), [`x`]({_BASE}/index.html), [`y`]({_BASE}/gone.html#y)"
    assert bd.local_symbol_links(md, pages, _BASE) == \
        f"[`train`](08_train.ipynb#train), [`x`](index.ipynb), [`y`]({_BASE}/gone.html#y)"
    html = f'<a href="{_BASE}/train.html#trainconfig"><code>TrainConfig</code></a>'
    assert bd.local_symbol_links(html, pages, _BASE) == \
        '<a href="08_train.ipynb#trainconfig"><code>TrainConfig</code></a>'

def test_source_links_get_a_line_or_go(tmp_path):
    "show_doc's `#LNone` becomes the line of the definition (a method too); unknown objects lose the link."
    bd = _build_docs()
    (tmp_path/'pkg').mkdir()
    (tmp_path/'pkg'/'m.py').write_text('import x\n\n@decorated\ndef f(): pass\n\nclass C:\n    def g(self): pass\n')
    url = 'https://github.com/o/r/blob/main/pkg/m.py'
    def md(name, line='None'): return f'---\n\n[source]({url}#L{line})\n\n### {name}\n\n>      {name}()\n'
    assert bd.source_lines(md('f'), tmp_path) == md('f', 4)
    assert bd.source_lines(md('C.g'), tmp_path) == md('C.g', 7)
    assert bd.source_lines(md('C', 99), tmp_path) == md('C', 6)    # a stale line is corrected
    assert bd.source_lines(md('nowhere'), tmp_path) == '---\n\n### nowhere\n\n>      nowhere()\n'

def test_symbol_anchor_falls_back_to_class_or_page():
    "A symbol link to an anchor the page lacks goes to the class's heading, else to the page itself."
    bd = _build_docs()
    ids = {'04_backbone.html': {'backbone'}, '08_train.html': {'train'}}
    def a(href): return f'<a href="{href}"><code>x</code></a>'
    assert bd.symbol_anchors(a('04_backbone.html#backbone.train'), 'x.html', ids) == a('04_backbone.html#backbone')
    assert bd.symbol_anchors(a('08_train.html#_dist'), 'x.html', ids) == a('08_train.html')
    assert bd.symbol_anchors(a('08_train.html#train'), 'x.html', ids) == a('08_train.html#train')
    assert bd.symbol_anchors(a('99_other.html#q'), 'x.html', ids) == a('99_other.html#q')   # not a page of the site
