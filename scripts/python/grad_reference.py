"""PyTorch autograd references for the autodiff parity suite.

Usage: /usr/bin/python3 scripts/python/grad_reference.py --model resnet50 --out DIR [--layers layer1,layer2,...]

For one model (torchvision resnet50 / resnet34 / vgg19_bn with random weights, or the small DCGAN generator and
UNet defined here) it writes into DIR:
  model.onnx                      opset 17 export (input `input`, dynamic batch)
  input.npy                       float32 input, nudged so every ReLU / LeakyReLU / MaxPool decision before the
                                  deepest tap is at least MARGIN x the float32 error away from its kink
  <tap>/target.npy                random L1 target, |T - target| kept away from 0
  <tap>/grad_<wrt>.npy            float64 d mean|T - target| / d wrt (input and two conv weights)
  <tap>/loss.npy                  float64 loss
  manifest.json                   taps (ONNX tensor names), wrt names, margins reached
References run in float64 on exactly the float32 values ONNX Runtime sees.
BatchNorm gets trained-like statistics; the BN closing each residual branch gets a small gamma.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
MARGIN = 10.0


class DCGAN(nn.Module):
    """z (N, 64, 1, 1) -> 4 -> 8 -> 16 -> 32x32 RGB, ConvTranspose + BN + ReLU, Tanh out."""

    def __init__(self):
        super().__init__()
        def up(cin, cout, k, s, p):
            return [nn.ConvTranspose2d(cin, cout, k, s, p, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
        self.net = nn.Sequential(*up(64, 128, 4, 1, 0), *up(128, 64, 4, 2, 1), *up(64, 32, 4, 2, 1),
                                 nn.ConvTranspose2d(32, 3, 4, 2, 1), nn.Tanh())

    def forward(self, z):
        return self.net(z)


class UNet(nn.Module):
    """Small UNet: conv/BN/ReLU encoder with max pooling, bilinear and transposed-conv up-sampling, skip concats."""

    def __init__(self):
        super().__init__()
        self.enc1 = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1), nn.ReLU())
        self.enc2 = nn.Sequential(nn.Conv2d(16, 32, 3, padding=1), nn.ReLU())
        self.mid = nn.Sequential(nn.Conv2d(32, 64, 3, padding=1), nn.ReLU())
        self.dec2 = nn.Sequential(nn.Conv2d(96, 32, 3, padding=1), nn.ReLU())
        self.up1 = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.dec1 = nn.Sequential(nn.Conv2d(32, 16, 3, padding=1), nn.LeakyReLU(0.2))
        self.head = nn.Conv2d(16, 3, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(self.pool(e1))
        m = self.mid(self.pool(e2))
        u2 = F.interpolate(m, scale_factor=2.0, mode="bilinear", align_corners=False)
        d2 = self.dec2(torch.cat([u2, e2], 1))
        d1 = self.dec1(torch.cat([self.up1(d2), e1], 1))
        return torch.sigmoid(self.head(d1))


class VggFeatures(nn.Module):
    """torchvision vgg19_bn without its 120 M-parameter classifier (every tap lies in `features`; the export
    stays ~80 MB instead of 575 MB). Node and weight names are those of the full model."""

    def __init__(self, vgg):
        super().__init__()
        self.features = vgg.features

    def forward(self, x):
        return self.features(x)


def build(name):
    """Model, input shape, taps {name: ONNX node-name prefix}, conv weights to differentiate per tap, closing-BN name."""
    import torchvision
    if name in ("resnet50", "resnet34"):
        m = getattr(torchvision.models, name)(weights=None)
        closing = "bn3" if name == "resnet50" else "bn2"
        taps = {f"layer{k}": f"/layer{k}/" for k in range(1, 5)}
        weights = {f"layer{k}": ["conv1.weight", f"layer{k}.0.conv1.weight"] for k in range(1, 5)}
        return m, (1, 3, 224, 224), taps, weights, closing
    if name == "vgg19_bn":
        m = VggFeatures(torchvision.models.vgg19_bn(weights=None))
        pools = [13, 26, 39, 52]
        starts = [7, 14, 27, 40]
        taps = {f"layer{k + 1}": f"/features/features.{p}/" for k, p in enumerate(pools)}
        weights = {f"layer{k + 1}": ["features.0.weight", f"features.{s}.weight"] for k, s in enumerate(starts)}
        return m, (1, 3, 224, 224), taps, weights, None
    if name == "dcgan":
        return DCGAN(), (2, 64, 1, 1), {"image": "/net/net.10/"}, {"image": ["net.0.weight", "net.6.weight"]}, None
    if name == "unet":
        return UNet(), (2, 3, 64, 64), {"output": "/Sigmoid"}, {"output": ["enc1.0.weight", "up1.weight", "dec1.0.weight"]}, None
    raise SystemExit(f"unknown model {name}")


def trained_like(model, closing, gen):
    """Random weights with BatchNorm statistics a trained network could have (see the parity notes)."""
    for mod_name, mod in model.named_modules():
        if isinstance(mod, nn.BatchNorm2d):
            c = mod.num_features
            mod.running_mean.copy_(torch.randn(c, generator=gen) * 0.1)
            mod.running_var.copy_(torch.rand(c, generator=gen) * 0.5 + 0.75)
            small = closing is not None and mod_name.endswith(closing)
            mod.weight.data.copy_((torch.rand(c, generator=gen) * 0.2 + 0.1) if small else (torch.rand(c, generator=gen) * 0.5 + 0.5))
            mod.bias.data.copy_(torch.randn(c, generator=gen) * 0.1)
        if isinstance(mod, nn.ReLU):
            mod.inplace = False


def module(model, path):
    m = model
    for p in path.split("."):
        m = getattr(m, p)
    return m


class Kinks:
    """Records the inputs of every ReLU / LeakyReLU / MaxPool2d while enabled."""

    def __init__(self, model):
        self.records = []
        self.on = False
        for mod in model.modules():
            if isinstance(mod, (nn.ReLU, nn.LeakyReLU, nn.MaxPool2d)):
                mod.register_forward_pre_hook(self._hook)

    def _hook(self, mod, inputs):
        if self.on:
            self.records.append((mod, inputs[0]))


def decision_margins(mod, x):
    """Distance of each decision from its kink: |x| for ReLU, top1 - top2 per window for MaxPool (positive windows)."""
    if isinstance(mod, (nn.ReLU, nn.LeakyReLU)):
        return x.abs().flatten(), x.flatten()
    k, s, p, d = mod.kernel_size, mod.stride, mod.padding, mod.dilation
    k = (k, k) if isinstance(k, int) else k
    s = (s, s) if isinstance(s, int) else s
    p = (p, p) if isinstance(p, int) else p
    xp = F.pad(x, (p[1], p[1], p[0], p[0]), value=float("-inf"))
    cols = F.unfold(xp, k, dilation=d, stride=s)  # N, C*k*k, L
    n, _, L = cols.shape
    cols = cols.view(n, x.shape[1], k[0] * k[1], L)
    top = cols.topk(2, dim=2).values
    gap = (top[:, :, 0] - top[:, :, 1]).flatten()
    keep = top[:, :, 0].flatten() > 0
    return gap[keep], gap[keep]


def forward_records(model, kinks, x, upto):
    kinks.records = []
    kinks.on = True
    t = upto(x)
    kinks.on = False
    return t, kinks.records


def nudge(model64, model32, kinks64, kinks32, x, upto64, upto32, max_iters=12, step=1e-4):
    """Moves x (float64) until every decision margin is >= MARGIN x the float32 error of its tensor (the max error
    over the whole tensor, a conservative scale), for at most max_iters steps of at most `step` per element."""
    worst = None
    for it in range(max_iters + 1):
        x32 = x.detach().float()
        x64 = x32.double().requires_grad_(True)
        with torch.no_grad():
            _, r32 = forward_records(model32, kinks32, x32, upto32)
        _, r64 = forward_records(model64, kinks64, x64, upto64)
        objective = 0.0
        worst = float("inf")
        bad_total = 0
        for (mod, a64), (_, a32) in zip(r64, r32):
            err = (a64.detach() - a32.double()).abs().max().item() + 1e-30
            m64, signed = decision_margins(mod, a64)
            ratio = (m64.detach() / err)
            worst = min(worst, ratio.min().item() if ratio.numel() else float("inf"))
            bad = ratio < MARGIN * 1.5
            bad_total += int(bad.sum())
            if bad.any():
                if isinstance(mod, nn.MaxPool2d):
                    objective = objective + signed[bad].sum() / err
                else:
                    objective = objective + (signed[bad] * signed[bad].detach().sign()).sum() / err
        print(f"nudge {it}: worst margin {worst:.3g} x float32 error, {bad_total} decisions too close", file=sys.stderr, flush=True)
        if worst >= MARGIN or it == max_iters:
            return x32, worst, it
        g, = torch.autograd.grad(objective, x64)
        x = (x64.detach() + step * g / (g.abs().max() + 1e-30))
    return x.float(), worst, max_iters


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    gen = torch.Generator().manual_seed(args.seed)
    torch.manual_seed(args.seed)
    model, shape, taps, weights, closing = build(args.model)
    model.eval()
    with torch.no_grad():
        trained_like(model, closing, gen)

    # Export (float32, BatchNorm kept as BatchNormalization so weight names stay the module's).
    onnx_path = os.path.join(args.out, "model.onnx")
    dummy = torch.randn(*shape, generator=gen)
    torch.onnx.export(model, dummy, onnx_path, opset_version=17, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                      training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=True)
    import onnx
    g = onnx.load(onnx_path).graph
    init_names = {t.name for t in g.initializer}
    tap_tensors = {}
    for tap, prefix in taps.items():
        hits = [n for n in g.node if n.name.startswith(prefix)]
        if not hits:
            raise SystemExit(f"no ONNX node under {prefix}")
        tap_tensors[tap] = hits[-1].output[0]
    for w in sorted({w for ws in weights.values() for w in ws}):
        if w not in init_names:
            raise SystemExit(f"weight {w} is not an initializer of the export (BN folded?)")

    # Forward up to each tap, in float64 and float32.
    model32 = model
    import copy
    model64 = copy.deepcopy(model).double()
    kinks32, kinks64 = Kinks(model32), Kinks(model64)
    captured = {}

    def make_upto(m, store):
        handles = []
        def runner(x):
            store.clear()
            m(x)
            return store
        for tap, prefix in taps.items():
            path = prefix.strip("/").split("/")[-1]
            target = m if prefix == "/Sigmoid" else module(m, path)
            def hook(mod, inp, out, tap=tap):
                store[tap] = out
            if prefix == "/Sigmoid":
                handles.append(m.register_forward_hook(hook))
            else:
                handles.append(target.register_forward_hook(hook))
        return runner
    store32, store64 = {}, {}
    upto32 = make_upto(model32, store32)
    upto64 = make_upto(model64, store64)

    x0 = torch.randn(*shape, generator=gen, dtype=torch.float64)
    x32, worst, iters = nudge(model64, model32, kinks64, kinks32, x0, upto64, upto32)
    np.save(os.path.join(args.out, "input.npy"), x32.numpy())

    manifest = {"model": args.model, "input": "input", "taps": {}, "weights": weights, "margin": worst, "nudge_iters": iters}
    x64 = x32.double().requires_grad_(True)
    outs = dict(upto64(x64))  # one float64 forward serves every tap
    for tap in taps:
        params = {w: module(model64, w.rsplit(".", 1)[0]).weight for w in weights[tap]}
        t = outs[tap]
        tg = torch.Generator().manual_seed(args.seed + 17)
        sign = torch.randint(0, 2, t.shape, generator=tg, dtype=torch.float64) * 2 - 1
        mag = torch.rand(t.shape, generator=tg, dtype=torch.float64) + 0.5
        target32 = (t.detach() + sign * mag * t.detach().std()).float()
        loss = (t - target32.double()).abs().mean()
        grads = torch.autograd.grad(loss, [x64] + list(params.values()), retain_graph=True)
        d = os.path.join(args.out, tap)
        os.makedirs(d, exist_ok=True)
        np.save(os.path.join(d, "target.npy"), target32.numpy())
        np.save(os.path.join(d, "loss.npy"), np.array(loss.item()))
        np.save(os.path.join(d, "grad_input.npy"), grads[0].numpy())
        for w, gw in zip(weights[tap], grads[1:]):
            np.save(os.path.join(d, f"grad_{w}.npy"), gw.numpy())
        manifest["taps"][tap] = tap_tensors[tap]
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps({"model": args.model, "margin": worst, "nudge_iters": iters}))


if __name__ == "__main__":
    main()
