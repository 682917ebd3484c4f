"""Layout of a two-column Sankey-style flow diagram, drawn as server-side SVG (no script).

Left: the interventions people ended in; right: the next intervention (or none). Each band's
height is proportional to its count. The caller leaves out every link whose cell of the flow
table disclosure control hides, so the board's diagram shows no count the table hides.
"""

from __future__ import annotations

PALETTE = ["#2b6cb0", "#2f855a", "#b7791f", "#9b2c2c", "#6b46c1", "#2c7a7b", "#c05621", "#4a5568"]
NONE_COLOUR = "#a0aec0"


def layout(links: list[dict], *, width: int = 900, node_gap: int = 14, height: int = 460,
           none_label: str = "Ingen ny insats") -> dict | None:
    links = [link for link in links if link["value"]]
    if not links:
        return None
    total = sum(link["value"] for link in links)
    sources = sorted({link["source"] for link in links})
    targets = sorted({link["target"] for link in links}, key=lambda t: (t == none_label, t))
    node_w, label_w = 14, 210
    x_left, x_right = label_w, width - label_w - node_w
    usable = height - node_gap * (max(len(sources), len(targets)) - 1) - 20
    scale = usable / total
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sources)}

    def stack(names, side):
        nodes, y = {}, 10.0
        for name in names:
            value = sum(link["value"] for link in links if link[side] == name)
            h = max(value * scale, 2.0)
            nodes[name] = {"name": name, "value": value, "y": y, "h": h, "cursor": y}
            y += h + node_gap
        return nodes

    left, right = stack(sources, "source"), stack(targets, "target")
    paths = []
    for link in sorted(links, key=lambda lk: (sources.index(lk["source"]), targets.index(lk["target"]))):
        s, t = left[link["source"]], right[link["target"]]
        h = max(link["value"] * scale, 1.0)
        y0, y1 = s["cursor"], t["cursor"]
        s["cursor"] += h
        t["cursor"] += h
        x0, x1 = x_left + node_w, x_right
        xm = (x0 + x1) / 2
        d = (f"M{x0:.1f},{y0:.1f} C{xm:.1f},{y0:.1f} {xm:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
             f"L{x1:.1f},{y1 + h:.1f} C{xm:.1f},{y1 + h:.1f} {xm:.1f},{y0 + h:.1f} {x0:.1f},{y0 + h:.1f} Z")
        paths.append({
            "d": d, "fill": NONE_COLOUR if link["target"] == none_label else colour[link["source"]],
            "title": f"{link['source']} → {link['target']}: {link['value']}",
        })
    node_list = []
    for name, node in left.items():
        node_list.append({**node, "x": x_left, "fill": colour[name], "label_x": x_left - 6, "anchor": "end",
                          "label_y": node["y"] + node["h"] / 2 + 4})
    for name, node in right.items():
        node_list.append({**node, "x": x_right, "fill": NONE_COLOUR if name == none_label else "#4a5568",
                          "label_x": x_right + node_w + 6, "anchor": "start",
                          "label_y": node["y"] + node["h"] / 2 + 4})
    bottom = max(n["y"] + n["h"] for n in node_list) + 10
    for n in node_list:  # SVG wants a dot as decimal sign, whatever the locale of the page
        n.update(svg_y=f"{n['y']:.1f}", svg_h=f"{n['h']:.1f}", svg_label_y=f"{n['label_y']:.1f}")
    return {"width": width, "height": int(bottom), "node_w": node_w, "paths": paths, "nodes": node_list,
            "left_title_x": x_left, "right_title_x": x_right + node_w}
