"""The SUS exchange files (../shared/spec/exchange-format.md): import and export.

    resources.py               the columns of each kind of file, cell <-> value (django-import-export)
    tables.py                  what a reader gives back (Table, FileUnreadable)
    formats.py                 reading: CSV, cells as text, header and rows (mojibake refused)
    workbooks.py               reading XLSX and ODS with bounded cost (zip bombs, declared dimensions)
    writing.py                 writing: the contract's CSV, "CSV för Excel", typed XLSX
    importing.py               import_file: one file, all or nothing
    importers.py               the importers of interventions, anonymous and volume registrations
    participation_importer.py  the importer of participations (people and spells)
    exporting.py               export_sus and the zip download
    models.py, jobs.py, tasks.py   uploads as jobs (ImportJob.run), small at once, large on the worker
"""
