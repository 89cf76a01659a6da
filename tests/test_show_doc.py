"""Every `show_doc(...)` output stored in the notebooks is what nbdev's `show_doc` renders for that object now
(`tools/show_docs.py` does the comparison; `--refresh` there rewrites stale outputs without running the notebooks).

`stale_show_docs(path)` takes any notebook path, so a doctored copy can be checked too (see the last tests)."""
import ast, json, re, sys
import pytest
from conftest import ROOT, notebooks
sys.path.insert(0, str(ROOT/'tools'))
from show_docs import show_doc_cells, stale_show_docs, render, _calls

MIN_SHOW_DOCS = 60  # the chapters hold 80 (12 notebooks); far fewer: the cell parser misses them
_WITH_SHOW_DOCS = [nb for nb in notebooks() if show_doc_cells(nb)]

@pytest.mark.parametrize('nb', _WITH_SHOW_DOCS, ids=lambda p: p.name)
def test_show_doc_outputs_are_current(nb):
    bad = stale_show_docs(nb)
    fix = f".venv/bin/python tools/show_docs.py --refresh nbs/{nb.name}"
    if bad: pytest.fail(f"{len(bad)} stale show_doc output(s) in {nb.name} (refresh: {fix}):\n\n" + '\n\n'.join(bad),
                        pytrace=False)

def test_show_doc_cells_are_found():
    n = sum(len(show_doc_cells(nb)) for nb in notebooks())
    assert n >= MIN_SHOW_DOCS, f"only {n} show_doc calls found in nbs/*.ipynb (expected at least {MIN_SHOW_DOCS})"
    assert len(_WITH_SHOW_DOCS) >= 10, [p.name for p in _WITH_SHOW_DOCS]

def _nb(*cells) -> dict:
    return dict(cells=list(cells), metadata={}, nbformat=4, nbformat_minor=5)

def _code(i, src, *mds) -> dict:
    outs = [dict(data={'text/markdown': md, 'text/plain': ''}, execution_count=None, metadata={},
                 output_type='execute_result') for md in mds]
    return dict(cell_type='code', id=f'c{i}', source=src, metadata={}, outputs=outs, execution_count=None)

def test_parses_kwargs_and_several_calls():
    src = "#| echo: false\n# two of them\nshow_doc(cpn_loss, title_level=4)\nshow_doc(LossConfig, name='the config')"
    calls = _calls(src)
    assert [ast.unparse(c) for c in calls] == ["show_doc(cpn_loss, title_level=4)",
                                               "show_doc(LossConfig, name='the config')"]
    assert _calls('show_doc(cpn_loss)\nx = 1') is None and _calls('%time show_doc(cpn_loss)') is None
    assert _calls('from nbdev.showdoc import show_doc') is None

def test_detects_a_stale_output(tmp_path):
    "A notebook whose stored outputs are fresh passes; alter one stored docstring or signature line and it fails."
    fresh = [render(ast.parse(c).body[0].value, 'losses') for c in
             ('show_doc(cpn_loss, title_level=4)', "show_doc(LossConfig, name='the config')", 'show_doc(tcp_loss)')]
    assert '#### cpn_loss' in fresh[0] and '### the config' in fresh[1]
    cells = [_code(0, '#| default_exp losses'), _code(1, 'show_doc(cpn_loss, title_level=4)\n'
                                                          "show_doc(LossConfig, name='the config')", *fresh[:2]),
             _code(2, '#| hide\nshow_doc(tcp_loss)', fresh[2])]
    nb = tmp_path/'07_losses.ipynb'
    nb.write_text(json.dumps(_nb(*cells)))
    assert len(show_doc_cells(nb)) == 3 and stale_show_docs(nb) == []
    # the source link's line number and whitespace do not count
    cells[2]['outputs'][0]['data']['text/markdown'] = re.sub(r'#L\w+\)', '#L1)', fresh[2]).replace(', ', ',   ')
    nb.write_text(json.dumps(_nb(*cells)))
    assert stale_show_docs(nb) == []
    cells[1]['outputs'][1]['data']['text/markdown'] = fresh[1].replace('tcp_renorm', 'tcp_renormalise')
    cells[2]['outputs'] = []
    nb.write_text(json.dumps(_nb(*cells)))
    bad = stale_show_docs(nb)
    assert len(bad) == 2, bad
    assert bad[0].startswith("07_losses.ipynb, cell 1 (id c1), `show_doc(LossConfig, name='the config')` documenting "
                             "LossConfig: the stored output is stale") and 'tcp_renormalise' in bad[0], bad[0]
    assert bad[1].startswith('07_losses.ipynb, cell 2 (id c2), `show_doc(tcp_loss)`') and 'no stored' in bad[1], bad[1]

def test_an_unknown_object_is_reported(tmp_path):
    nb = tmp_path/'x.ipynb'
    nb.write_text(json.dumps(_nb(_code(0, '#| default_exp losses'), _code(1, 'show_doc(no_such_thing)', 'x'))))
    bad = stale_show_docs(nb)
    assert len(bad) == 1 and 'no_such_thing' in bad[0] and 'cannot render' in bad[0], bad

def test_a_source_link_without_a_line_is_stale(tmp_path):
    "nbdev writes `#LNone` for an object imported from the package; a stored one fails, a refresh gives the line."
    from show_docs import with_source_line
    fresh = render(ast.parse('show_doc(tcp_loss)').body[0].value, 'losses')
    assert '#LNone' not in fresh and re.search(r'losses\.py#L\d+\)', fresh), fresh[:300]
    doctored = re.sub(r'#L\d+\)', '#LNone)', fresh)
    nb = tmp_path/'07_losses.ipynb'
    nb.write_text(json.dumps(_nb(_code(0, '#| default_exp losses'), _code(1, 'show_doc(tcp_loss)', doctored))))
    assert any('#LNone' in b for b in stale_show_docs(nb)), 'a stored #LNone passed'
    stale_show_docs(nb, refresh=True)
    assert not stale_show_docs(nb) and '#LNone' not in nb.read_text()
    assert with_source_line(doctored) == fresh
