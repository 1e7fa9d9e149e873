"""Rules of IDX-3: self-assessment (imported by index/rules.py)."""
