"""Interventions (insatser): code, årsplatser, goals, budgets and staff assignments, and the
interventions list with this year's figures.
"""
