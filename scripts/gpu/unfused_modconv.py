"""StyleGAN2's modulated convolutions without the grouped-conv trick ("fused modconv", one group per image), as
StyleGAN2-ADA runs them when fused_modconv=False: scale the input channels by the styles, convolve with the shared
weight, scale the output channels by the demodulation coefficients. Same values; the batch size stays dynamic in the
ONNX export (the grouped form needs a static batch: "convolution for kernel of unknown shape"). The FIR
up-sampling's channel count is made a trace constant for the same reason."""
import os
import sys

import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "test", "parity", "export-guide", "fixtures"))
import tiny_stylegan2 as sg  # noqa: E402


def _synthesis_layer(self, x, w, noise_mode="random", force_fp32=False):
    n = x.shape[0]
    styles = self.affine(w)
    dcoefs = ((self.weight.unsqueeze(0) * styles.reshape(n, 1, -1, 1, 1)).square().sum(dim=[2, 3, 4]) + 1e-8).rsqrt()
    if self.up == 2:
        x = sg.upsample2x(x, self.fir)
    x = F.conv2d(x * styles.reshape(n, -1, 1, 1), self.weight, padding=1) * dcoefs.reshape(n, -1, 1, 1)
    if noise_mode == "random":
        x = x + sg.torch.randn([n, 1, self.resolution, self.resolution], device=x.device) * self.noise_strength
    elif noise_mode == "const":
        x = x + self.noise_const * self.noise_strength
    return sg.lrelu(x + self.bias.reshape(1, -1, 1, 1))


def _to_rgb(self, x, w):
    styles = self.affine(w) * self.weight_gain
    x = F.conv2d(x * styles.reshape(x.shape[0], -1, 1, 1), self.weight)
    return x + self.bias.reshape(1, -1, 1, 1)


def _upsample2x(x, kernel):
    c = int(x.shape[1])  # a constant in the trace: the FIR weight needs a static shape
    weight = (kernel * 4).to(x.dtype).expand(c, 1, 4, 4)
    return F.conv_transpose2d(x, weight, stride=2, padding=1, groups=c)


def patch():
    sg.upsample2x = _upsample2x
    sg.SynthesisLayer.forward = _synthesis_layer
    sg.ToRGBLayer.forward = _to_rgb
