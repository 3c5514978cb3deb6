"""Makes NVlabs' stylegan2-ada-pytorch code traceable to ONNX with a dynamic batch.

Two things in the upstream code stop torch.onnx at opset 17:
- its CUDA plugins (upfirdn2d, bias_act, conv2d_gradfix) — switched off, so the pure-PyTorch paths run;
- the pure-PyTorch upfirdn2d builds its depthwise filter with `repeat([num_channels, ...])` where num_channels is
  read from the traced shape, so the Conv weight has no static shape ("convolution for kernel of unknown shape").
  `upfirdn2d` below computes the same operation with the channel count read as a Python int (channels and spatial
  sizes are fixed in a generator; only the batch varies), so every filter is a constant of known shape.
- the fused modulated convolution makes per-sample weights and groups the convolution by the (traced) batch size.
  `modulated_conv2d` below scales the activations before and after a plain convolution whose weight is a constant,
  and computes the demodulation coefficients as (styles² @ Σ_kernel weight²ᵀ + 1e-8)^-½, which equals upstream's
  Σ (weight · style)² without materialising an (N, O, I, k, k) tensor: the exported file then holds each weight
  once (about 4 bytes per parameter) and a backward pass stays small."""
import torch
import torch.nn.functional as F


def _pair(v):
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def _padding(p):
    """int, [x, y] or [x0, x1, y0, y1] → (x0, x1, y0, y1), the upstream convention."""
    if isinstance(p, int):
        return p, p, p, p
    if len(p) == 2:
        return p[0], p[0], p[1], p[1]
    return tuple(int(v) for v in p)


def upfirdn2d(x, f, up=1, down=1, padding=0, flip_filter=False, gain=1, impl=None):
    """Upsample by zero insertion, pad (negative = crop), FIR filter each channel, keep every down-th pixel."""
    del impl  # always the traceable path
    up_x, up_y = _pair(up)
    down_x, down_y = _pair(down)
    pad_x0, pad_x1, pad_y0, pad_y1 = _padding(padding)
    channels, height, width = (int(s) for s in x.shape[1:])

    if up_x > 1 or up_y > 1:
        x = x.reshape(-1, channels, height, 1, width, 1)
        x = F.pad(x, [0, up_x - 1, 0, 0, 0, up_y - 1])
        height, width = height * up_y, width * up_x
        x = x.reshape(-1, channels, height, width)

    x = F.pad(x, [max(pad_x0, 0), max(pad_x1, 0), max(pad_y0, 0), max(pad_y1, 0)])
    height += max(pad_y0, 0) + max(pad_y1, 0)
    width += max(pad_x0, 0) + max(pad_x1, 0)
    if min(pad_x0, pad_x1, pad_y0, pad_y1) < 0:
        x = x[:, :, max(-pad_y0, 0):height - max(-pad_y1, 0), max(-pad_x0, 0):width - max(-pad_x1, 0)]

    if f is None:
        f = torch.ones(1, 1, dtype=torch.float32)
    f = f.to(torch.float32) * (gain ** (f.ndim / 2))
    if not flip_filter:
        f = f.flip(list(range(f.ndim)))
    f = f.to(x.dtype)
    if f.ndim == 2:
        x = F.conv2d(x, f.expand(channels, 1, *f.shape).contiguous(), groups=channels)
    else:
        x = F.conv2d(x, f.reshape(1, 1, 1, -1).expand(channels, 1, 1, f.shape[0]).contiguous(), groups=channels)
        x = F.conv2d(x, f.reshape(1, 1, -1, 1).expand(channels, 1, f.shape[0], 1).contiguous(), groups=channels)
    return x[:, :, ::down_y, ::down_x]


# Σ_kernel weight² of each convolution weight, computed before tracing so the trace sees one constant (O, I) instead
# of a second copy of the weight feeding a ReduceSum (torch's constant folding does not fold ReduceSum).
_ENERGY = {}


def modulated_conv2d(x, weight, styles, noise=None, up=1, down=1, padding=0, resample_filter=None, demodulate=True,
                     flip_weight=True, fused_modconv=True):
    """Same arguments and result as upstream's training.networks.modulated_conv2d (float32)."""
    del fused_modconv
    from torch_utils.ops import conv2d_resample
    x = x * styles.to(x.dtype)[:, :, None, None]
    x = conv2d_resample.conv2d_resample(x=x, w=weight.to(x.dtype), f=resample_filter, up=up, down=down,
                                        padding=padding, flip_weight=flip_weight)
    if demodulate:
        energy = _ENERGY.get(id(weight))
        if energy is None:
            energy = weight.to(x.dtype).square().sum(dim=[2, 3])  # (O, I)
        d = (styles.to(x.dtype).square() @ energy.t() + 1e-8).rsqrt()  # (N, O)
        x = x * d[:, :, None, None]
    if noise is not None:
        x = x + noise.to(x.dtype)
    return x


def patch_modulated_conv(generator):
    """Points the modules' `modulated_conv2d` at the one above. Unpickled snapshots define their classes in a module
    made from the pickled source, so the function is replaced in each class's own globals. Returns how many module
    namespaces were patched."""
    with torch.no_grad():
        for p in generator.parameters():
            if p.ndim == 4:
                _ENERGY[id(p)] = p.float().square().sum(dim=[2, 3])
    patched = set()
    for m in generator.modules():
        g = getattr(type(m).forward, "__globals__", {})
        if "modulated_conv2d" in g and id(g) not in patched:
            g["modulated_conv2d"] = modulated_conv2d
            patched.add(id(g))
    return len(patched)


def make_traceable():
    """Patches the imported torch_utils.ops of the reference repository (must be on sys.path). Returns False when
    torch_utils is not importable (a generator that does not use NVlabs' ops)."""
    try:
        from torch_utils.ops import bias_act, conv2d_gradfix
        from torch_utils.ops import upfirdn2d as upstream_upfirdn2d
    except ImportError:
        return False
    upstream_upfirdn2d._init = lambda: False
    bias_act._init = lambda: False
    conv2d_gradfix.enabled = False
    # upsample2d/downsample2d/filter2d and conv2d_resample all look the function up on the module at call time.
    upstream_upfirdn2d.upfirdn2d = upfirdn2d
    return True
