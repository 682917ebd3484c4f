"""Case tracking between start and end: the individual plan with versions, contacts and
follow-up meetings, follow-ups after exit, the worklist (Att göra) with its reminders, the
registerutdrag and the lasting-effect table.
"""
