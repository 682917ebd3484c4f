"""The SUS statistics report (seed 004) for any period: the summary, its tables and charts,
the JSON of reports.md, national reference figures, and the sus_report command.
"""
