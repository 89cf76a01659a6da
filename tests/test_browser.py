"""The docs site and the widget notebooks in a real browser: Debian's chromium (/usr/bin/chromium, installed by
tools/setup-env.sh), driven by playwright's Python client. Playwright's own browser downloads are never used.

- every page of the offline site loads with no script error, no failed request, every image decoded, every internal
  link answering 200, and its math typeset by the local MathJax; a screenshot of the index goes to site/_review/;
- in JupyterLab, a widget notebook runs top to bottom ("Run All Cells"), its widget shows a picture, and moving a
  slider redraws it (the kernel answers the browser)."""
import http.server, json, os, re, secrets, shutil, signal, socket, subprocess, sys, threading, time
import urllib.error, urllib.request
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urldefrag, urlparse
import pytest
from conftest import ROOT, BIN, notebooks

CHROMIUM = Path('/usr/bin/chromium')
# without the background-networking flags chromium keeps calling Google's hosts, which this closed network refuses
CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update', '--disable-sync']
REVIEW = ROOT/'site'/'_review'

@pytest.fixture(scope='module')
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run tools/setup-env.sh (it installs Debian's chromium with apt-get)")
    try: from playwright.sync_api import sync_playwright
    except ImportError as e: pytest.fail(f"the playwright Python package is missing ({e}): run tools/setup-env.sh")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try: yield b
        finally: b.close()

def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r: return r.status
    except urllib.error.HTTPError as e: return e.code

# ---------------------------------------------------------------------------------------------------- the site
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):   # a page closed before its last download ended: not an error
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)): super().handle_error(request, client_address)

