"""Ingest: the documents people already have (a plan decision or a coordination regulation, as .docx, .txt, .md
or pasted text) become draft plans and regulations, checked by a person before they are saved.

Pure core: `reader.py` (file → lines and tables), `textparse.py` (folding with positions, articles and clauses,
numbers and dates, shared by the parsers), `plan_parser.py`, `regulation_parser.py` with its `regulation_*.py`
pieces (vocabulary as data, topics, agencies, header, clauses, kind), `structure.py` (the result, with the JSON
keys other tools rely on). Then `resolver.py` (names → agencies, with the database)
and `services.py` (save in one transaction). Rules: U-6, PLAN-1 to PLAN-3, REG-1, ORG-3.
"""
