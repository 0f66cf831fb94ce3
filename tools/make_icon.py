#!/usr/bin/env python3
"""Draws the app icon (assets/icon/examsim.png, 256x256 RGBA): an exam sheet with a tick on a blue
rounded square. Standard library only (zlib); rerun to remake the committed PNG."""
import math
import struct
import sys
import zlib
from pathlib import Path

N = 256


def inside_rounded(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def dist_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def colour_at(x, y):
    if not inside_rounded(x, y, 8, 8, 248, 248, 44):
        return (0, 0, 0, 0)
    c = (31, 78, 140, 255)  # background blue
    if inside_rounded(x, y, 62, 40, 194, 216, 14):
        c = (246, 247, 250, 255)  # the sheet
        for row in range(4):  # lines of text on the sheet
            yy = 74 + row * 30
            if yy - 4 <= y <= yy + 4 and 84 <= x <= (172 if row % 2 == 0 else 150):
                c = (160, 170, 185, 255)
    # The tick, in green, over the lower right of the sheet.
    d = min(dist_to_segment(x, y, 118, 176, 146, 204), dist_to_segment(x, y, 146, 204, 214, 126))
    if d <= 14:
        c = (46, 160, 80, 255)
    return c


def render():
    rows = []
    for y in range(N):
        row = bytearray([0])
        for x in range(N):
            # 2x2 supersampling for smooth edges
            acc = [0, 0, 0, 0]
            for sy in (0.25, 0.75):
                for sx in (0.25, 0.75):
                    col = colour_at(x + sx, y + sy)
                    for i in range(4):
                        acc[i] += col[i]
            row += bytes(v // 4 for v in acc)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    return png


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "assets/icon/examsim.png"
    out.write_bytes(render())
    print(out)
