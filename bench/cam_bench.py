"""The CAM benchmark of chapter 10 (issue: partial-CAM regime): seeds x data presets x runs, printed as Markdown.

    .venv/bin/python bench/cam_bench.py                       # 3 seeds, default + variant, baseline/3x/hide/cpn
    .venv/bin/python bench/cam_bench.py --seeds 0 --presets default --runs baseline,cpn
Everything is cached per run under bench/cam/runs, so an interrupted benchmark continues where it stopped."""
import sys
from cpn_nbdev.cli import bench_cam_main

if __name__ == '__main__': bench_cam_main()
