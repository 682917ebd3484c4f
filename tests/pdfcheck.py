"""What every PDF the site makes must be, checked with pikepdf (a validator would be veraPDF;
these are the checks of its PDF/UA-1 and PDF/A-2a profiles that matter to us): tagged (a
structure tree, /MarkInfo Marked), /Lang sv, its title shown, every font embedded, every figure
with alternative text, PDF/UA-1 and PDF/A-2a identified in the XMP. And its text layer, read by
poppler's pdftotext when installed."""

from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf

PDFUA = "{http://www.aiim.org/pdfua/ns/id/}part"
PDFA_PART = "{http://www.aiim.org/pdfa/ns/id/}part"
PDFA_CONFORMANCE = "{http://www.aiim.org/pdfa/ns/id/}conformance"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _fonts(resources, seen):
    """Every font dictionary reachable from a resource dictionary (through form XObjects too)."""
    if resources is None:
        return
    yield from (resources.get("/Font") or {}).values()
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen)


def font_problems(pdf: pikepdf.Pdf) -> list[str]:
    """The names of the fonts that are not embedded."""
    problems = []
    seen: set = set()
    for page in pdf.pages:
        for font in _fonts(page.obj.get("/Resources"), seen):
            described = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is None or not any(key in descriptor for key in FONT_FILES):
                problems.append(str(font.get("/BaseFont")))
    return problems


def _struct_elements(node):
    kids = node.get("/K")
    if kids is None:
        return
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type", "/StructElem") == "/StructElem" and "/S" in kid:
            yield kid
            yield from _struct_elements(kid)


def assert_accessible_pdf(content: bytes) -> pikepdf.Pdf:
    assert content.startswith(b"%PDF-"), content[:20]
    pdf = pikepdf.open(io.BytesIO(content))
    root = pdf.Root
    assert "/StructTreeRoot" in root, "not tagged: no structure tree"
    assert root.get("/MarkInfo", {}).get("/Marked") is True, "not tagged: /MarkInfo /Marked is not true"
    assert str(root.get("/Lang")) == "sv", f"/Lang is {root.get('/Lang')!r}"
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert font_problems(pdf) == [], f"fonts not embedded: {font_problems(pdf)}"
    elements = list(_struct_elements(root.StructTreeRoot))
    assert any(str(e.S) in ("/P", "/H1", "/H2", "/Table") for e in elements), "an empty structure tree"
    figures = [e for e in elements if str(e.S) == "/Figure"]
    assert all(str(e.get("/Alt", "")).strip() for e in figures), "a figure without alternative text"
    metadata = pdf.open_metadata()
    assert metadata.get(PDFUA) == "1", "no PDF/UA-1 identification in the XMP"
    assert (metadata.get(PDFA_PART), metadata.get(PDFA_CONFORMANCE)) == ("2", "A")
    assert metadata.get(DC_TITLE), "no dc:title"
    return pdf


def links(pdf: pikepdf.Pdf) -> list[str]:
    """Every URI a link annotation in the document points to."""
    found = []
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots") or []:
            action = annotation.get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action.URI))
    return found


def has_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


def text_layer(content: bytes, *, layout: bool = False) -> str:
    """The text a reader copies out (poppler's pdftotext)."""
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=content, capture_output=True, check=True).stdout.decode()
