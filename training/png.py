"""Tiny PNG writer (zlib + struct) so the training scripts need no imaging library."""
import struct
import zlib

import numpy as np


def write_png(path, rgb):
    """rgb: uint8 array (H, W, 3) or (H, W)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w = rgb.shape[:2]
    color = 2 if rgb.ndim == 3 else 0
    raw = b"".join(b"\x00" + rgb[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 9)))
        f.write(chunk(b"IEND", b""))


def grid(images, rows, cols):
    """images: uint8 (N, H, W, 3) -> one (rows*H, cols*W, 3) mosaic."""
    n, h, w, c = images.shape
    out = np.zeros((rows * h, cols * w, c), np.uint8)
    for i in range(min(n, rows * cols)):
        r, q = divmod(i, cols)
        out[r * h:(r + 1) * h, q * w:(q + 1) * w] = images[i]
    return out
