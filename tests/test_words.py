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
