"""The SUS exchange files (../shared/spec/exchange-format.md): import and export.

    resources.py               the columns of each kind of file, cell <-> value (django-import-export)
    formats.py                 reading (CSV, XLSX; header and rows) and writing the tables
    importing.py               import_file: one file, all or nothing
    importers.py               the importers of interventions, anonymous and volume registrations
    participation_importer.py  the importer of participations (people and spells)
    exporting.py               export_sus and the zip download
    models.py, jobs.py, tasks.py   uploads as jobs (ImportJob.run), small at once, large on the worker
"""
