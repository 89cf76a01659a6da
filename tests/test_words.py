"""The product speaks of itself only: the chapters, the README, `bench/`, the package and `tools/` name no tracker
issue ("issue 26", "(issue: ...)") and none of the tools of the workplace it was built in (a "device tool" that
"lent" a machine for a "session", a "sandbox"). A GPU is "a GPU (one NVIDIA H200)"; a study is named by what it
measures ("the schedule study"). Commit messages may cite issues; the product may not."""
import json, re
import pytest
from conftest import ROOT

WORDS = re.compile(r'\bissues? ?#?\d+|\(issue:|\bdevice tool\b|\blent\b|\bsandbox(es)?\b|\bsessions?\b', re.I)

def product_files() -> list:
    "Every text file of the product: notebooks, README, bench/, the package and tools/."
    files = [ROOT/'README.md', *sorted((ROOT/'nbs').glob('*.ipynb'))]
    for d in ('bench', 'cpn_nbdev', 'tools'):
        files += sorted(p for p in (ROOT/d).rglob('*') if p.is_file() and p.suffix in ('.py', '.sh', '.md', '.txt'))
    return files

def text_of(path) -> str:
    "A file's text; for a notebook, its cells' sources and stored text outputs (what a reader sees)."
    if path.suffix != '.ipynb': return path.read_text()
    out = []
    for c in json.loads(path.read_text())['cells']:
        out.append(''.join(c['source']))
        for o in c.get('outputs', []):
            out.append(''.join(o.get('text', '')) + ''.join(o.get('data', {}).get('text/plain', '')))
    return '\n'.join(out)

def workplace_words(text: str) -> list:
    "Each line naming an issue or a workplace tool, as 'LINE: ...the words...'."
    bad = []
    for i, line in enumerate(text.splitlines(), 1):
        for m in WORDS.finditer(line): bad.append(f"{i}: ...{line[max(0, m.start()-40):m.end()+40]}...")
    return bad

