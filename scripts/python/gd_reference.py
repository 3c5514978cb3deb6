"""PyTorch 1.13 eager reference for the gradient-descent inversion benchmark (bench/gd.bench.ts).

  python3 gd_reference.py --out DIR [--batch 8] [--size 224] [--reps 3] [--layers layer1,layer2,layer3,layer4]
                          [--regs none,fourier-jitter]

Builds torchvision ResNet50 with random weights (export_torchvision.build: seed 0, trained-like BatchNorm statistics),
exports it once to DIR/resnet50.onnx (opset 17, dynamic batch) for GAN Lens, then times one GD step of Algorithm 1
(Herdt et al. 2023) per layer and regularisation: parametrisation (pixels, or Lucid's colour-decorrelated Fourier
spectrum with torch.fft.irfftn), sigmoid, normalisation, [jitter: pad 2 with 0.5, shifted crop, bilinear resize],
ResNet50 up to the layer, L1 against a fixed target, backward to z', Adam (lr 0.05). Prints one JSON line with
wall-clock and process CPU seconds per step (CPU time is the fairer measure on a machine shared with other jobs)."""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from export_torchvision import build  # noqa: E402
from torch_env import blas_library  # noqa: E402

torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
COLOR = np.array([[0.26, 0.09, 0.02], [0.27, 0.00, -0.05], [0.27, -0.09, 0.03]], dtype=np.float32)
COLOR = torch.tensor(COLOR / np.max(np.linalg.norm(COLOR, axis=0)))


def prefix(model, layer):
    parts = [model.conv1, model.bn1, model.relu, model.maxpool]
    for k in range(1, int(layer[-1]) + 1):
        parts.append(getattr(model, f"layer{k}"))
    return nn.Sequential(*parts).eval()


def fourier_scale(h, w):
    fy = np.fft.fftfreq(h)[:, None]
    fx = np.fft.fftfreq(w)[: w // 2 + 1]
    f = np.sqrt(fx * fx + fy * fy)
    return torch.tensor(1.0 / np.maximum(f, 1.0 / max(h, w)), dtype=torch.float32)[None, None, ..., None]


def make_step(reg, batch, size, net, target):
    h = w = size
    if reg == "none":
        z = (torch.randn(batch, 3, h, w) * 0.01).requires_grad_()
    else:
        z = (torch.randn(batch, 3, h, w // 2 + 1, 2) * 0.01).requires_grad_()
        scale = fourier_scale(h, w)
    opt = torch.optim.Adam([z], lr=0.05)
    rng = np.random.default_rng(0)

    def image():
        if reg == "none":
            return torch.sigmoid(z)
        spec = torch.view_as_complex((scale * z).contiguous())
        x = torch.fft.irfftn(spec, s=(h, w), norm="ortho") / 4
        x = torch.einsum("nchw,dc->ndhw", x, COLOR)
        return torch.sigmoid(x)

    def step():
        opt.zero_grad()
        x = (image() - MEAN) / STD
        if reg != "none":
            x = F.pad(x, (2, 2, 2, 2), value=0.5)
            dy, dx = rng.integers(0, 3, size=2)
            x = x[:, :, dy:dy + h + 2, dx:dx + w + 2]
            x = F.interpolate(x, size=(h, w), mode="bilinear", align_corners=False)
        loss = (net(x) - target).abs().mean(dim=(1, 2, 3)).sum()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--layers", default="layer1,layer2,layer3,layer4")
    ap.add_argument("--regs", default="none,fourier-jitter")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    model, _, _, _, _ = build("resnet50")
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)
    path = os.path.join(args.out, "resnet50.onnx")
    if not os.path.exists(path):
        with torch.no_grad():
            torch.onnx.export(model, torch.randn(1, 3, 224, 224), path + ".tmp", opset_version=17, input_names=["image"],
                              output_names=["logits"], dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
                              do_constant_folding=True)
        os.replace(path + ".tmp", path)
    torch.manual_seed(0)
    images = torch.rand(args.batch, 3, args.size, args.size)
    times = {}
    cpu = {}
    for layer in args.layers.split(","):
        net = prefix(model, layer)
        with torch.no_grad():
            target = net((images - MEAN) / STD)
        for reg in args.regs.split(","):
            step = make_step(reg, args.batch, args.size, net, target)
            step()  # warm-up
            t0 = time.perf_counter()
            c0 = time.process_time()
            for _ in range(args.reps):
                step()
            times[f"{layer}/{reg}"] = (time.perf_counter() - t0) / args.reps
            cpu[f"{layer}/{reg}"] = (time.process_time() - c0) / args.reps
            print(f"torch {layer} {reg}: {times[f'{layer}/{reg}']:.3f} s/step", file=sys.stderr)
    print(json.dumps({"model": path, "times": times, "cpu": cpu, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas_library(), "batch": args.batch, "size": args.size}))


if __name__ == "__main__":
    main()
