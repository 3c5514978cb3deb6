"""PyTorch eager reference for scripts/gpu/bench.ts on the same machine (CUDA when available): reconstruction ms/image
at batch 1 and 50, stitch training samples/s, GD seconds per 512 steps at batch 50 (pixels, or the Fourier
parametrisation with jitter), for the cases of export_skeletons.py. Same architectures, its own random weights.

  python3 scripts/gpu/torch_reference.py [--cases demo,resnet50-stylegan2] [--device cuda] [--train-batch 32]
                                         [--gd-steps 16] [--reps 5]
Prints one JSON line per measurement."""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))
sys.path.insert(0, HERE)
import unfused_modconv  # noqa: E402

unfused_modconv.patch()
import bench_stitch  # noqa: E402

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
COLOR = np.array([[0.26, 0.09, 0.02], [0.27, 0.00, -0.05], [0.27, -0.09, 0.03]], dtype=np.float32)
COLOR = COLOR / np.max(np.linalg.norm(COLOR, axis=0))


def sync(dev):
    if dev.type == "cuda":
        torch.cuda.synchronize()


def timed(fn, reps, dev):
    fn()
    sync(dev)
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    sync(dev)
    return (time.perf_counter() - t0) / reps


def emit(case, measure, value, unit, dev):
    print(json.dumps({"case": case, "provider": f"pytorch-{dev.type}", "measure": measure, "value": value, "unit": unit,
                      "torch": torch.__version__,
                      "gpu": torch.cuda.get_device_name(0) if dev.type == "cuda" else None}), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cases", default="demo,resnet50-stylegan2")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--train-batch", type=int, default=32)
    p.add_argument("--gd-steps", type=int, default=16)
    p.add_argument("--reps", type=int, default=5)
    a = p.parse_args()
    dev = torch.device(a.device)
    for case in a.cases.split(","):
        c = bench_stitch.build(case)
        ext, gen, size = c["ext"].to(dev), c["gen"].to(dev), c["size"]
        for prm in list(ext.parameters()) + list(gen.parameters()):
            prm.requires_grad_(False)
        mean = torch.tensor(MEAN, device=dev).view(1, 3, 1, 1)
        std = torch.tensor(STD, device=dev).view(1, 3, 1, 1)
        prefix = bench_stitch.prefix_runner(ext, c["ext_layer"])
        with torch.no_grad():
            a0 = prefix((torch.rand(1, 3, size, size, device=dev) - mean) / std)
            hidden = {}
            h = bench_stitch.module(gen, c["gen_layer"]).register_forward_hook(lambda _m, _i, o: hidden.setdefault("y", o))
            gen(torch.randn(1, c["z"], device=dev))
            h.remove()
        inject = bench_stitch.injecting_runner(gen, c["gen_layer"])
        conv = nn.Conv2d(a0.shape[1], hidden["y"].shape[1], 1).to(dev)
        ty = hidden["y"].shape[-2:]

        def reconstruct(x, z):
            with torch.no_grad():
                t = F.interpolate(conv(prefix((x - mean) / std)), size=ty, mode="nearest")
                return (inject(z, t) + 1) / 2

        for b in (1, 50):
            x = torch.rand(b, 3, size, size, device=dev)
            z = torch.randn(b, c["z"], device=dev)
            s = timed(lambda: reconstruct(x, z), a.reps * (4 if b == 1 else 1), dev)
            emit(case, f"reconstruction batch {b}", s / b * 1000, "ms/image", dev)

        b = a.train_batch
        x = torch.rand(b, 3, size, size, device=dev)
        z = torch.randn(b, c["z"], device=dev)
        opt = torch.optim.Adam(conv.parameters(), lr=0.01)

        def train_step():
            with torch.no_grad():
                act = prefix((x - mean) / std)
            t = F.interpolate(conv(act), size=ty, mode="nearest")
            img = ((inject(z, t) + 1) / 2)
            img = F.interpolate(img, size=(size, size), mode="bilinear", align_corners=False).clamp(0, 1)
            loss = F.l1_loss(prefix((img - mean) / std), act)
            opt.zero_grad()
            loss.backward()
            opt.step()

        s = timed(train_step, a.reps, dev)
        emit(case, f"stitch training batch {b}", b / s, "samples/s", dev)

        x = torch.rand(50, 3, size, size, device=dev)
        with torch.no_grad():
            target = prefix((x - mean) / std)
        color = torch.tensor(COLOR, device=dev)
        fy = np.fft.fftfreq(size)[:, None]
        fx = np.fft.fftfreq(size)[: size // 2 + 1]
        scale = torch.tensor(1.0 / np.maximum(np.sqrt(fx * fx + fy * fy), 1.0 / size), dtype=torch.float32, device=dev)[None, None, ..., None]
        rng = np.random.default_rng(0)
        for reg in ("none", "fourier-jitter"):
            shape = (50, 3, size, size) if reg == "none" else (50, 3, size, size // 2 + 1, 2)
            zp = (torch.randn(*shape, device=dev) * 0.01).requires_grad_()
            gd_opt = torch.optim.Adam([zp], lr=0.05)

            def gd_step():
                gd_opt.zero_grad()
                if reg == "none":
                    img = torch.sigmoid(zp)
                else:
                    spec = torch.view_as_complex((scale * zp).contiguous())
                    img = torch.sigmoid(torch.einsum("nchw,dc->ndhw", torch.fft.irfftn(spec, s=(size, size), norm="ortho") / 4, color))
                xn = (img - mean) / std
                if reg != "none":
                    xn = F.pad(xn, (2, 2, 2, 2), value=0.5)
                    dy, dx = rng.integers(0, 3, size=2)
                    xn = F.interpolate(xn[:, :, dy:dy + size + 2, dx:dx + size + 2], size=(size, size), mode="bilinear", align_corners=False)
                loss = (prefix(xn) - target).abs().mean(dim=(1, 2, 3)).sum()
                loss.backward()
                gd_opt.step()

            s = timed(gd_step, a.gd_steps, dev)
            emit(case, f"GD {reg}, batch 50 ({a.gd_steps} steps measured)", s * 512, "s per 512 steps", dev)
        del ext, gen
        if dev.type == "cuda":
            torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