@pytest.mark.parametrize('path', product_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_product_names_no_issue_nor_workplace_tool(path):
    bad = workplace_words(text_of(path))
    assert not bad, f"{path.relative_to(ROOT)} speaks of the workplace:\n" + '\n'.join(bad)

@pytest.mark.parametrize('planted', ['see issue 26, item 3', 'Issues 18/25', '(issue: the CP network)',
                                     'the device tool gave us a GPU', 'an H200 was lent', "this project's sandbox",
                                     'a second H200 session'])
def test_the_check_finds_a_planted_word(tmp_path, planted):
    nb = tmp_path/'x.ipynb'
    nb.write_text(json.dumps({'cells': [{'cell_type': 'code', 'source': ['x = 1'], 'outputs': [
        {'output_type': 'stream', 'name': 'stdout', 'text': [f'ran: {planted}\n']}]}]}))
    assert workplace_words(text_of(nb)), planted

@pytest.mark.parametrize('fine', ['tissue 3', 'the silent run', 'a session_id', 'a helper function', 'blend 2'])
def test_the_check_leaves_ordinary_words(fine): assert not workplace_words(fine), fine

# --- backticked plain words: nbdev links every `name` that is a package symbol to that symbol's docs ----------------
# (`nbdev.doclinks._re_backticks`), so a split or preset name that is also a symbol (`train` the split and `train` the
# function, `scenes` the preset) reads as a link to an unrelated function. The split is written `'train'` (the value
# the code takes), the function `train()`.
BACKTICKS = re.compile(r'`([^`\s]+?)(\(\))?`')

def plain_names() -> set:
    "Names that are values in the prose (splits, data and training presets, the background label)."
    from cpn_nbdev import data, train, pipeline
    return ({'train', 'val', 'train_aug', 'test', 'background'} | set(data.PRESETS) | set(train.PRESETS)
            | set(pipeline.PIPELINE_PRESETS) | set(pipeline.SEG_PRESETS))

def package_symbols() -> set:
    "The names nbdev links: every symbol of `_modidx.py`, without its module."
    from cpn_nbdev._modidx import d
    return {k[len(m) + 1:] for m, syms in d['syms'].items() for k in syms}

def linked_plain_words(md: str, plain: set, symbols: set) -> list:
    "Backticked words of markdown `md` (code fences aside) that nbdev would link although the prose means a value."
    md = re.sub(r'```.*?```', '', md, flags=re.S)
    return [m.group(0) for m in BACKTICKS.finditer(md) if not m.group(2) and m.group(1) in plain & symbols]

@pytest.mark.parametrize('path', [p for p in product_files() if p.suffix == '.ipynb'], ids=lambda p: p.name)
def test_no_plain_word_links_to_a_symbol(path):
    plain, symbols = plain_names(), package_symbols()
    bad = [(i, w) for i, c in enumerate(json.loads(path.read_text())['cells']) if c['cell_type'] == 'markdown'
           for w in linked_plain_words(''.join(c['source']), plain, symbols)]
    assert not bad, (f"{path.name}: backticked words that nbdev links to an unrelated symbol (cell, word); write the "
                     f"value as `'train'`, the function as `train()`: {bad}")

def test_the_link_check_finds_a_plain_word():
    md = "Scored on VOC `train`, with `'train'`, `train()` and\n```\n`train`\n```\nthe `scenes` preset."
    assert linked_plain_words(md, {'train', 'scenes'}, {'train', 'fit'}) == ['`train`']

# --- the README links to files of the repository and to other sites, never to a docs host that does not exist ------
def readme_links(md: str) -> list:
    "The targets of the markdown links and images of `md`."
    return re.findall(r'\]\(([^)\s]+)\)', md)

def bad_readme_links(md: str, root) -> list:
    import configparser
    cfg = configparser.ConfigParser(); cfg.read(root/'settings.ini')
    host = cfg['DEFAULT'].get('doc_host', '').strip()
    bad = []
    for t in readme_links(md):
        if re.match(r'https?://', t):
            if host and t.startswith(host): bad.append(t)
        elif not t.startswith(('#', 'mailto:')) and not (root/t.split('#')[0]).exists(): bad.append(t)
    return bad

def test_readme_links_to_repository_files():
    bad = bad_readme_links((ROOT/'README.md').read_text(), ROOT)
    assert not bad, f"README.md links to pages that are not files of the repository: {bad}"

def test_the_readme_check_finds_a_bad_link(tmp_path):
    (tmp_path/'nbs').mkdir(); (tmp_path/'nbs'/'08_train.ipynb').write_text('{}')
    (tmp_path/'settings.ini').write_text('[DEFAULT]\ndoc_host = https://example.github.io\n')
    md = ('[a](nbs/08_train.ipynb#train) [b](https://example.github.io/x/train.html#train) [c](nbs/missing.ipynb) '
          '[d](https://quarto.org)')
    assert bad_readme_links(md, tmp_path) == ['https://example.github.io/x/train.html#train', 'nbs/missing.ipynb']

# --- a chapter is one read: at most 3,500 words of prose (its markdown cells); the results appendix records tries ----
MAX_PROSE_WORDS, EXEMPT = 3500, {'95_results.ipynb'}

def prose_words(nb: dict) -> int:
    "Words (whitespace-separated) in the markdown cells of a notebook."
    return sum(len(''.join(c['source']).split()) for c in nb['cells'] if c['cell_type'] == 'markdown')

@pytest.mark.parametrize('path', [p for p in product_files() if p.suffix == '.ipynb' and p.name not in EXEMPT],
                         ids=lambda p: p.name)
def test_chapter_prose_fits_one_read(path):
    n = prose_words(json.loads(path.read_text()))
    assert n <= MAX_PROSE_WORDS, (f"{path.name} has {n:,} words of prose (at most {MAX_PROSE_WORDS:,}): move records "
                                  "to nbs/95_results.ipynb and keep the lesson")

def test_prose_count_reads_markdown_only():
    nb = {'cells': [{'cell_type': 'markdown', 'source': ['two words\n', 'and three']},
                    {'cell_type': 'code', 'source': ['x = 1  # not prose at all']}]}
    assert prose_words(nb) == 4
    nb['cells'] *= 1000
    assert prose_words(nb) > MAX_PROSE_WORDS

# --- shipped files name no folder of the machine they were made on -----------------------------------------------
ABSOLUTE = re.compile(r'(?<![\w.])/(?:work|tmp|home|root|Users|mnt|data)/[^\s"\']*')

def absolute_paths(obj, where='') -> list:
    "Every string inside a (nested) record that names an absolute folder of some machine, as 'where: path'."
    if isinstance(obj, dict): return [b for k, v in obj.items() for b in absolute_paths(v, f'{where}.{k}')]
    if isinstance(obj, (list, tuple)): return [b for i, v in enumerate(obj) for b in absolute_paths(v, f'{where}[{i}]')]
    return [f'{where}: {m.group()}' for m in ABSOLUTE.finditer(obj)] if isinstance(obj, str) else []

@pytest.mark.parametrize('path', sorted((ROOT/'cpn_nbdev'/'assets').glob('*.*')), ids=lambda p: p.name)
def test_shipped_assets_name_no_machine_folder(path):
    import torch
    rec = (json.loads(path.read_text()) if path.suffix == '.json' else
           {k: v for k, v in torch.load(path, weights_only=True, map_location='cpu').items()
            if k not in ('model', 'optimizer')})
    bad = absolute_paths(rec)
    assert not bad, f"{path.name} names folders of the machine it was made on: {bad[:3]}"

def test_the_path_check_finds_a_planted_path():
    found = absolute_paths({'a': [{'init': '/work/notes/run/model.pth'}], 'b': 'runs/x'})
    assert found == ['.a[0].init: /work/notes/run/model.pth'], found
    assert not absolute_paths({'cmd': 'cpn-data msrc MSRC DIR --short_side 160', 'ratio': '1/2', 'p': 'bench/photos/x'})
