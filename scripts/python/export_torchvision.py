"""Exports the parity fixtures: torchvision classifiers and a small DCGAN-style generator as ONNX (opset 17),
each with a fixed input and PyTorch's intermediate activations for it (.npy), plus a manifest.

Usage: /usr/bin/python3 scripts/python/export_torchvision.py --out DIR [--models resnet50,resnet34,vgg19_bn,dcgan]

Random weights (torch.manual_seed(0)), eval mode, input `image` (or `z`) with a dynamic batch dimension.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torchvision

torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))


class UpConvBlock(nn.Module):
    """ConvTranspose up-sampling (x2), BatchNorm, ReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.ConvTranspose2d(cin, cout, 4, 2, 1, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.act = nn.ReLU()

    def forward(self, x):
        return self.act(self.bn(self.conv(x)))


class ResizeConvBlock(nn.Module):
    """Nearest up-sampling (x2), 3x3 conv, LeakyReLU."""

    def __init__(self, cin, cout):
        super().__init__()
        self.up = nn.Upsample(scale_factor=2, mode="nearest")
        self.conv = nn.Conv2d(cin, cout, 3, 1, 1)
        self.act = nn.LeakyReLU(0.2)

    def forward(self, x):
        return self.act(self.conv(self.up(x)))


class DCGAN(nn.Module):
    """Latent z (N, 128) -> 4x4 -> 8 -> 16 -> 32 -> 64x64 RGB in [-1, 1]."""

    def __init__(self, zdim=128):
        super().__init__()
        self.fc = nn.Linear(zdim, 256 * 4 * 4)
        self.blocks = nn.Sequential(
            UpConvBlock(256, 128),
            UpConvBlock(128, 64),
            ResizeConvBlock(64, 32),
            UpConvBlock(32, 16),
        )
        self.to_rgb = nn.Conv2d(16, 3, 3, 1, 1)
        self.tanh = nn.Tanh()

    def forward(self, z):
        x = self.fc(z).view(-1, 256, 4, 4)
        x = self.blocks(x)
        return self.tanh(self.to_rgb(x))


def randomize_batchnorm(model):
    """Trained-like BatchNorm statistics. Default ones (mean 0, var 1, gamma 1) make deep random ResNets amplify
    float32 rounding ~1000x; a small gamma on BatchNorms keeps activations of real-model scale."""
    g = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            m.weight.data.copy_(torch.rand(n, generator=g) * 0.5 + 0.5)
            m.bias.data.copy_(torch.randn(n, generator=g) * 0.1)
    # Branch-closing BatchNorms of residual blocks get a small gamma, as in trained ResNets.
    for name, m in model.named_modules():
        if isinstance(m, torchvision.models.resnet.Bottleneck):
            m.bn3.weight.data.mul_(0.2)
        elif isinstance(m, torchvision.models.resnet.BasicBlock):
            m.bn2.weight.data.mul_(0.2)


# Conv outputs that BatchNorm folds into are not taps: the export has no pre-BatchNorm tensor.
RESNET_TAPS = ["relu", "maxpool", "layer1", "layer1.0", "layer2", "layer3", "layer4", "avgpool", "fc"]
VGG_TAPS = ["features.2", "features.6", "features.13", "features.26", "features.39", "features.52",
            "avgpool", "classifier.1", "classifier.6"]
DCGAN_TAPS = ["fc", "blocks.0", "blocks.1.conv", "blocks.1", "blocks.2.up", "blocks.2", "blocks.3", "to_rgb"]


def build(name):
    torch.manual_seed(0)
    if name == "dcgan":
        model = DCGAN()
        randomize_batchnorm(model)
        return model, "z", (1, 128), DCGAN_TAPS, "output"
    model = getattr(torchvision.models, name)(weights=None)
    randomize_batchnorm(model)
    taps = VGG_TAPS if name.startswith("vgg") else RESNET_TAPS
    return model, "image", (1, 3, 224, 224), taps, "logits"


def export(name, out):
    model, input_name, input_shape, taps, output_name = build(name)
    model.eval()
    torch.manual_seed(1234)
    x = torch.randn(*input_shape)
    refs = {}
    modules = dict(model.named_modules())

    def hook(tap):
        def fn(_module, _inputs, output):
            # clone: in-place ReLUs would otherwise change a captured tensor afterwards
            refs[tap] = output.detach().clone()
        return fn

    handles = [modules[t].register_forward_hook(hook(t)) for t in taps]
    with torch.no_grad():
        y = model(x)
    for h in handles:
        h.remove()
    refs[output_name] = y

    path = os.path.join(out, f"{name}.onnx")
    with torch.no_grad():
        torch.onnx.export(
            model, x, path, opset_version=17, input_names=[input_name], output_names=[output_name],
            dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}}, do_constant_folding=True,
        )
    folder = os.path.join(out, name)
    os.makedirs(folder, exist_ok=True)
    np.save(os.path.join(folder, "input.npy"), x.numpy().astype(np.float32))
    entries = []
    for tap, t in refs.items():
        file = f"{tap}.npy"
        np.save(os.path.join(folder, file), t.numpy().astype(np.float32))
        entries.append({"module": tap, "shape": list(t.shape), "file": file})
    return {"name": name, "file": f"{name}.onnx", "input": input_name, "inputShape": list(input_shape),
            "output": output_name, "refs": entries}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--models", default="resnet50,resnet34,vgg19_bn,dcgan")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    manifest = {"torch": torch.__version__, "torchvision": torchvision.__version__, "models": []}
    for name in args.models.split(","):
        print(f"exporting {name}", file=sys.stderr, flush=True)
        manifest["models"].append(export(name, args.out))
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
