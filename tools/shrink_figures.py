"""Re-encode the PNG figures stored in notebooks as palette PNGs (at most 256 colours, optimised), so that the
notebooks stay small (stored outputs ≤ 3 MB in all) without running them again. A figure is replaced only
when the palette version is smaller and shows the same picture to within a small error (mean absolute difference
under 3.5 of 255 per channel); images that need more colours keep their full encoding.

    .venv/bin/python tools/shrink_figures.py [NOTEBOOK ...]      (default: every notebook in nbs/)

Run it after re-executing notebooks (`make run-nbs` does), then `nbdev_clean`."""
import base64, io, json, sys
from pathlib import Path
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
MAX_ERROR = 3.5

def shrink_png(data: bytes) -> bytes:
    "The palette version of a PNG if it is smaller and looks the same, else the PNG as it was."
    im = Image.open(io.BytesIO(data))
    rgba = im.convert('RGBA')
    q = rgba.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    err = np.abs(np.asarray(q.convert('RGBA'), np.float32) - np.asarray(rgba, np.float32)).mean()
    buf = io.BytesIO()
    q.save(buf, format='PNG', optimize=True)
    return buf.getvalue() if err < MAX_ERROR and buf.tell() < len(data) else data

def shrink_notebook(path: Path) -> tuple:
    "Shrink every stored PNG of the notebook at `path` in place: (bytes before, bytes after) of its images."
    nb = json.loads(path.read_text())
    before = after = 0
    for cell in nb['cells']:
        for out in cell.get('outputs', []):
            png = out.get('data', {}).get('image/png')
            if not png: continue
            raw = base64.b64decode(png if isinstance(png, str) else ''.join(png))
            new = shrink_png(raw)
            before, after = before + len(raw), after + len(new)
            if new is not raw: out['data']['image/png'] = base64.b64encode(new).decode() + '\n'
    if after < before: path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
    return before, after

if __name__ == '__main__':
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT/'nbs').glob('*.ipynb'))
    for p in paths:
        b, a = shrink_notebook(p)
        if b: print(f"{p.name}: figures {b/1e6:.2f} MB -> {a/1e6:.2f} MB")