@pytest.fixture(scope='module')
def served(site):
    "The built site over HTTP on 127.0.0.1 (a free port, a thread of this process)."
    srv = _Server(('127.0.0.1', 0), partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try: yield f"http://127.0.0.1:{srv.server_address[1]}/"
    finally: srv.shutdown(); srv.server_close()

_PAGE_REPORT = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  const imgs = [...document.images];
  await Promise.all(imgs.map(i => i.decode().catch(() => null)));
  const md = [...document.querySelectorAll('.jp-RenderedMarkdown, .arithmatex')].map(e => {
    const c = e.cloneNode(true); c.querySelectorAll('mjx-container').forEach(m => m.remove()); return c.textContent; });
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const drawn = e => e.innerText.trim() || e.querySelector('img, svg, canvas, video, iframe, object, embed');
  return {
    images: imgs.length,
    broken: imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => (i.currentSrc || i.src).slice(0, 120)),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    mathjax: !!(window.MathJax && MathJax.startup && MathJax.startup.document),
    math: document.querySelectorAll('mjx-container').length,
    display_math: document.querySelectorAll('mjx-container[display="true"]').length,
    math_errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent).slice(0, 5),
    prompts: [...document.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt')].filter(shown).length,
    prompt_text: ((document.querySelector('article') || document.body).innerText
                  .match(/\\b(?:In|Out)\\s*\\[[\\s\\d*]*\\]:/g) || []).slice(0, 5),
    empty_outputs: [...document.querySelectorAll(
        '.jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output')]
      .filter(e => shown(e) && !drawn(e)).map(e => e.className).slice(0, 5),
    raw_math: (md.join('\\n').match(/\\$\\$[\\s\\S]*?\\$\\$|\\\\\\[[\\s\\S]*?\\\\\\]|\\$[^$\\s][^$\\n]*?\\$/g) || []).slice(0, 5),
  };
}"""

def _say(request, line: str):
    "A line on the terminal even when pytest captures the output (the paths of the screenshots)."
    cap = request.config.pluginmanager.get_plugin('capturemanager')
    tr = request.config.pluginmanager.get_plugin('terminalreporter')
    if cap is None or tr is None: return print(line)
    with cap.global_and_fixture_disabled(): tr.write_line('\n' + line)

@pytest.fixture(scope='module')
def visited(request, browser, served, site):
    "Every page of the site opened once in chromium: what it logged, what failed, and what it holds."
    ctx = browser.new_context(viewport={'width': 1280, 'height': 900})
    reports = {}
    try:
        for html in sorted(site.glob('*.html')):
            page = ctx.new_page()
            problems = []
            page.on('pageerror', lambda e, p=problems: p.append(f"page error: {e}"))
            page.on('console', lambda m, p=problems: m.type == 'error' and p.append(f"console error: {m.text}"))
            page.on('requestfailed', lambda r, p=problems: p.append(f"request failed: {r.url[:120]} ({r.failure})"))
            page.on('response', lambda r, p=problems: r.status >= 400 and p.append(f"HTTP {r.status}: {r.url[:120]}"))
            page.goto(served + html.name, wait_until='load')
            rep = page.evaluate(_PAGE_REPORT)
            page.wait_for_timeout(200)   # late console errors and requests (the search worker)
            rep['problems'] = problems
            if html.name == 'index.html':
                REVIEW.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(REVIEW/'index.png'))
                _say(request, f"screenshot of the index page: {REVIEW/'index.png'}")
            reports[html.name] = rep
            page.close()
    finally: ctx.close()
    return reports

def test_pages_load_cleanly(visited):
    "No script error, no console error, no failed or refused request (nothing is fetched from outside), no broken image."
    bad = {name: r['problems'] + [f"image not loaded: {s}" for s in r['broken']] for name, r in visited.items()}
    bad = [f"{k}: {p}" for k, v in bad.items() for p in v]
    assert not bad, '\n'.join(bad)
    assert sum(r['images'] for r in visited.values()) > 0

def test_no_prompts_nor_empty_boxes(visited):
    "As on nbdev's pages: no `In [ ]:` / `Out[0]:` prompt shows (as text or as a prompt box), no output box is empty."
    bad = []
    for name, r in visited.items():
        if r['prompts']: bad.append(f"{name}: {r['prompts']} prompt boxes shown")
        if r['prompt_text']: bad.append(f"{name}: prompt text {r['prompt_text']}")
        if r['empty_outputs']: bad.append(f"{name}: empty output boxes {r['empty_outputs']}")
    assert not bad, '\n'.join(bad)

def test_internal_links_answer(visited, served):
    "Every link to this site (the navigation, the table of contents, cross references) answers 200, its anchor exists."
    targets, bad = {}, []
    for name, r in visited.items():
        for href in r['links']:
            if href.startswith(served): targets.setdefault(href, name)
    pages = {}
    for href, name in sorted(targets.items()):
        url, frag = urldefrag(href)
        if url not in pages:
            st = _status(url)
            pages[url] = urllib.request.urlopen(url, timeout=10).read().decode('utf-8', 'replace') if st == 200 else None
            if st != 200: bad.append(f"{name} -> {href}: HTTP {st}"); continue
        if frag and pages[url] is not None and not re.search(rf'\b(?:id|name)=["\']{re.escape(frag)}["\']', pages[url]):
            bad.append(f"{name} -> {href}: no anchor #{frag}")
    assert not bad, '\n'.join(bad)
    assert len(targets) > len(visited)

def _has_math(nb: Path) -> bool:
    "A markdown cell of the notebook holds TeX math (`\\[` in markdown is an escaped bracket, not math)."
    return any(c['cell_type'] == 'markdown' and re.search(r'\$\$|\$[^$\s][^$\n]*\$|\\begin\{', ''.join(c['source']))
               for c in json.loads(nb.read_text())['cells'])

def test_math_is_typeset(visited):
    "The local MathJax runs on every page; pages with math in their notebook show it typeset, no TeX is left raw."
    bad = []
    for name, r in visited.items():
        if name == '404.html': continue
        if not r['mathjax']: bad.append(f"{name}: MathJax did not start")
        if r['raw_math']: bad.append(f"{name}: TeX left untypeset: {r['raw_math']}")
        if r['math_errors']: bad.append(f"{name}: TeX errors: {r['math_errors']}")
    with_math = [nb for nb in notebooks() if _has_math(nb)]
    for nb in with_math:
        r = visited.get(nb.stem + '.html')
        if r and r['math'] == 0: bad.append(f"{nb.stem}.html: its notebook has math, the page shows none typeset")
    assert not bad, '\n'.join(bad)
    assert with_math and sum(r['display_math'] for r in visited.values()) > 0

# ------------------------------------------------------------------------------------------------ JupyterLab
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

LAB_SETTINGS = {   # JupyterLab user settings: every cell in the DOM, the notebook's kernel without asking, no toasts
    '@jupyterlab/notebook-extension/tracker.jupyterlab-settings': {'windowingMode': 'none', 'autoStartDefaultKernel': True},
    '@jupyterlab/apputils-extension/notification.jupyterlab-settings':
        {'fetchNews': 'false', 'checkForUpdates': False, 'doNotDisturbMode': True},
}

@contextmanager
def jupyter_lab(root: Path, log: Path):
    "`jupyter lab` serving `root` on 127.0.0.1 (free port, a token, no browser of its own); yields (base url, token)."
    port, token = _free_port(), secrets.token_hex(16)
    home = root.parent/(root.name + '-jupyter')
    for rel, val in LAB_SETTINGS.items():
        f = home/'settings'/rel; f.parent.mkdir(parents=True, exist_ok=True); f.write_text(json.dumps(val))
    env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               JUPYTER_CONFIG_DIR=str(home/'config'), JUPYTER_RUNTIME_DIR=str(home/'runtime'), JUPYTER_DATA_DIR=str(home/'data'),
               JUPYTERLAB_SETTINGS_DIR=str(home/'settings'), JUPYTERLAB_WORKSPACES_DIR=str(home/'workspaces'),
               MPLBACKEND='module://matplotlib_inline.backend_inline', PYTHONUNBUFFERED='1')
    cmd = [str(BIN/'jupyter'), 'lab', '--no-browser', '--ServerApp.ip=127.0.0.1', f'--ServerApp.port={port}',
           '--ServerApp.port_retries=0', f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={root}',
           '--ServerApp.allow_root=True', '--LabApp.news_url=None',
           '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate']
    with open(log, 'w') as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        t0 = time.time()
        while True:
            if proc.poll() is not None: pytest.fail(f"jupyter lab exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
            try:
                if _status(f"{base}/api/status?token={token}") == 200: break
            except OSError: pass
            if time.time() - t0 > 90: pytest.fail(f"jupyter lab did not answer in 90 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base, token
    finally:
        try: urllib.request.urlopen(urllib.request.Request(f"{base}/api/shutdown?token={token}", method='POST'), timeout=10)
        except OSError: pass
        try: proc.wait(30)
        except subprocess.TimeoutExpired: proc.terminate()
        try: proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL); proc.wait()   # the server's own process group (start_new_session)
        shutil.rmtree(home, ignore_errors=True)

def _wait_kernel_connected(base: str, token: str, timeout: float = 120):
    "The notebook's kernel has started, is idle, and the page is connected to it."
    t0, ks = time.time(), None
    while time.time() - t0 < timeout:
        try:
            with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as r: ks = json.loads(r.read())
        except OSError: ks = None   # a server under load once answered 500 here for a moment: ask again
        if ks and any(k.get('connections', 0) >= 1 and k.get('execution_state') == 'idle' for k in ks): return
        time.sleep(0.5)
    pytest.fail(f"the notebook's kernel did not start and connect in {timeout} s: {ks}")

def _one_cell_notebook(folder: Path, name: str, src: str) -> Path:
    "A notebook of one code cell, `src`, written to folder/name.ipynb."
    nb = dict(nbformat=4, nbformat_minor=5, cells=[dict(cell_type='code', id='cp0', metadata={}, execution_count=None,
              outputs=[], source=src)], metadata=dict(kernelspec=dict(name='python3', display_name='Python 3', language='python')))
    (p := folder/f'{name}.ipynb').write_text(json.dumps(nb))
    return p

def _cp_pair_notebook(folder: Path) -> Path:
    "The CP-pair widget of chapter 3 on scikit-image's chelsea photo, as the chapter shows it (a figure in an Output)."
    return _one_cell_notebook(folder, 'cp_pair_widget', "from cpn_nbdev.patches import cp_pair_widget\n"
                              "from cpn_nbdev.voc import IMAGENET_MEAN, IMAGENET_STD\nfrom skimage import data\n"
                              "cp_pair_widget(data.chelsea(), mean=IMAGENET_MEAN, std=IMAGENET_STD)")

def _photo_explorer_notebook(folder: Path) -> Path:
    "The photo explorer of chapter 11 (ImageNet EfficientNet-Lite0 on chelsea; its first slider is the grid size S)."
    return _one_cell_notebook(folder, 'photo_explorer', "from cpn_nbdev.explorer import photo_explorer\nphoto_explorer()")

# (how to get the notebook into the folder, seconds allowed for "Run All Cells": the explorer trains on a first run)
LAB_NOTEBOOKS = {'cp_pair_widget': (_cp_pair_notebook, 240),
                 'photo_explorer': (_photo_explorer_notebook, 240),
                 '11_explorer': (lambda folder: shutil.copy2(ROOT/'nbs'/'11_explorer.ipynb', folder) and folder/'11_explorer.ipynb', 600)}

_IMG = '.jupyter-widgets img'   # a picture drawn by the widget (an Output's figure or an Image widget), not a static fallback
_STATE = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
  const errors = [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
                   .map(o => o.textContent).filter(t => /Traceback|Error\b/.test(t)).map(t => t.slice(-1500));
  const img = document.querySelector('""" + _IMG + """');
  const dialog = document.querySelector('.jp-Dialog');
  return {prompts, errors, src: img ? img.getAttribute('src') : null, dialog: dialog ? dialog.textContent.slice(0, 300) : null};
}"""

