"""Build pydensecrf2's extensions in place from its source archive, for a Python that has no wheel of it (the GPU
machine's 3.12): compiles the C++ files the archive ships (Cython's output included), no download, no Cython.
    python3 bench/build_crf.py pydensecrf2-1.1.tar.gz TARGET      → TARGET/pydensecrf importable (add TARGET to PYTHONPATH)
The archive, fetched here (where pip reaches the registry) into the git-excluded .whl/ that a device call carries:
    .venv/bin/pip download --no-deps --no-binary :all: pydensecrf2==1.1 -d .whl"""
import sys, tarfile, tempfile, shutil, os
from pathlib import Path
from setuptools import setup, Extension
src, target = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
work = Path(tempfile.mkdtemp())
with tarfile.open(src) as t: t.extractall(work, **({'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}))
root = next(work.glob('pydensecrf2-*')); os.chdir(root)
inc = ['pydensecrf/densecrf/include']
core = [f'pydensecrf/densecrf/src/{n}.cpp' for n in ('densecrf', 'unary', 'pairwise', 'permutohedral', 'optimization', 'objective', 'labelcompatibility', 'util')]
exts = [Extension('pydensecrf.eigen', ['pydensecrf/eigen.cpp', 'pydensecrf/eigen_impl.cpp'], language='c++', include_dirs=inc),
        Extension('pydensecrf.densecrf', ['pydensecrf/densecrf.cpp', *core, 'pydensecrf/densecrf/external/liblbfgs/lib/lbfgs.c'],
                  language='c++', include_dirs=inc + ['pydensecrf/densecrf/external/liblbfgs/include'])]
setup(name='pydensecrf2', ext_modules=exts, packages=['pydensecrf'], script_args=['-q', 'build_ext', '--inplace', '-j', '8'])
target.mkdir(parents=True, exist_ok=True)
shutil.rmtree(target/'pydensecrf', ignore_errors=True); shutil.copytree(root/'pydensecrf', target/'pydensecrf')
print('built', *sorted(p.name for p in (target/'pydensecrf').glob('*.so')))
