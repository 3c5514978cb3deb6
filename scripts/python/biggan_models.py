"""Loading BigGAN generators for export_biggan.py, and making them plain for ONNX: spectral norm baked into the weights.

Three sources:
- ajbrock/BigGAN-PyTorch: `BigGAN.Generator(**config)` with its G_ema.pth state dict. Its forward is
  forward(z, shared(y)): the class embedding is computed outside the model.
- huggingface's pytorch_pretrained_biggan format (config.json + pytorch_model.bin): forward(z, y_onehot, truncation).
- any module with that second convention (--module)."""
import json
import os
import sys

import torch

from ganlens_export import bad_input

# BigGAN-PyTorch's utils.imsize_dict / nclass_dict (utils.py itself imports h5py and tqdm, so it is not imported).
DATASETS = {"I32": (32, 1000), "I64": (64, 1000), "I128": (128, 1000), "I256": (256, 1000), "C10": (32, 10),
            "C100": (32, 100)}


def read_config(path):
    """Generator settings: a JSON object of BigGAN-PyTorch's command-line settings (the launch script's flags without
    dashes, e.g. {"G_ch": 96, "dim_z": 120, ...}), or the state_dict.pth that its train.py saves (key 'config')."""
    if path.endswith(".json"):
        with open(path) as f:
            config = json.load(f)
    else:
        state = torch.load(path, map_location="cpu")
        if not isinstance(state, dict) or not isinstance(state.get("config"), dict):
            raise bad_input(f"error: {path} holds no 'config' dict.\n"
                             "  → Pass BigGAN-PyTorch's state_dict.pth (saved beside G_ema.pth) or a JSON file of the "
                             "launch script's settings.")
        config = dict(state["config"])
    dataset = str(config.get("dataset", "I128_hdf5")).replace("_hdf5", "")
    if dataset in DATASETS:
        res, classes = DATASETS[dataset]
        config.setdefault("resolution", res)
        config.setdefault("n_classes", classes)
    return config


def load_biggan_pytorch(repo, config_path, weights, arch="BigGAN"):
    """BigGAN-PyTorch's Generator built the way its train.py and sample.py build it, then the G_ema weights."""
    path = os.path.abspath(os.path.expanduser(repo))
    if not os.path.isfile(os.path.join(path, f"{arch}.py")):
        raise bad_input(f"error: --repo {repo} has no {arch}.py.\n"
                         "  → Pass the folder of a BigGAN-PyTorch checkout (the one holding BigGAN.py and layers.py).")
    sys.path.insert(0, path)
    import importlib
    model = importlib.import_module(arch)
    config = read_config(config_path)
    relu_inplace = config.get("G_nl", "relu") == "inplace_relu"
    config["G_activation"] = torch.nn.ReLU(inplace=relu_inplace)
    config.update(skip_init=True, no_optim=True)
    G = model.Generator(**config)
    if weights:
        state = torch.load(weights, map_location="cpu")
        missing, unexpected = G.load_state_dict(state, strict=False)
        if missing or unexpected:
            raise bad_input(f"error: {weights} does not fit Generator({os.path.basename(config_path)}): missing "
                             f"{list(missing)[:5]}, unexpected {list(unexpected)[:5]}.\n"
                             "  → Pass the settings the weights were trained with (G_ch, dim_z, shared_dim, hier, "
                             "G_attn, resolution).")
    return G


def bake_spectral_norm(model):
    """Replaces every spectrally normalised layer by a plain Conv2d/Linear/Embedding holding W / σ, so the graph has
    one constant per weight and no power iteration. Eval-mode σ is what the layer itself would use: BigGAN-PyTorch's
    SN layers (W_() with the stored u, no update) and torch.nn.utils.spectral_norm (stored u, v). Returns the count."""
    baked = 0
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if hasattr(child, "weight_orig"):  # torch.nn.utils.spectral_norm
                torch.nn.utils.remove_spectral_norm(child)
                baked += 1
            elif callable(getattr(child, "W_", None)):
                child.eval()
                with torch.no_grad():
                    weight = child.W_().detach().clone()
                setattr(parent, name, plain_copy(child, weight))
                baked += 1
    return baked


def plain_copy(layer, weight):
    if isinstance(layer, torch.nn.Conv2d):
        out = torch.nn.Conv2d(layer.in_channels, layer.out_channels, layer.kernel_size, layer.stride, layer.padding,
                              layer.dilation, layer.groups, layer.bias is not None)
    elif isinstance(layer, torch.nn.Linear):
        out = torch.nn.Linear(layer.in_features, layer.out_features, layer.bias is not None)
    elif isinstance(layer, torch.nn.Embedding):
        out = torch.nn.Embedding(layer.num_embeddings, layer.embedding_dim)
    else:
        raise bad_input(f"error: cannot bake spectral norm of a {type(layer).__name__}.")
    with torch.no_grad():
        out.weight.copy_(weight)
        if getattr(layer, "bias", None) is not None:
            out.bias.copy_(layer.bias)
    return out


class OneHotEmbedding(torch.nn.Module):
    """nn.Embedding looked up with a one-hot (N, n_classes) float vector: y @ weight, so the class can be a float
    graph input (and a soft mix of classes)."""

    def __init__(self, embedding):
        super().__init__()
        self.weight = torch.nn.Parameter(embedding.weight.detach().clone(), requires_grad=False)

    def forward(self, y):
        return y @ self.weight
