"""`make lab`, the README's way in for a learner, starts JupyterLab from .venv on the chapters, for root (Jupyter
refuses root without `--allow-root`, which the Makefile adds for root only) and for any other user."""
import json, os, signal, socket, subprocess, time, urllib.request
from conftest import ROOT

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]

def _get(url:str):
    with urllib.request.urlopen(url, timeout=5) as r: return r.status, r.read()

def test_make_lab_serves_the_chapters():
    port = _free_port()
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token= "
            "--ServerApp.password= --LabApp.news_url=None "
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
    p = subprocess.Popen(['make', '-s', 'lab', f'LAB_ARGS={args}'], cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        listing, deadline = None, time.time() + 120
        while listing is None and time.time() < deadline and p.poll() is None:
            try: listing = json.loads(_get(f'http://127.0.0.1:{port}/api/contents')[1])
            except OSError: time.sleep(1)
        assert listing is not None, f"make lab did not serve on port {port} (exit code {p.poll()})"
        names = {c['name'] for c in listing['content']}
        assert {'index.ipynb', '01_data.ipynb', '03_patches.ipynb', '10_demo.ipynb'} <= names, sorted(names)
        status, page = _get(f'http://127.0.0.1:{port}/lab/tree/03_patches.ipynb')
        assert status == 200 and b'JupyterLab' in page
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(timeout=30)

def test_allow_root_only_for_root():
    "The command `make lab` runs names --allow-root exactly when the user is root (id -u is 0)."
    r = subprocess.run(['make', '-n', '-s', 'lab', 'LAB_ARGS=--no-browser'], cwd=ROOT, capture_output=True, text=True)
    line = [l for l in r.stdout.splitlines() if 'jupyter-lab' in l]
    assert r.returncode == 0 and line, r.stdout + r.stderr
    assert ('--allow-root' in line[-1]) == (os.getuid() == 0), line[-1]
