"""Which species a classifier names once the part is painted out (chapter 1's flip argument, chapter 10's numbers):
per-class AP on the painted-out validation scenes and, over the scenes with one animal, the confusion matrix of the
top-scoring class (rows: true species, columns: named species).

    .venv/bin/python bench/painted_confusion.py DATA RUN_FOLDER...
    e.g. .venv/bin/python bench/painted_confusion.py default bench/cam/runs/default/cpn-s0 bench/cam/runs/default/cpn3x-s0"""
import sys, numpy as np, torch
torch.set_num_threads(1)
from cpn_nbdev.data import AnimalScenes
from cpn_nbdev.evaluate import classify, average_precision
from cpn_nbdev.train import model_from_checkpoint
from cpn_nbdev.demo import painted_batch

data, runs = sys.argv[1], sys.argv[2:]
ds = AnimalScenes('val', preset=data, progress=False)
x = painted_batch(ds)
y, names = ds.arrays['labels'], ds.classes
one = y.sum(1) == 1
for run in runs:
    s = classify(model_from_checkpoint(f'{run}/model.pth')[0], x)
    cm = np.zeros((len(names),)*2, int)
    for t, p in zip(y[one].argmax(1), s[one].argmax(1)): cm[t, p] += 1
    print(f"{run}: AP per class, part painted out: " + ', '.join(f'{n} {average_precision(s[:, c], y[:, c]):.1f}' for c, n in enumerate(names)))
    print('| true \\ named | ' + ' | '.join(names) + ' |\n|---|' + '---|'*len(names))
    for n, row in zip(names, cm): print(f'| {n} | ' + ' | '.join(str(v) for v in row) + ' |')
