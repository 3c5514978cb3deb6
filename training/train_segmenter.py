"""Trains a demo segmentation network (extractor or test network) on procedural tiles and exports it to ONNX.

  nice -n 10 /usr/bin/python3 training/train_segmenter.py --net extractor --steps 3000
Deterministic for a given seed and thread count (CPU)."""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import (ROOT, WORK, SEED_EVAL, SEED_TRAIN, demo_tiles, evaluate_segmenter, export_onnx, normalise, save_json,
                    setup)
from models import Extractor, TestNetwork

NETS = {"extractor": Extractor, "test-network": TestNetwork}


def augment(x, y, rng):
    """Random flips and 90° rotations, the same for image and labels."""
    k = int(rng.integers(4))
    if k:
        x, y = torch.rot90(x, k, (2, 3)), torch.rot90(y, k, (1, 2))
    if rng.integers(2):
        x, y = x.flip(3), y.flip(2)
    return x, y


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--net", choices=sorted(NETS), required=True)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--train-tiles", type=int, default=10000)
    p.add_argument("--eval-tiles", type=int, default=500)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", default=os.path.join(ROOT, "demo", "models"))
    a = p.parse_args()
    setup(a.threads, a.seed)
    images, labels = demo_tiles(a.train_tiles, SEED_TRAIN)
    eval_images, eval_labels = demo_tiles(a.eval_tiles, SEED_EVAL)
    model = NETS[a.net]()
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.steps, pct_start=0.1)
    rng = np.random.default_rng(a.seed)
    t0 = time.time()
    for step in range(a.steps):
        model.train()
        idx = np.sort(rng.choice(len(images), a.batch, replace=False))
        x, y = augment(normalise(images[idx]), torch.from_numpy(labels[idx]).long(), rng)
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == a.steps - 1:
            print(f"{a.net} step {step} loss {loss.item():.4f} {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
        if step > 0 and step % 1000 == 0:
            m = evaluate_segmenter(model, eval_images[:100], eval_labels[:100])
            print(f"  eval100 mIoU {m['mIoU']:.4f}", file=sys.stderr, flush=True)
    train_s = time.time() - t0
    metrics = evaluate_segmenter(model, eval_images, eval_labels)
    metrics.update({"net": a.net, "eval_tiles": a.eval_tiles, "eval_seed": SEED_EVAL, "train_seed": SEED_TRAIN,
                    "train_tiles": a.train_tiles, "steps": a.steps, "batch": a.batch, "lr": a.lr, "torch_seed": a.seed,
                    "threads": a.threads, "train_seconds": round(train_s, 1),
                    "params": sum(p.numel() for p in model.parameters())})
    print(metrics, file=sys.stderr)
    os.makedirs(a.out, exist_ok=True)
    torch.save(model.state_dict(), os.path.join(WORK, f"{a.net}.pt"))
    export_onnx(model, torch.zeros(1, 3, 128, 128), os.path.join(a.out, f"{a.net}.onnx"), "image", "logits")
    save_json(os.path.join(a.out, f"{a.net}.metrics.json"), metrics)


if __name__ == "__main__":
    main()
