"""Why the dense layer of the demo's BigGAN-shaped generator is hard to invert into: a diagnostic in PyTorch.

Rebuilds demo/models/generator-wide.onnx in PyTorch from its initializers (BatchNorm is folded into the convs by
the export; its images match onnxruntime's run of the ONNX model to 3e-6, checked 2026-11-26), inverts the
first 8 validation tiles to z* (8 starts x 50 Adam steps, then 300; MSE on [-1, 1]) and then compares, at the same
number of steps, displacements in
  * the dense layer after its ReLU (fc, 1024 x 4^2: what generator inversion optimises),
  * the output of blocks.0's convolution before its ReLU (256 x 8^2, the same 16 384 values, one linear map later),
  * blocks.0 after its ReLU;
then asks how well the fc displacement can reproduce the blocks.0 optimum through that linear map (least squares by
L-BFGS), and how far L-BFGS gets on the fc displacement itself.
    /usr/bin/python3 docs/results/generator-inversion/conditioning.py      (about 10 minutes on 2 cores)
"""
import glob
import os
import time

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from PIL import Image

torch.set_num_threads(2)
ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")
W = {t.name: torch.tensor(numpy_helper.to_array(t).copy())
     for t in onnx.load(os.path.join(ROOT, "demo/models/generator-wide.onnx")).graph.initializer}
CONVS = [(W[f"onnx::Conv_{150 + 3 * i}"], W[f"onnx::Conv_{151 + 3 * i}"]) for i in range(5)]


def g1(z):
    return F.relu(F.linear(z, W["fc.weight"], W["fc.bias"]).view(-1, 1024, 4, 4))


def conv_of_block(x, i):
    return F.conv2d(F.interpolate(x, scale_factor=2, mode="nearest"), CONVS[i][0], CONVS[i][1], padding=1)


def attention(x):
    n, c, h, w = x.shape
    q = F.conv2d(x, W["attn.query.weight"]).flatten(2).transpose(1, 2)
    k = F.max_pool2d(F.conv2d(x, W["attn.key.weight"]), 2).flatten(2)
    a = torch.softmax(torch.bmm(q, k), -1)
    v = F.max_pool2d(F.conv2d(x, W["attn.value.weight"]), 2).flatten(2)
    return x + W["attn.gamma"] * F.conv2d(torch.bmm(v, a.transpose(1, 2)).view(n, c // 2, h, w), W["attn.out.weight"])


def from_block(x, start):
    """x is the input of block `start` (the output of block start-1 after its ReLU)."""
    for i in range(start, 5):
        x = F.relu(conv_of_block(x, i))
        if i == 2:
            x = attention(x)
    return torch.tanh(F.conv2d(x, W["to_rgb.weight"], W["to_rgb.bias"], padding=1))


def mse(a, b):
    return ((a - b) ** 2).flatten(1).mean(1)


def adam(x, init, render, steps=600, lr=0.1):
    p = init.clone().requires_grad_(True)
    opt = torch.optim.Adam([p], lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, steps)
    for _ in range(steps):
        opt.zero_grad()
        mse(render(p), x).sum().backward()
        opt.step()
        sched.step()
    return p.detach()


def main():
    files = sorted(glob.glob(os.path.join(ROOT, "demo/data/val/images/*.png")))[:8]
    x = torch.stack([torch.tensor(np.asarray(Image.open(f).convert("RGB"), np.float32) / 127.5 - 1).permute(2, 0, 1) for f in files])
    torch.manual_seed(0)
    best, best_err = None, None
    for _ in range(8):
        z = adam(x, torch.randn(8, 128), lambda z: from_block(g1(z), 0), steps=50, lr=0.05)
        with torch.no_grad():
            e = mse(from_block(g1(z), 0), x)
        if best is None:
            best, best_err = z.clone(), e
        else:
            better = e < best_err
            best[better], best_err[better] = z[better], e[better]
    z = adam(x, best, lambda z: from_block(g1(z), 0), steps=300, lr=0.05)
    with torch.no_grad():
        h0 = g1(z)
        u0 = conv_of_block(h0, 0)
        err_z = mse(from_block(h0, 0), x)
    print(f"latent z*: median MSE {err_z.median():.3e}; mean |G1(z*)| {h0.abs().mean():.3f}")

    def report(name, err, t0):
        print(f"{name}: median MSE {err.median():.3e}, median ratio to z* {(err_z / err).median():.2f} ({time.time() - t0:.0f} s)", flush=True)

    t0 = time.time()
    h = adam(x, h0, lambda h: from_block(h, 0))
    with torch.no_grad():
        report("Adam 600 on the dense layer (fc, after ReLU)", mse(from_block(h, 0), x), t0)
    t0 = time.time()
    u = adam(x, u0, lambda u: from_block(F.relu(u), 1))
    with torch.no_grad():
        report("Adam 600 on blocks.0's conv output (before ReLU)", mse(from_block(F.relu(u), 1), x), t0)
    t0 = time.time()
    v = adam(x, F.relu(u0), lambda v: from_block(v, 1))
    with torch.no_grad():
        report("Adam 600 on blocks.0 after ReLU", mse(from_block(v, 1), x), t0)

    # Can a dense-layer displacement produce the blocks.0 optimum u? The map h -> conv_of_block(h, 0) is linear and
    # square (16 384 -> 16 384); least squares by L-BFGS shows how badly it is conditioned.
    h = h0.clone().requires_grad_(True)
    opt = torch.optim.LBFGS([h], lr=1, max_iter=500, history_size=50, line_search_fn="strong_wolfe",
                            tolerance_grad=1e-12, tolerance_change=1e-15)

    def closure():
        opt.zero_grad()
        loss = ((conv_of_block(h, 0) - u) ** 2).sum()
        loss.backward()
        return loss

    for k in range(4):
        opt.step(closure)
        with torch.no_grad():
            rel = ((conv_of_block(h, 0) - u) ** 2).sum() / ((u - u0) ** 2).sum()
            e = mse(from_block(h, 0), x)
        print(f"least squares fc -> blocks.0 optimum, {(k + 1) * 500} L-BFGS iterations: relative residual {rel:.3f}, "
              f"|h| max {h.abs().max():.0f}, G2(h) median MSE {e.median():.3e} (ratio {(err_z / e).median():.2f})", flush=True)

    # L-BFGS on the dense-layer displacement itself (MSE only, no L1 term).
    t0 = time.time()
    h = h0.clone().requires_grad_(True)
    opt = torch.optim.LBFGS([h], lr=1, max_iter=500, history_size=50, line_search_fn="strong_wolfe",
                            tolerance_grad=1e-12, tolerance_change=1e-15)
    evaluations = [0]

    def closure2():
        opt.zero_grad()
        loss = mse(from_block(h, 0), x).sum()
        loss.backward()
        evaluations[0] += 1
        return loss

    for _ in range(4):
        opt.step(closure2)
        with torch.no_grad():
            e = mse(from_block(h, 0), x)
            print(f"L-BFGS on fc, {evaluations[0]} evaluations: median MSE {e.median():.3e}, ratio {(err_z / e).median():.2f}, "
                  f"mean |delta| {(h - h0).abs().mean():.2f} ({time.time() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
