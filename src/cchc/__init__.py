"""CCHC: coordination of provincial administrative reform (cải cách hành chính)."""
