"""The statistics kernel shared by reports, pathways, tertials and the interventions list.

It owns:
- the table model (`stats.tables`): `Table`, `Cell`, `share` and the one half-up rounding;
- disclosure control (`stats.disclosure`): the single entry point every board output goes
  through, and the one way hidden counts are shown (`<5` small, `×` protecting, `–` derived);
- the writers of every aggregated download (`stats.writers` for CSV and XLSX with the one
  formula-neutralising rule, `stats.pdf` for the PDF fonts and table layout);
- the audit policy for aggregated downloads (`stats.downloads`).

A plain package (no models): it never reads the registry (the downloads module writes the access log).
"""
