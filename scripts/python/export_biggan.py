"""Exports a BigGAN generator to ONNX for GAN Lens, latent `z` as the graph input, spectral norm baked into the weights.

  python3 export_biggan.py --repo ~/src/BigGAN-PyTorch --config weights/EXP/state_dict.pth \
      --weights weights/EXP/G_ema.pth --class-index 207 --out biggan.onnx
  python3 export_biggan.py --pretrained-dir biggan-deep-128/ --class-index 207 --out biggan.onnx
  python3 export_biggan.py --module mypkg.gen:make_biggan --weights G_ema.pth --class-input --out biggan.onnx

--repo: ajbrock's BigGAN-PyTorch; --config is the state_dict.pth its train.py saves (it holds the settings) or a JSON
object of the launch script's settings, e.g. {"dataset": "I128_hdf5", "G_ch": 96, "dim_z": 120, "shared_dim": 128,
"hier": true, "G_shared": true, "G_attn": "64", "G_nl": "inplace_relu", "SN_eps": 1e-6, "BN_eps": 1e-5}.
--pretrained-dir: huggingface's pytorch-pretrained-biggan format; --module: any module with
forward(z, y_onehot, truncation) and z_dim / n_classes attributes.
BigGAN is class-conditional: by default one class (--class-index) is baked into the graph, so GAN Lens sees an
unconditional generator z (N, z_dim) → image (N, 3, R, R) in [-1, 1]. With --class-input the one-hot class vector
`y` (N, n_classes) stays an input. --truncation (huggingface/--module only) is the model's truncation argument;
BigGAN-PyTorch truncates by sampling z from a truncated normal, which is the user's choice of z.
Tensor names are the module paths: BigGAN-PyTorch /linear/Gemm, /blocks.2/blocks.2.0/conv2/Conv, /blocks.3/blocks.3.1
(self-attention), /output_layer/output_layer.2/Conv; huggingface /generator/layers.4/conv_1/Conv."""
import argparse
import sys

from biggan_models import OneHotEmbedding, bake_spectral_norm, load_biggan_pytorch
from ganlens_export import bad_input, check, export, load_object, load_weights, report, torch


def with_forward(model, forward):
    """Gives this one instance another forward, keeping every attribute and child (and so every tensor name)."""
    model.__class__ = type(f"{type(model).__name__}ForExport", (type(model),), {"forward": forward})
    return model


def prepare_biggan_pytorch(G, class_index, class_input):
    """forward(z[, y_onehot]) for BigGAN-PyTorch, whose own forward takes the shared class embedding."""
    base = type(G).forward
    if class_input:
        if not G.G_shared:
            raise bad_input("error: --class-input needs a BigGAN-PyTorch model trained with --G_shared (its "
                             "class input is an index, not a vector).\n  → Bake a class in with --class-index.")
        G.shared = OneHotEmbedding(G.shared)

        def forward(self, z, y):
            return base(self, z, self.shared(y))
    else:
        with torch.no_grad():
            index = torch.tensor([class_index])
            embedded = G.shared(index) if G.G_shared else index  # without G_shared the blocks embed the index
        del G.shared  # only its output for the one class is used
        G.register_buffer("class_embedding", embedded.detach().clone())

        def forward(self, z):
            e = self.class_embedding
            return base(self, z, e.expand(z.shape[0], *e.shape[1:]))
    return with_forward(G, forward)


def prepare_onehot_convention(G, n_classes, class_index, truncation, class_input):
    """forward(z[, y_onehot]) for models whose forward is forward(z, y_onehot, truncation)."""
    base = type(G).forward
    y = torch.zeros(1, n_classes)
    y[0, class_index] = 1
    G.register_buffer("class_onehot", y)

    def forward(self, z, y=None):
        return base(self, z, self.class_onehot.expand(z.shape[0], -1) if y is None else y, truncation)
    return with_forward(G, forward)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repo", help="BigGAN-PyTorch checkout (with --config and --weights)")
    p.add_argument("--config", help="BigGAN-PyTorch settings: its state_dict.pth or a JSON file")
    p.add_argument("--pretrained-dir", help="folder with config.json and pytorch_model.bin (pytorch-pretrained-biggan)")
    p.add_argument("--module", help="alternatively: package.module:factory returning a BigGAN module")
    p.add_argument("--weights", help="state dict: G_ema.pth for --repo, any for --module")
    p.add_argument("--class-index", type=int, default=0)
    p.add_argument("--class-input", action="store_true", help="keep the one-hot class vector `y` as an input")
    p.add_argument("--truncation", type=float, default=1.0)
    p.add_argument("--out", required=True)
    p.add_argument("--check", action="store_true", help="also save a PyTorch reference input/output as .npy")
    a = p.parse_args(argv)
    if sum(bool(x) for x in (a.repo, a.pretrained_dir, a.module)) != 1:
        p.error("give exactly one of --repo, --pretrained-dir or --module")
    if a.repo and not a.config:
        p.error("--repo needs --config (BigGAN-PyTorch's state_dict.pth or a JSON of the launch settings)")
    torch.manual_seed(0)
    if a.repo:
        if a.truncation != 1.0:
            p.error("BigGAN-PyTorch has no truncation argument: sample z from a truncated normal instead")
        G = load_biggan_pytorch(a.repo, a.config, a.weights)
        z_dim, n_classes = G.dim_z, G.n_classes
    elif a.pretrained_dir:
        try:
            from pytorch_pretrained_biggan import BigGAN
        except ImportError:
            raise bad_input("error: --pretrained-dir needs the pytorch_pretrained_biggan package.\n"
                             "  → pip install pytorch-pretrained-biggan, or use --module with your own code.")
        G = BigGAN.from_pretrained(a.pretrained_dir)
        z_dim, n_classes = G.config.z_dim, G.config.num_classes
    else:
        G = load_object(a.module)()
        if a.weights:
            load_weights(G, a.weights)
        z_dim, n_classes = G.z_dim, G.n_classes
    if not 0 <= a.class_index < n_classes:
        p.error(f"--class-index {a.class_index} is outside the model's {n_classes} classes")
    G.eval().requires_grad_(False)
    bake_spectral_norm(G)
    if a.repo:
        model = prepare_biggan_pytorch(G, a.class_index, a.class_input)
    else:
        model = prepare_onehot_convention(G, n_classes, a.class_index, a.truncation, a.class_input)
    model.eval()

    z = torch.randn(1, z_dim)
    inputs, names = [z], ["z"]
    if a.class_input:
        y = torch.zeros(1, n_classes)
        y[0, a.class_index] = 1
        inputs.append(y)
        names.append("y")
    export(model, inputs, a.out, names, ["image"])
    if a.check:
        check(model, inputs, a.out, ["image"])
    shown = [f"z (N, {z_dim})"] + ([f"y (N, {n_classes}) one-hot"] if a.class_input else [])
    report(a.out, shown, ["image in [-1, 1]"])


if __name__ == "__main__":
    sys.exit(main())
