"""Shared documents: decisions, guidance, legal updates and reports that an agency publishes to chosen agencies or
groups of its province, findable by number, date, issuer and words without accents.

Rules owned here: TRK-5 (and COO-3's internal regulations of the units, published as documents of their kind).
"""
