"""Coordination: activities (meetings, written comments, information sharing, conferences, working groups, field
surveys), the quarterly briefing scheduled from the regulation, its minutes and conclusions (each may become a task
of a plan), and the yearly review of the regulation.

Rules owned here: COO-1, COO-2, COO-3.
"""
