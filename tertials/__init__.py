"""Tertial reports: write, submit, return and approve, with snapshots and history; periods,
deadlines and reminders (notices.py); the kansli dashboard and the board's year view.
"""
