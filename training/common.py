"""Shared helpers: demo tiles from the gan-lens CLI, normalisation, mIoU, ONNX export."""
import json
import os
import subprocess
import sys
import time

import numpy as np
import torch

from models import MEAN, STD, NUM_CLASSES

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Seed ranges of the procedural data (tile i of seed s is fixed): kept disjoint so evaluation never sees training tiles.
SEED_TRAIN = 1
SEED_EVAL = 2
SEED_DEMO_VAL = 3
SEED_TEST = 4
# Tile caches and checkpoints (not committed).
WORK = os.environ.get("GANLENS_WORK", "/tmp/ganlens-data")


def setup(threads=2, seed=0):
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    np.random.seed(seed)


def load_npy(path):
    """Returns (images uint8 N,H,W,3, labels uint8 N,H,W) from a `gan-lens demo-data --format npy` folder."""
    return np.load(os.path.join(path, "images.npy")), np.load(os.path.join(path, "labels.npy"))


def demo_tiles(n, seed, cache_dir=WORK):
    """Generates n tiles of a seed with the product's own CLI (node + tsx), cached on disk."""
    out = os.path.join(cache_dir, f"seed{seed}-n{n}")
    if not os.path.exists(os.path.join(out, "labels.npy")):
        cmd = ["node", "--import", "tsx", "src/engine/cli/main.ts", "demo-data", "--n", str(n), "--seed", str(seed), "--out", out, "--format", "npy"]
        t0 = time.time()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=sys.stderr)
        print(f"generated {n} tiles of seed {seed} in {time.time() - t0:.1f}s", file=sys.stderr)
    return load_npy(out)


_mean = torch.tensor(MEAN).view(1, 3, 1, 1)
_std = torch.tensor(STD).view(1, 3, 1, 1)


def normalise(images_u8):
    """uint8 N,H,W,3 -> float N,3,H,W with ImageNet mean/std."""
    x = torch.from_numpy(np.ascontiguousarray(images_u8)).permute(0, 3, 1, 2).float() / 255.0
    return (x - _mean) / _std


def confusion(pred, target, k=NUM_CLASSES):
    return torch.bincount((target.flatten() * k + pred.flatten()).long(), minlength=k * k).view(k, k)


def miou(conf):
    conf = conf.double()
    inter = conf.diag()
    union = conf.sum(0) + conf.sum(1) - inter
    iou = inter / union.clamp(min=1)
    return iou.mean().item(), iou.tolist(), (inter.sum() / conf.sum()).item()


@torch.no_grad()
def evaluate_segmenter(model, images, labels, batch=50):
    model.eval()
    conf = torch.zeros(NUM_CLASSES, NUM_CLASSES, dtype=torch.long)
    for i in range(0, len(images), batch):
        logits = model(normalise(images[i:i + batch]))
        conf += confusion(logits.argmax(1), torch.from_numpy(labels[i:i + batch]).long())
    m, per_class, acc = miou(conf)
    return {"mIoU": m, "IoU_per_class": per_class, "pixel_accuracy": acc}


def export_onnx(model, example, path, input_name, output_name):
    """`input_name` may be a list (one name per tensor of the `example` tuple); every input and the output get batch N."""
    model.eval()
    names = input_name if isinstance(input_name, list) else [input_name]
    torch.onnx.export(model, example, path, opset_version=17, input_names=names, output_names=[output_name],
                      dynamic_axes={**{n: {0: "N"} for n in names}, output_name: {0: "N"}}, do_constant_folding=True)
    print(f"exported {path} ({os.path.getsize(path) / 1e6:.2f} MB)", file=sys.stderr)


def save_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2)
        f.write("\n")
