"""Exports a StyleGAN2-ADA generator (G_ema of a network snapshot written by NVlabs/stylegan2-ada-pytorch's train.py)
to ONNX for GAN Lens: latent as the graph input, dynamic batch, noise baked in as constants (or as inputs), truncation
baked in.

  python3 export_stylegan2.py --pkl network-snapshot-025000.pkl --repo ~/src/stylegan2-ada-pytorch --out g.onnx
  python3 export_stylegan2.py --pkl snapshot.pkl --repo REPO --latent w --noise inputs --out g-w.onnx
  python3 export_stylegan2.py --repo REPO --module training.networks:Generator --kwargs gen.json \
      --weights G_ema.pth --out g.onnx

The repository must be given (--repo) to unpickle. Its CUDA plugins are switched off and the pure-PyTorch paths are
made traceable (see stylegan2_tracing.py), so the graph runs on CPU at opset 17.
Input `z` (N, z_dim) ~ N(0, 1), or with --latent w `w` (N, num_ws, w_dim); output `image` (N, 3, R, R) in [-1, 1].
--noise inputs adds one input per noisy layer, `noise.b8.conv0` (N, 1, 8, 8) ~ N(0, 1), instead of the constants.
Tensor names follow the module paths: /mapping/fc0/..., /synthesis/b4/conv1/..., /synthesis/b64/torgb/...
Conditional models: --class-index bakes one class into the graph."""
import argparse
import json
import os
import sys

from ganlens_export import bad_input, check, export, load_object, load_weights, report, torch
from stylegan2_tracing import make_traceable, patch_modulated_conv


def noisy_layers(synthesis):
    """(path relative to synthesis, layer) for every layer that adds per-pixel noise, in execution order."""
    return [(name, m) for name, m in synthesis.named_modules()
            if getattr(m, "use_noise", False) and hasattr(m, "noise_const")]


class StyleGAN2Export(torch.nn.Module):
    """z → mapping (truncation ψ) → synthesis. Keeps `mapping` and `synthesis` as attributes so tensor names are the
    original module paths."""

    def __init__(self, G, truncation=1.0, class_index=None, latent="z", noise_inputs=False):
        super().__init__()
        self.mapping = G.mapping
        self.synthesis = G.synthesis
        self.truncation = truncation
        self.latent = latent
        self.noise_layers = [m for _, m in noisy_layers(G.synthesis)] if noise_inputs else []
        c = torch.zeros(1, max(G.c_dim, 0))
        if G.c_dim:
            c[0, class_index or 0] = 1
        self.register_buffer("c", c)

    def ws(self, z):
        return self.mapping(z, self.c.expand(z.shape[0], -1), truncation_psi=self.truncation)

    def forward(self, latent, *noise):
        ws = latent if self.latent == "w" else self.ws(latent)
        if not noise:
            return self.synthesis(ws, noise_mode="const", force_fp32=True, fused_modconv=False)
        # noise_mode 'const' reads each layer's noise_const buffer: point it at the graph input for this call.
        saved = [m.noise_const for m in self.noise_layers]
        try:
            for m, n in zip(self.noise_layers, noise):
                m.noise_const = n
            return self.synthesis(ws, noise_mode="const", force_fp32=True, fused_modconv=False)
        finally:
            for m, n in zip(self.noise_layers, saved):
                m.noise_const = n


def add_repo(repo):
    if repo:
        path = os.path.abspath(os.path.expanduser(repo))
        if not os.path.isfile(os.path.join(path, "legacy.py")):
            raise bad_input(f"error: --repo {repo} is not a stylegan2-ada-pytorch checkout (no legacy.py there).\n"
                             "  → Pass the folder of NVlabs' repository that contains legacy.py and training/.")
        sys.path.insert(0, path)


def load_pkl(path):
    try:
        import legacy  # from stylegan2-ada-pytorch
    except ImportError:
        raise bad_input("error: cannot import `legacy` from stylegan2-ada-pytorch.\n"
                         "  → Pass --repo /path/to/stylegan2-ada-pytorch (a clone of NVlabs' repository).")
    with open(path, "rb") as f:
        data = legacy.load_network_pkl(f)
    return data["G_ema"]


def read_kwargs(spec):
    """--kwargs: a JSON file or an inline JSON object."""
    if not spec:
        return {}
    text = open(spec).read() if os.path.isfile(spec) else spec
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise bad_input(f"error: --kwargs is neither a JSON file nor a JSON object ({e}).")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pkl", help="network-snapshot-XXXXXX.pkl as train.py writes it (G_ema is exported)")
    p.add_argument("--repo", help="path to a stylegan2-ada-pytorch checkout (needed to unpickle)")
    p.add_argument("--module", help="alternatively: package.module:Class or factory with .mapping/.synthesis")
    p.add_argument("--kwargs", help="constructor arguments for --module: JSON file or inline JSON")
    p.add_argument("--weights", help="state dict for --module")
    p.add_argument("--latent", choices=["z", "w"], default="z")
    p.add_argument("--noise", choices=["const", "inputs"], default="const",
                   help="bake each layer's noise_const in (default) or make the noise graph inputs")
    p.add_argument("--truncation", type=float, default=1.0, help="ψ baked into the mapping (z input only)")
    p.add_argument("--class-index", type=int)
    p.add_argument("--out", required=True)
    p.add_argument("--check", action="store_true", help="also save a PyTorch reference input/output as .npy")
    a = p.parse_args(argv)
    if bool(a.pkl) == bool(a.module):
        p.error("give exactly one of --pkl or --module")
    if a.latent == "w" and a.truncation != 1.0:
        p.error("--truncation applies to the mapping network, which a --latent w export leaves out")
    add_repo(a.repo)
    make_traceable()
    torch.manual_seed(0)
    if a.pkl:
        G = load_pkl(a.pkl)
    else:
        G = load_object(a.module)(**read_kwargs(a.kwargs))
        if a.weights:
            load_weights(G, a.weights)
    G = G.float().eval().requires_grad_(False)
    patch_modulated_conv(G)
    model = StyleGAN2Export(G, a.truncation, a.class_index, a.latent, a.noise == "inputs").eval()

    z = torch.randn(1, G.z_dim)
    x = model.ws(z).detach() if a.latent == "w" else z
    inputs, names = [x], [a.latent]
    shown = [f"z (N, {G.z_dim})" if a.latent == "z" else f"w (N, {x.shape[1]}, {x.shape[2]})"]
    for name, layer in noisy_layers(G.synthesis) if a.noise == "inputs" else []:
        r = int(layer.resolution)
        inputs.append(torch.randn(1, 1, r, r))
        names.append(f"noise.{name}")
    if len(names) > 1:
        shown.append(f"{len(names) - 1} noise inputs noise.b4.conv1 … (N, 1, R, R) ~ N(0, 1)")
    export(model, inputs, a.out, names, ["image"])
    if a.check:
        check(model, inputs, a.out, ["image"])
    report(a.out, shown, ["image in [-1, 1]"], prefixes=["synthesis", "mapping"])


if __name__ == "__main__":
    sys.exit(main())
