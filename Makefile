# The two commands of the README are `make demo` and `make test`; both create or reuse .venv first.
VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin

.PHONY: venv demo test lab nbtest export clean-nbs check-clean docs docs-check run-nbs bench wheel-test

venv:
	@tools/setup-env.sh

demo: venv  ## the main job on the embedded default data
	$(BIN)/cpn-demo

# Jupyter refuses to run as root without --allow-root (a container's user is often root): added only for root
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: venv  ## JupyterLab on the chapters (nbs/), from .venv: the way to read and run the course
	$(BIN)/jupyter-lab --ServerApp.root_dir=nbs $(ROOT_ARGS) $(LAB_ARGS)

test: venv  ## the whole suite: notebooks (nbdev's test runner), exports in sync, CLI, docs site
	$(PY) -m pytest tests -q -p no:cacheprovider

nbtest: venv  ## plain nbdev_test over every notebook (what `make test` runs notebook by notebook)
	$(BIN)/nbdev_test --n_workers 2

export: venv
	$(BIN)/nbdev_export && $(BIN)/nbdev_clean

run-nbs: venv  ## re-execute every notebook in place (refreshes the figures the docs show), then clean
	for nb in nbs/[0-9]*.ipynb nbs/index.ipynb; do $(BIN)/jupyter nbconvert --to notebook --execute --inplace $$nb || exit 1; done
	$(PY) tools/shrink_figures.py
	$(PY) tools/show_docs.py --refresh  # show_doc outputs: the [source] link on its line (a kernel writes #LNone)
	$(BIN)/nbdev_clean

docs: venv  ## offline documentation site (mkdocs-material, local MathJax, static widget pictures) -> site/
	$(PY) tools/build_docs.py

docs-check: venv  ## the docs site and the widget notebooks in headless chromium; screenshots -> site/_review/
	OMP_NUM_THREADS=1 $(PY) -m pytest tests/test_docs.py tests/test_browser.py -q -p no:cacheprovider

bench: venv
	$(PY) bench/cp_pairs.py

wheel-test: venv  ## the built wheel in a fresh venv outside the checkout (downloads torch: minutes, 6 GB)
	CPN_WHEEL_TEST=1 $(PY) -m pytest tests/test_wheel.py -q -p no:cacheprovider -s
