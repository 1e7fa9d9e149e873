"""Rules of IDX-4, IDX-5: appraisal and explanations (imported by index/rules.py)."""
