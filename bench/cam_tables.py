"""Print the ablation tables of chapter 10 from finished benchmark runs (bench/cam_runs.py, bench/cam_queue.py,
bench/gpu_session.sh write them): paper Tab. 2 (losses and refinement), Tab. 4 (p_h), the patch size (Fig. 7), and
the longer schedules, all on one world and seed.

    .venv/bin/python bench/cam_tables.py [OUT=bench/cam] [DATA=default] [SEED=0]"""
import sys
from cpn_nbdev.demo import runs_table
out, data, seed = (sys.argv[1:] + ['bench/cam', 'default', '0'][len(sys.argv[1:]):])[:3]
seed = int(seed)
tables = {
    "Paper Tab. 2: losses and refinement (each row adds one piece)": {
        'baseline': 'baseline (L_cls)', 'tcp_pcm': 'L_tcp + PCM', 'tcp_cpcr_pcm': '+ L_cpcr (no OHEM)',
        'tcp_cpcr_ohem_pcm': '+ OHEM (top 20%)', 'cpn': '+ PRCM (= CPN)'},
    "Paper Tab. 4: hide probability p_h": {f'ph{p}': f'p_h = {p}' for p in (0.1, 0.2, 0.3, 0.4)} | {'cpn': 'p_h = 0.5 (= CPN)'},
    "Patch size (paper Fig. 7): one cell size K per run; CPN draws 16 or 24 px per image": {
        **{f'K={k}': f'K = {k} px' for k in (8, 12, 16, 24, 32, 48)}, 'cpn': 'K ∈ {16, 24} (= CPN)'},
    "Three times the steps (2,250 instead of 750)": {
        'baseline': 'baseline', 'baseline3x': 'baseline, 3×', 'hide': 'hide-only', 'hide3x': 'hide-only, 3×',
        'cpn': 'CPN', 'cpn3x': 'CPN, 3×'},
}
for title, rows in tables.items():
    print(f"\n### {title} ({data}, seed {seed})\n")
    try: print(runs_table(out, data, seed, rows))
    except FileNotFoundError as e: print(f"(not all runs finished: {e})")