@pytest.mark.parametrize('name', list(LAB_NOTEBOOKS))
def test_widget_in_jupyterlab(request, browser, tmp_path, name):
    "Run All Cells in JupyterLab, the widget shows a picture, a slider moved with the keyboard changes it."
    make, run_timeout = LAB_NOTEBOOKS[name]
    if name == '11_explorer' and not (ROOT/'nbs'/'11_explorer.ipynb').exists():
        pytest.skip("nbs/11_explorer.ipynb is not written yet")
    root = tmp_path/'lab'; root.mkdir()
    nb = make(root)
    t0 = time.time()
    with jupyter_lab(root, tmp_path/'lab.log') as (base, token):
        ctx = browser.new_context(viewport={'width': 1400, 'height': 1000})
        page = ctx.new_page()
        try:
            page.goto(f"{base}/lab/tree/{nb.name}?token={token}", wait_until='load', timeout=120_000)
            page.locator('.jp-NotebookPanel .jp-Cell').first.wait_for(timeout=120_000)
            _wait_kernel_connected(base, token)
            page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(state='attached', timeout=60_000)
            started = "() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"
            for attempt in range(3):   # a click while the page still connects to the kernel can be lost: try again
                page.locator('.lm-MenuBar-itemLabel', has_text=re.compile(r'^Run$')).click()
                page.locator('.lm-Menu-item:visible', has_text=re.compile(r'^Run All Cells')).first.click()
                try: page.wait_for_function(started, timeout=20_000, polling=250); break
                except Exception:
                    if attempt == 2: raise
            # every code cell numbered, none pending, and a picture in the widget
            done = ("() => { const s = (" + _STATE + ")(); return s.src && s.prompts.length > 0 && "
                    "s.prompts.every(p => /^\\[\\d+\\]:$/.test(p)) || s.errors.length > 0 || !!s.dialog; }")
            try: page.wait_for_function(done, timeout=run_timeout*1000, polling=500)
            except Exception: pass
            s = page.evaluate(_STATE)
            page.screenshot(path=str(tmp_path/f'{name}-ran.png'))
            assert not s['dialog'], f"{name}: JupyterLab shows a dialog: {s['dialog']}"
            assert not s['errors'], f"{name}: a cell failed:\n" + '\n'.join(s['errors'])
            assert s['src'], f"{name}: no picture in the widget after {run_timeout} s (prompts {s['prompts']}); see {tmp_path}"
            ran = time.time() - t0
            before = s['src']
            handle = page.locator('.jupyter-widgets .widget-slider .noUi-handle').first
            handle.focus()
            for _ in range(3): page.keyboard.press('ArrowRight')
            page.wait_for_function(f"(before) => {{ const i = document.querySelector('{_IMG}'); "
                                   "return i && i.getAttribute('src') && i.getAttribute('src') !== before; }",
                                   arg=before, timeout=120_000, polling=250)
            _wait_kernel_connected(base, token)   # idle again: the redraws the keys asked for are done
            REVIEW.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(REVIEW/f'lab-{name}.png'))
            _say(request, f"{name}: ran in {ran:.0f} s, a slider redrew the picture, {time.time() - t0:.0f} s in all; "
                          f"screenshot {REVIEW/f'lab-{name}.png'}")
        finally: ctx.close()
