"""Agencies of a province, their kinds, parents, dates and successors; agency groups; people's memberships.

Rules owned here: ORG-1 (agencies), ORG-2 (successors), ORG-3 (groups resolved at a date), ORG-4 (roles).
"""
