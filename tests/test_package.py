"The package matches its notebooks: exports up to date, notebooks clean, README from index, one Quarto config."
import filecmp, json, os, shutil, subprocess, sys
from pathlib import Path
import yaml
from conftest import ROOT, BIN, notebooks

def _copy_project(tmp):
    for name in ('settings.ini', 'setup.py', '_quarto.yml', 'README.md'): shutil.copy2(ROOT/name, tmp/name)
    for d in ('nbs', 'cpn_nbdev', 'tools'): shutil.copytree(ROOT/d, tmp/d, symlinks=True, ignore=shutil.ignore_patterns('__pycache__'))
    return tmp

def _diff(a, b):
    c = filecmp.dircmp(a, b, ignore=['__pycache__'])
    out = [f"{a}/{f}" for f in c.diff_files + c.left_only + c.right_only]
    for sub in c.common_dirs: out += _diff(Path(a)/sub, Path(b)/sub)
    return out

def test_exports_are_up_to_date(tmp_path):
    "nbdev_export on the committed notebooks reproduces the committed modules (they are never edited by hand)."
    t = _copy_project(tmp_path)
    subprocess.run([BIN/'nbdev_export'], cwd=t, check=True, capture_output=True)
    assert _diff(ROOT/'cpn_nbdev', t/'cpn_nbdev') == []

def test_notebooks_are_clean(tmp_path):
    t = _copy_project(tmp_path)
    subprocess.run([BIN/'nbdev_clean'], cwd=t, check=True, capture_output=True)
    changed = [p.name for p in notebooks() if p.read_bytes() != (t/'nbs'/p.name).read_bytes()]
    assert changed == [], f"run nbdev_clean: {changed}"

def test_readme_is_built_from_index(tmp_path):
    out = tmp_path/'README.md'
    subprocess.run([sys.executable, ROOT/'tools'/'build_readme.py', '--out', out], cwd=ROOT, check=True, capture_output=True)
    assert out.read_text() == (ROOT/'README.md').read_text(), "README.md is stale: run python tools/build_readme.py"
    lines = [l for l in (ROOT/'README.md').read_text().splitlines() if l.strip()]
    cmds = [l for l in lines if l.startswith('make ')]
    assert [c.split()[1] for c in cmds[:2]] == ['demo', 'test']           # the two commands come first
    assert lines.index(cmds[0]) < 6

def test_one_quarto_config():
    "nbdev reads nbs/_quarto.yml; it is a link to the top-level _quarto.yml, and the sidebar names every chapter."
    q = ROOT/'nbs'/'_quarto.yml'
    assert q.is_symlink() and q.resolve() == (ROOT/'_quarto.yml').resolve()
    cfg = yaml.safe_load(q.read_text())
    assert 'sidebar.yml' in cfg['metadata-files']
    side = (ROOT/'nbs'/'sidebar.yml').read_text()
    assert all(p.name in side for p in notebooks())

def test_refresh_quarto_keeps_our_config(tmp_path):
    "nbdev_docs' first step (refresh_quarto_yml) must not overwrite the top-level config through the link."
    t = _copy_project(tmp_path)
    before = (t/'_quarto.yml').read_text()
    subprocess.run([sys.executable, '-c', 'from nbdev.quarto import refresh_quarto_yml; refresh_quarto_yml()'],
                   cwd=t, check=True, capture_output=True)
    assert (t/'_quarto.yml').read_text() == before and (t/'nbs'/'_quarto.yml').is_symlink()

def test_console_scripts_installed():
    import configparser
    c = configparser.ConfigParser(); c.read(ROOT/'settings.ini')
    for line in c['DEFAULT']['console_scripts'].split():
        name = line.split('=')[0]
        assert (BIN/name).exists(), f"console script {name} is declared but not installed (pip install -e .)"

