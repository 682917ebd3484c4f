"""The statistics kernel shared by reports, pathways, tertials and the interventions list.

It owns:
- the table model (`stats.tables`): `Table`, `Cell`, `share` and the one half-up rounding;
- disclosure control (`stats.disclosure`): the single entry point every board output goes
  through, and the one way hidden counts are shown (`<5` small, `×` protecting, `–` derived);
- the writers of every aggregated download (`stats.writers` for CSV and XLSX with the one
  formula-neutralising rule, `stats.pdf` for the PDF fonts and table layout);
- the audit policy for aggregated downloads (`stats.downloads`);
- the board's published years (`stats.models.Publication`, `stats.publication`): every board
  output of a year computed and protected together once, then served unchanged.

Its one model is the publication; only `stats.publication` reads the registry (through
`reports.board_figures`, which gathers the outputs), and the downloads module writes the access log.
"""
