"The offline documentation site (mkdocs-material over nbdev's processed notebooks) builds with every chapter and its figures."
import json, re, subprocess, sys
from html.parser import HTMLParser
from pathlib import Path
import pytest
from conftest import ROOT, notebooks

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

@pytest.fixture(scope='module')
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp('site')
    r = subprocess.run([sys.executable, ROOT/'tools'/'build_docs.py', '--out', out], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return out

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

def test_sidebar_order(site):
    "The navigation follows the pipeline: the data chapters come before the patches chapter."
    html = (site/'index.html').read_text()
    assert html.index('01_data.html') < html.index('03_patches.html')
