"""Rules of IDX-8, EVL-1: the province's own self-assessment, the head-of-agency evaluation.

Imported by index/rules.py.
"""
