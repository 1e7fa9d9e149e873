"""Plans: period, annual, agency and thematic plans, their objectives, targets, tasks and milestones; the yearly
cycle (proposals, consultation, issue), adjustments as versions, and the agency plan's alignment check.

Rules owned here: PLAN-1 to PLAN-8, and REG-3 for tasks (one lead, never among its coordinators).
"""
