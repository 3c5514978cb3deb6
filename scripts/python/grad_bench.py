"""PyTorch side of bench/autodiff.bench.ts: exports torchvision resnet50 (random weights, eval) and times one
gradient step (forward to layerK + L1 loss + backward to the input image + Adam step on the image) in eager mode.

Usage: /usr/bin/python3 scripts/python/grad_bench.py --out DIR --batch 8 --size 224 --threads 2 --steps 3
Writes DIR/resnet50.onnx, DIR/input.npy, DIR/target_layerK.npy and prints one JSON line with seconds per step.
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torchvision


def blas_name():
    for p in ("/etc/alternatives/libblas.so.3-x86_64-linux-gnu", "/etc/alternatives/libblas.so.3"):
        if os.path.exists(p):
            return os.path.realpath(p)
    return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--layers", default="layer1,layer2,layer3,layer4")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    os.makedirs(args.out, exist_ok=True)
    m = torchvision.models.resnet50(weights=None).eval()
    for p in m.parameters():
        p.requires_grad_(False)
    onnx_path = os.path.join(args.out, "resnet50.onnx")
    if not os.path.exists(onnx_path):
        torch.onnx.export(m, torch.randn(1, 3, args.size, args.size), onnx_path, opset_version=17,
                          input_names=["input"], output_names=["logits"], dynamic_axes={"input": {0: "batch"}})
    x0 = torch.randn(args.batch, 3, args.size, args.size)
    np.save(os.path.join(args.out, "input.npy"), x0.numpy())
    stages = [m.conv1, m.bn1, m.relu, m.maxpool]
    result = {"torch": torch.__version__, "blas": blas_name(), "threads": args.threads, "batch": args.batch, "layers": {}}
    for name in args.layers.split(","):
        k = int(name[-1])
        upto = nn.Sequential(*stages, *[getattr(m, f"layer{i}") for i in range(1, k + 1)])
        with torch.no_grad():
            target = upto(x0) + 0.5
        np.save(os.path.join(args.out, f"target_{name}.npy"), target.numpy())
        x = x0.clone().requires_grad_(True)
        opt = torch.optim.Adam([x], lr=0.01)
        times = []
        for s in range(args.steps + 1):
            t0 = time.perf_counter()
            opt.zero_grad()
            loss = (upto(x) - target).abs().mean()
            loss.backward()
            opt.step()
            times.append(time.perf_counter() - t0)
        result["layers"][name] = {"seconds": min(times[1:]), "all": times}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
