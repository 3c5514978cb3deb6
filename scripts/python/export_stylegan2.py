"""Exports a StyleGAN2-ADA generator (G_ema of a network-snapshot .pkl from NVlabs/stylegan2-ada-pytorch) to ONNX
for GAN Lens: latent as the graph input, noise_mode 'const' (the noise buffers become constants), truncation 1.

  python3 export_stylegan2.py --pkl network-snapshot.pkl --repo ~/src/stylegan2-ada-pytorch --out stylegan2.onnx
  python3 export_stylegan2.py --module mypkg.gen:make_generator --weights g_ema.pt --out g.onnx

The reference repository must be importable (--repo) to unpickle; its CUDA kernels are switched off so the
pure-PyTorch reference paths (upfirdn2d, bias_act, modulated conv) are traced, which export at opset 17.
Input `z` (N, z_dim) ~ N(0, 1) (or `w` (N, num_ws, w_dim) with --latent w); output `image` (N, 3, R, R) in [-1, 1].
Tensor names follow the module paths: /mapping/fc0/..., /synthesis/b4/conv1/..., /synthesis/b64/torgb/...
Conditional models: --class-index bakes one class into the graph."""
import argparse
import os
import sys

from ganlens_export import check, export, load_object, load_weights, report, torch


class StyleGAN2Export(torch.nn.Module):
    """z → mapping (truncation ψ) → synthesis(noise_mode='const'). Keeps `mapping` and `synthesis` as attributes so
    tensor names are the original module paths."""

    def __init__(self, G, truncation=1.0, class_index=None, latent="z"):
        super().__init__()
        self.mapping = G.mapping
        self.synthesis = G.synthesis
        self.z_dim, self.c_dim = G.z_dim, G.c_dim
        self.truncation = truncation
        self.latent = latent
        c = torch.zeros(1, max(G.c_dim, 0))
        if G.c_dim:
            c[0, class_index or 0] = 1
        self.register_buffer("c", c)

    def forward(self, latent):
        if self.latent == "w":
            ws = latent
        else:
            c = self.c.expand(latent.shape[0], -1)
            ws = self.mapping(latent, c, truncation_psi=self.truncation)
        return self.synthesis(ws, noise_mode="const", force_fp32=True)


def disable_custom_ops():
    """Makes the reference repository trace its pure-PyTorch fallbacks instead of CUDA plugins."""
    try:
        from torch_utils.ops import bias_act, conv2d_gradfix, upfirdn2d
    except ImportError:
        return
    upfirdn2d._init = lambda: False
    bias_act._init = lambda: False
    conv2d_gradfix.enabled = False


def load_pkl(path, repo):
    if repo:
        sys.path.insert(0, os.path.abspath(os.path.expanduser(repo)))
    try:
        import legacy  # from stylegan2-ada-pytorch
    except ImportError:
        raise SystemExit("error: cannot import `legacy` from stylegan2-ada-pytorch.\n"
                         "  → Pass --repo /path/to/stylegan2-ada-pytorch (a clone of NVlabs' repository).")
    disable_custom_ops()
    with open(path, "rb") as f:
        return legacy.load_network_pkl(f)["G_ema"].float()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pkl", help="network-snapshot-XXXXXX.pkl")
    p.add_argument("--repo", help="path to a stylegan2-ada-pytorch checkout (needed to unpickle)")
    p.add_argument("--module", help="alternatively: package.module:factory returning a generator with .mapping/.synthesis")
    p.add_argument("--weights", help="state dict for --module")
    p.add_argument("--latent", choices=["z", "w"], default="z")
    p.add_argument("--truncation", type=float, default=1.0)
    p.add_argument("--class-index", type=int)
    p.add_argument("--out", required=True)
    p.add_argument("--check", action="store_true", help="also save a PyTorch reference input/output as .npy")
    a = p.parse_args(argv)
    if bool(a.pkl) == bool(a.module):
        p.error("give exactly one of --pkl or --module")
    torch.manual_seed(0)
    if a.pkl:
        G = load_pkl(a.pkl, a.repo)
    else:
        G = load_object(a.module)()
        if a.weights:
            load_weights(G, a.weights)
    G.eval()
    model = StyleGAN2Export(G, a.truncation, a.class_index, a.latent).eval()
    if a.latent == "w":
        x = G.mapping(torch.randn(1, G.z_dim), model.c, truncation_psi=a.truncation).detach()
    else:
        x = torch.randn(1, G.z_dim)
    export(model, [x], a.out, [a.latent], ["image"])
    if a.check:
        check(model, [x], a.out, ["image"])
    shape = f"(N, {G.z_dim})" if a.latent == "z" else f"(N, {x.shape[1]}, {x.shape[2]})"
    report(a.out, [f"{a.latent} {shape}"], ["image in [-1, 1]"], prefixes=["synthesis", "mapping"])


if __name__ == "__main__":
    sys.exit(main())
