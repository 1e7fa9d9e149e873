"""Rules of IDX-6, IDX-7: survey import, results, publication (imported by index/rules.py)."""
