"""Ingest: the documents people already have (a plan decision or a coordination regulation, as .docx, .txt, .md
or pasted text) become draft plans and regulations, checked by a person before they are saved.

Pure core: `reader.py` (file → lines and tables), `plan_parser.py`, `regulation_parser.py`, `structure.py`
(the result, with the JSON keys other tools rely on). Then `resolver.py` (names → agencies, with the database)
and `services.py` (save in one transaction). Rules: U-6, PLAN-1 to PLAN-3, REG-1, ORG-3.
"""
