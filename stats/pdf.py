"""Every PDF the site makes goes through here: HTML from the site's own templates and one print
stylesheet, laid out by WeasyPrint as a tagged PDF/A-2a that is also PDF/UA-1 (structure tree,
/Lang sv, DejaVu Sans embedded and subset, the title shown as the window title).

Entry points: `render_template` (a template under templates/pdf/ or an app's own), `render_html`
(an HTML text), and `tables_pdf` (titled `stats.tables.Table`s, the plain report layout).
Templates autoescape, so a name like `<a href=…>` prints as text. Resources load only from the
data: and file: schemes: a PDF never fetches anything from the network.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from django.conf import settings
from django.template.loader import render_to_string

# PDF/A-2 level a asks for the tags PDF/UA needs; the PDF/UA identification is added to the XMP
# (WeasyPrint has one variant per file, and a document can claim both).
VARIANT = "pdf/a-2a"
UA_XMP = Path(__file__).with_name("pdfua.xmp")
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "pdf.css"
LANG = "sv"
FONT_FAMILY = "DejaVu Sans"


def render_html(html: str) -> bytes:
    """The HTML laid out as a tagged, accessible, archivable PDF."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data", "file"))
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(STYLESHEET), url_fetcher=fetcher)], pdf_tags=True)
    _claim_pdf_ua(document.metadata)
    return document.write_pdf(pdf_variant=VARIANT)


def _claim_pdf_ua(metadata) -> None:
    """Add the PDF/UA identification to the one rdf:RDF of the XMP WeasyPrint writes (its
    xmp_metadata option would add a second rdf:RDF, which readers ignore)."""
    generate = metadata.generate_rdf_metadata

    def with_ua(*args, **kwargs) -> bytes:
        rdf = ElementTree.fromstring(generate(*args, **kwargs))
        rdf.extend(ElementTree.parse(UA_XMP).getroot())
        return ElementTree.tostring(rdf, encoding="utf-8")

    metadata.generate_rdf_metadata = with_ua


def render_template(template: str, context: dict, *, title: str) -> bytes:
    """A template extending "pdf/base.html" (it sets <html lang="sv"> and the <title>)."""
    return render_html(render_to_string(template, {**context, "pdf_title": title}))


def tables_pdf(title: str, subtitle: str, tables, *, legend: str = "", landscape: bool = True) -> bytes:
    """A document of `stats.tables.Table`s: title, subtitle, legend, then each table with its
    note (hidden cells as their marks, the footer rows set apart)."""
    from .tables import display

    rendered = [
        {"table": table, "rows": [[display(cell) for cell in row] for row in table.rows],
         "footer": [[display(cell) for cell in row] for row in table.footer]}
        for table in tables
    ]
    return render_template("pdf/tables.html", {"subtitle": subtitle, "legend": legend, "tables": rendered,
                                               "landscape": landscape}, title=title)
