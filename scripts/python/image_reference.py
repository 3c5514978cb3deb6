"""Reference outputs of torch/torchvision image transforms for the parity suite.

Usage: /usr/bin/python3 scripts/python/image_reference.py --out DIR

Writes DIR/source.npy (a random float image), DIR/resize_<H>x<W>.npy for
F.interpolate(mode='bilinear', align_corners=False, antialias=False), DIR/photo.png (random RGB, PNG is lossless),
and DIR/pipeline.npy = Normalize(CenterCrop(Resize(ToTensor(photo), 40, antialias=False), 33)).
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
import torchvision.transforms as T
from PIL import Image

SIZES = [(20, 29), (64, 80), (50, 30), (37, 53), (1, 1), (111, 7)]
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    g = torch.Generator().manual_seed(7)
    x = torch.rand(1, 3, 37, 53, generator=g) * 4 - 1
    np.save(os.path.join(args.out, "source.npy"), x[0].numpy())
    for h, w in SIZES:
        y = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False, antialias=False)
        np.save(os.path.join(args.out, f"resize_{h}x{w}.npy"), y[0].numpy())

    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, size=(45, 61, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(os.path.join(args.out, "photo.png"))
    pipeline = T.Compose([T.ToTensor(), T.Resize(40, antialias=False), T.CenterCrop(33), T.Normalize(MEAN, STD)])
    y = pipeline(Image.open(os.path.join(args.out, "photo.png")).convert("RGB"))
    np.save(os.path.join(args.out, "pipeline.npy"), y.numpy())
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump({"sizes": SIZES, "mean": MEAN, "std": STD, "resize": 40, "crop": 33}, f)


if __name__ == "__main__":
    main()
