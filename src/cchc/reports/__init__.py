"""Periodic CCHC reports (RPT-1, RPT-2, RPT-3, RPT-5): report cycles with a template of sections and indicators,
agencies' submissions prefilled from their tasks, the standing agency's board and the consolidated report."""
