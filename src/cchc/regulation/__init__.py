"""The coordination regulation (quy chế phối hợp) as data, and the routing service that answers from it.

Rules owned here: REG-1 (regulation record), REG-2 (one in force), REG-3 (one lead, never its own
coordinator), REG-4 (routing from data), REG-5 (the seed regulations load).
"""