def _sections(nb_path):
    "Markdown and code cells of a notebook grouped by section: each heading (## or deeper) starts one."
    import nbformat, re
    secs, cur = [], None
    for c in nbformat.read(nb_path, 4).cells:
        if c.cell_type == 'markdown' and re.match(r'^#{2,} ', c.source): cur = dict(md=[c.source], code=[]); secs.append(cur)
        elif cur is not None: cur['md' if c.cell_type == 'markdown' else 'code'].append(c.source)
    return secs

def test_equation_table_covers_the_paper():
    "The index links every numbered equation (1-17) to a section that carries its anchor, states it and tests it."
    import re
    index = (ROOT/'nbs'/'index.ipynb').read_text()
    links = dict(re.findall(r'\| \((\d+)\) \|[^\n]*?\]\((\w+\.ipynb)#eq-\1\)', index.replace('\\n', '\n')))
    missing = [n for n in range(1, 18) if str(n) not in links]
    assert not missing, f"equations without a row in the index's equation table: {missing}"
    for n in range(1, 18):
        nb = ROOT/'nbs'/links[str(n)]
        assert nb.exists(), f"Eq. ({n}) links to {nb.name}, which does not exist"
        secs = [s for s in _sections(nb) if f'<a id="eq-{n}"></a>' in s['md'][0]]
        assert len(secs) == 1, f"{nb.name} has {len(secs)} section headings anchored eq-{n}"
        md, code = '\n'.join(secs[0]['md']), secs[0]['code']
        assert re.search(rf'\\tag\{{{n}\}}|\({n}\)|Eq\. ?{n}\b', md), f"the eq-{n} section of {nb.name} does not state Eq. ({n})"
        tests = [c for c in code if not c.startswith('#| export') and re.search(r'\b(test_\w+|assert)\b', c)]
        assert tests, f"the eq-{n} section of {nb.name} has no test cell"

def test_chapter_titles():
    "Each notebook opens with one `# Title` (the sidebar and the page title come from it)."
    import nbformat
    for p in notebooks():
        md = [c.source for c in nbformat.read(p, 4).cells if c.cell_type == 'markdown']
        assert md and md[0].startswith('# ') and not md[0].startswith('# #'), f"{p.name}: first markdown cell must start with '# Title'"

def test_wheel_ships_the_networks(tmp_path):
    """pip's wheel of the project holds the pretrained backbone (cpn_nbdev.backbone.TINY_WEIGHTS), the networks
    `cpn-demo` evaluates (cpn_nbdev.demo.SHIPPED), the pipeline's AffinityNet and DeepLab the README's tour runs and the
    schedule study chapter 10 draws (cpn_nbdev.demo.SCHEDULE_FILE)."""
    import zipfile
    from cpn_nbdev.demo import SHIPPED, SCHEDULE_FILE
    from cpn_nbdev.backbone import TINY_WEIGHTS
    p = subprocess.run([sys.executable, '-m', 'pip', 'wheel', '-q', '--no-deps', '--no-build-isolation', '-w', str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, cwd=tmp_path)
    assert p.returncode == 0, p.stderr[-2000:]
    names = zipfile.ZipFile(next(tmp_path.glob('*.whl'))).namelist()
    tour = ('scenes-affinity-s0.pth', 'scenes-deeplab-s0.pth')   # bench/ship_pipeline.py
    for f in (*SHIPPED.values(), TINY_WEIGHTS, *tour, SCHEDULE_FILE): assert f'cpn_nbdev/assets/{f}' in names, f"the wheel lacks cpn_nbdev/assets/{f}"

MAX_OUTPUTS = 3_000_000   # issue 16: the notebooks carry their figures, but not megabytes of them

def test_stored_outputs_are_small():
    "The outputs stored in all notebooks together stay under 3 MB (`tools/shrink_figures.py` re-encodes figures)."
    sizes = {p.name: sum(len(json.dumps(c.get('outputs', []))) for c in json.loads(p.read_text())['cells'])
             for p in sorted((ROOT/'nbs').glob('*.ipynb'))}
    big = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    assert sum(sizes.values()) <= MAX_OUTPUTS, f"stored outputs {sum(sizes.values())/1e6:.2f} MB; largest: {big}"
