"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does with Quarto), with nbconvert instead of Quarto.
Figures go to README_files/; links to chapters and nbdev's symbol links point into nbs/: the README links only to
files of the repository and to other sites."""
import argparse, json, re, shutil, sys, tempfile
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from build_docs import ROOT, nbdev_page, tidy_notebook

def build(out: Path) -> Path:
    from nbdev.serve import proc_nbs
    from nbconvert import MarkdownExporter
    work = Path(tempfile.mkdtemp(prefix='cpn-readme-'))
    try:
        shutil.copy2(ROOT/'nbs'/'index.ipynb', work/'index.ipynb')
        for n in ('_quarto.yml', 'sidebar.yml'): (work/n).write_text((ROOT/'nbs'/n).read_text())
        proc = Path(proc_nbs(str(work), force=True, n_workers=0))
        # nbdev's symbol links (to a docs host) go to the chapter in the repository that documents the symbol
        pages = {nbdev_page(p.name): p.name for p in (ROOT/'nbs').glob('*.ipynb')}
        nb = proc/'index.ipynb'; tidy_notebook(nb, pages=pages)
        from traitlets.config import Config
        cfg = Config()
        cfg.TagRemovePreprocessor.enabled = True                     # `#| echo: false` cells show their output only
        cfg.TagRemovePreprocessor.remove_input_tags = {'remove_input'}
        md, res = MarkdownExporter(config=cfg).from_filename(str(nb), resources={'output_files_dir': 'README_files'})
    finally: shutil.rmtree(work, ignore_errors=True)
    md = re.sub(r'\]\((\d\d[a-z]?_[\w-]+\.ipynb(?:#[\w-]+)?)\)', r'](nbs/\1)', md)  # chapter links from the repository root
    md = re.sub(r'\n{3,}', '\n\n', md).strip() + '\n'
    files = out.parent/'README_files'
    shutil.rmtree(files, ignore_errors=True)
    for name, data in res.get('outputs', {}).items():
        (out.parent/name).parent.mkdir(parents=True, exist_ok=True); (out.parent/name).write_bytes(data)
    out.write_text(md)
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=str(ROOT/'README.md'))
    print('wrote', build(Path(ap.parse_args().out).resolve()))
