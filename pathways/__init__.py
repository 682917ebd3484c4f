"""Beyond SUS: pathways across interventions, gaps between them, cycling, step progress,
cost per outcome, effects, coverage against need and implementation tracking.
"""
