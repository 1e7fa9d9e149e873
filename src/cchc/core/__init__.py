"""Core: Province (the top scope), text folding for search, dates, the audit trail, and the permission policy.

Rules owned here: ORG-4 (who sees what), U-1 (accent-insensitive search, dates), U-3 (audit).
"""
