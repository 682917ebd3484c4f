"""The audit trail: the change log (django-auditlog), the access log of every read of personal
data, the /granskning/ page, and the retention purge that keeps the logs free of purged people.
"""
