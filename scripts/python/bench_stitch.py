"""PyTorch 1.13 eager reference for the stitch benchmark (bench/stitch.bench.ts), on the same random weights that it
exports to ONNX for GAN Lens:

  python3 bench_stitch.py --case demo|resnet50-stylegan2 --out DIR [--batch B] [--reps R] [--export-only]

Exports DIR/extractor.onnx and DIR/generator.onnx (opset 17) once, then times (a) reconstruction: extractor prefix →
1x1 conv → nearest resize → generator from the stitched layer → output, under no_grad; (b) one training step: (a)
plus [0,1] mapping, bilinear resize, clamp, normalise, extractor prefix again, L1 at the layer, backward to the conv
only, Adam. The generator runs from its input with a forward hook replacing the stitched module's output (the
layers before it are cheap: low resolution). Prints one JSON line."""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from torch_env import blas_library  # noqa: E402


class Stop(Exception):
    pass


def module(root, path):
    m = root
    for part in path.split("."):
        m = getattr(m, part)
    return m


def prefix_runner(net, path):
    """Runs `net` until module `path` produced its output, then stops (no wasted compute after it)."""
    target = module(net, path)
    box = {}

    def hook(_m, _i, out):
        box["out"] = out
        raise Stop()

    target.register_forward_hook(hook)

    def run(x):
        try:
            net(x)
        except Stop:
            return box["out"]
        raise RuntimeError(f"module {path} never ran")

    return run


def injecting_runner(gen, path):
    """Runs `gen` with module `path`'s output replaced by the tensor passed to run()."""
    target = module(gen, path)
    box = {}
    target.register_forward_hook(lambda _m, _i, _o: box["t"])

    def run(z, t):
        box["t"] = t
        return gen(z)

    return run


def stylegan2_sized(resolution=512):
    sys.path.insert(0, os.path.join(ROOT, "test", "parity", "export-guide", "fixtures"))
    import tiny_stylegan2 as sg

    # The grouped ("fused") modulated conv needs a static batch in the ONNX export; use the unfused form.
    sys.path.insert(0, os.path.join(ROOT, "scripts", "gpu"))
    import unfused_modconv

    unfused_modconv.patch()

    class Synthesis(nn.Module):
        def __init__(self, w_dim, res):
            super().__init__()
            self.block_resolutions = [2 ** i for i in range(2, int(math.log2(res)) + 1)]
            ch = lambda r: min(32768 // r, 512)
            self.num_ws = 0
            for r in self.block_resolutions:
                block = sg.SynthesisBlock(0 if r == 4 else ch(r // 2), ch(r), w_dim, r)
                self.num_ws += block.num_conv
                setattr(self, f"b{r}", block)
            self.num_ws += 1

        forward = sg.SynthesisNetwork.forward

    class Generator(nn.Module):
        def __init__(self):
            super().__init__()
            self.synthesis = Synthesis(512, resolution)
            self.mapping = sg.MappingNetwork(512, 0, 512, self.synthesis.num_ws, num_layers=8)

        def forward(self, z):
            ws = self.mapping(z, None)
            return self.synthesis(ws, noise_mode="const")

    torch.manual_seed(1)
    return Generator().eval()


class DemoGenerator(nn.Module):
    def __init__(self, g):
        super().__init__()
        self.g = g

    def forward(self, z):
        return self.g(z)


def build(case):
    torch.manual_seed(0)
    if case == "demo":
        sys.path.insert(0, os.path.join(ROOT, "training"))
        import models

        ext = models.Extractor().eval()
        gen = models.Generator().eval()
        return dict(ext=ext, gen=gen, size=128, z=128, ext_layer="layer2", gen_layer="blocks.1", onnx_gen_layer="blocks.1", gen_range=(-1, 1))
    if case == "resnet50-stylegan2":
        import torchvision

        ext = torchvision.models.resnet50().eval()
        gen = stylegan2_sized(512)
        return dict(ext=ext, gen=gen, size=224, z=512, ext_layer="layer2", gen_layer="synthesis.b64.conv0", onnx_gen_layer="synthesis.b64.conv0", gen_range=(-1, 1))
    raise SystemExit(f"unknown case {case}")


def export(net, path, name, shape, out):
    if os.path.exists(path):
        return
    x = torch.randn(*shape)
    tmp = path + ".tmp"
    torch.onnx.export(net, x, tmp, opset_version=17, input_names=[name], output_names=[out],
                      dynamic_axes={name: {0: "batch"}, out: {0: "batch"}}, do_constant_folding=True)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--case", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--export-only", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    c = build(a.case)
    ext, gen, size = c["ext"], c["gen"], c["size"]
    for prm in list(ext.parameters()) + list(gen.parameters()):
        prm.requires_grad_(False)
    export(ext, os.path.join(a.out, "extractor.onnx"), "image", (1, 3, size, size), "logits")
    export(gen, os.path.join(a.out, "generator.onnx"), "z", (1, c["z"]), "image")
    if a.export_only:
        print(json.dumps({"exported": a.out}))
        return

    prefix = prefix_runner(ext, c["ext_layer"])
    b = a.batch
    x = torch.rand(b, 3, size, size)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    xn = (x - mean) / std
    z = torch.randn(b, c["z"])
    with torch.no_grad():
        a0 = prefix(xn)
        hidden = {}
        h = module(gen, c["gen_layer"]).register_forward_hook(lambda _m, _i, o: hidden.setdefault("y", o))
        gen(z[:1])
        h.remove()
    inject = injecting_runner(gen, c["gen_layer"])
    cx, cy = a0.shape[1], hidden["y"].shape[1]
    ty = hidden["y"].shape[-2:]
    conv = nn.Conv2d(cx, cy, 1)
    opt = torch.optim.Adam(conv.parameters(), lr=0.01)
    lo, hi = c["gen_range"]

    def reconstruct():
        with torch.no_grad():
            t = F.interpolate(conv(prefix(xn)), size=ty, mode="nearest")
            return (inject(z, t) - lo) / (hi - lo)

    def train_step():
        with torch.no_grad():
            a = prefix(xn)
        t = F.interpolate(conv(a), size=ty, mode="nearest")
        img = (inject(z, t) - lo) / (hi - lo)
        img = F.interpolate(img, size=(size, size), mode="bilinear", align_corners=False).clamp(0, 1)
        a2 = prefix((img - mean) / std)
        loss = F.l1_loss(a2, a)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return float(loss)

    def timed(fn, reps):
        fn()  # warm-up
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        return (time.perf_counter() - t0) / reps

    rec = timed(reconstruct, a.reps)
    step = timed(train_step, a.reps)
    blas = blas_library()
    print(json.dumps({
        "case": a.case, "batch": b, "torch": torch.__version__, "threads": torch.get_num_threads(),
        "blas": blas,
        "reconstruct_s_per_batch": rec, "train_s_per_step": step,
        "ext_layer": c["ext_layer"], "gen_layer": c["onnx_gen_layer"], "size": size, "z": c["z"],
    }))


if __name__ == "__main__":
    main()
