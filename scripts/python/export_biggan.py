"""Exports a BigGAN generator to ONNX for GAN Lens, latent `z` as the graph input.

  python3 export_biggan.py --pretrained-dir biggan-deep-128/ --class-index 207 --out biggan.onnx
  python3 export_biggan.py --module mypkg.gen:make_biggan --weights G_ema.pth --class-index 207 --out biggan.onnx

BigGAN is class-conditional: by default one class (--class-index) is baked into the graph, so GAN Lens sees an
unconditional generator z (N, z_dim) → image (N, 3, R, R) in [-1, 1]. With --class-input the one-hot class vector
`y` (N, n_classes) stays an input as well. --truncation is baked in as the model's truncation argument (sample z from
a truncated normal with the same bound for the usual BigGAN look; 1 = none).
--pretrained-dir loads huggingface's pytorch-pretrained-biggan format (config.json + pytorch_model.bin) with that
package; --module takes any module with forward(z, y_onehot, truncation). Tensor names are its module paths,
e.g. /generator/layers.4/conv_1/Conv, /generator/layers.8/... (self-attention)."""
import argparse
import sys

from ganlens_export import check, export, load_object, load_weights, report, torch


class BigGANExport(torch.nn.Module):
    """Holds the BigGAN's children under their own names so tensor names keep the original module paths."""

    def __init__(self, G, n_classes, class_index, truncation, class_input):
        super().__init__()
        for name, child in G.named_children():
            self.add_module(name, child)
        self._forward = type(G).forward
        self.truncation = truncation
        self.class_input = class_input
        y = torch.zeros(1, n_classes)
        y[0, class_index] = 1
        self.register_buffer("y_fixed", y)

    def forward(self, z, y=None):
        if y is None:
            y = self.y_fixed.expand(z.shape[0], -1)
        return self._forward(self, z, y, self.truncation)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pretrained-dir", help="folder with config.json and pytorch_model.bin (pytorch-pretrained-biggan)")
    p.add_argument("--module", help="alternatively: package.module:factory returning a BigGAN module")
    p.add_argument("--weights", help="state dict for --module")
    p.add_argument("--class-index", type=int, default=0)
    p.add_argument("--class-input", action="store_true", help="keep the one-hot class vector `y` as an input")
    p.add_argument("--truncation", type=float, default=1.0)
    p.add_argument("--out", required=True)
    p.add_argument("--check", action="store_true", help="also save a PyTorch reference input/output as .npy")
    a = p.parse_args(argv)
    if bool(a.pretrained_dir) == bool(a.module):
        p.error("give exactly one of --pretrained-dir or --module")
    torch.manual_seed(0)
    if a.pretrained_dir:
        try:
            from pytorch_pretrained_biggan import BigGAN
        except ImportError:
            raise SystemExit("error: --pretrained-dir needs the pytorch_pretrained_biggan package.\n"
                             "  → pip install pytorch-pretrained-biggan, or use --module with your own code.")
        G = BigGAN.from_pretrained(a.pretrained_dir)
        z_dim, n_classes = G.config.z_dim, G.config.num_classes
    else:
        G = load_object(a.module)()
        if a.weights:
            load_weights(G, a.weights)
        z_dim, n_classes = G.z_dim, G.n_classes
    G.eval()
    model = BigGANExport(G, n_classes, a.class_index, a.truncation, a.class_input).eval()
    z = torch.randn(1, z_dim)
    inputs, names = [z], ["z"]
    if a.class_input:
        inputs.append(model.y_fixed.clone())
        names.append("y")
    export(model, inputs, a.out, names, ["image"])
    if a.check:
        check(model, inputs, a.out, ["image"])
    shown = [f"z (N, {z_dim})"] + ([f"y (N, {n_classes}) one-hot"] if a.class_input else [])
    report(a.out, shown, ["image in [-1, 1]"], prefixes=["generator"])


if __name__ == "__main__":
    sys.exit(main())
