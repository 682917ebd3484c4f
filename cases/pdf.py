"""A cases.extract.Document as PDF through stats.pdf (the site's one PDF engine): landscape A4,
tables that repeat their header on each page. Rendering only: what goes in is cases.extract's."""

from __future__ import annotations

from stats.pdf import render_template

from .extract import Document, Table


def _block(block) -> dict:
    if isinstance(block, str):
        return {"kind": "text", "text": block}
    if isinstance(block, Table):
        shares = block.widths or [1 / len(block.headers)] * len(block.headers)
        return {"kind": "table", "headers": list(zip(block.headers, [f"{100 * s:.1f}" for s in shares], strict=True)),
                "rows": block.rows, "empty": block.empty}
    return {"kind": "pairs", "pairs": block}


def render(document: Document) -> bytes:
    sections = [{"title": s.title, "level": s.level + 1, "blocks": [_block(b) for b in s.blocks]}
                for s in document.sections]
    return render_template("cases/registerutdrag_pdf.html", {"subtitle": document.subtitle, "sections": sections},
                           title=document.title)
