"""Print the ablation tables of chapter 10 (`cpn_nbdev.demo.ABLATION_TABLES`: paper Tab. 2, Tab. 4, the patch size of
Fig. 7, and the 3× schedules) from finished benchmark runs of one world and seed — the runs that
`cpn-bench-cam --runs ablations`, bench/cam_runs.py, bench/cam_queue.py or bench/gpu_session.sh wrote.

    .venv/bin/python bench/cam_tables.py [OUT=bench/cam] [DATA=default] [SEED=0]"""
import sys
from cpn_nbdev.demo import ABLATION_TABLES, runs_table
out, data, seed = (sys.argv[1:] + ['bench/cam', 'default', '0'][len(sys.argv[1:]):])[:3]
for title, rows in ABLATION_TABLES.items():
    print(f"\n### {title} ({data}, seed {seed})\n")
    try: print(runs_table(out, data, int(seed), rows))
    except FileNotFoundError as e: print(f"(not all runs finished: {e})")
