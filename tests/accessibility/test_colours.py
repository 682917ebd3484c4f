"""Text on coloured cells (heat maps, status chips) has at least 4.5:1 contrast (1.4.3), read
from the stylesheets themselves: axe only sees the colours the demo data happens to produce."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "static" / "css"
RULE = re.compile(
    r"\{[^}]*background:\s*(#[0-9a-fA-F]{3,6})\s*;[^}]*?(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6}|var\(--[\w-]+\))"
)


def luminance(colour: str) -> float:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    channels = [int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_coloured_rule_has_readable_text():
    variables = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", (CSS / "site.css").read_text()))
    checked, weak = 0, []
    for sheet in sorted(CSS.glob("*.css")):
        for background, colour in RULE.findall(sheet.read_text()):
            colour = variables[colour[6:-1]] if colour.startswith("var(") else colour
            checked += 1
            if contrast(background, colour) < 4.5:
                weak.append(f"{sheet.name}: {colour} on {background} = {contrast(background, colour):.1f}:1")
    assert checked >= 10
    assert weak == []


def test_the_contrast_formula():
    assert round(contrast("#7f9cf5", "#ffffff"), 1) == 2.6  # the pathway heat map's old white text
    assert round(contrast("#000000", "#ffffff"), 0) == 21
