"""Loads the weights of an exported demo-world ONNX file back into its PyTorch module (training/models.py), for
evaluations when the training checkpoints in $GANLENS_WORK are gone. torch's eval-mode export folds every BatchNorm
into the convolution before it, so the module's BatchNorms become Identity and its convolutions get the folded bias.
Each Conv/Gemm node is matched to its module by the node's scope (`/layer1/layer1.0/conv1/Conv` -> layer1.0.conv1);
the attention block's scalar parameters come from the constants its Mul nodes multiply with."""
import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper


def _module_name(node_name):
    """Scopes name a Sequential's child '<parent>.<i>' (`/layer1/layer1.0/conv1/Conv`, `/decoder/smooth/smooth.0/Conv`);
    a ModuleList is not called, so its children appear as 'blocks.0' directly."""
    full, last = "", None
    for c in node_name.strip("/").split("/")[:-1]:
        head, _, tail = c.rpartition(".")
        part = tail if head and head == last else c
        full = f"{full}.{part}" if full else part
        last = c
    return full


def _constants(model):
    vals = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for n in model.graph.node:
        if n.op_type == "Constant":
            vals[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    return vals


def _drop_batchnorm(module):
    for name, child in module.named_children():
        if isinstance(child, nn.BatchNorm2d):
            setattr(module, name, nn.Identity())
        else:
            _drop_batchnorm(child)


@torch.no_grad()
def load_onnx_weights(module, path):
    """Copies Conv/Gemm weights (BatchNorm folded) and the attention gate from the ONNX file into `module` (in place)."""
    model = onnx.load(path)
    vals = _constants(model)
    _drop_batchnorm(module)
    mods = dict(module.named_modules())
    seen = set()
    for n in model.graph.node:
        if n.op_type not in ("Conv", "Gemm"):
            continue
        name = _module_name(n.name)
        m = mods.get(name)
        if m is None:
            raise KeyError(f"{path}: node {n.name} -> module '{name}' not in {type(module).__name__}")
        w = torch.from_numpy(vals[n.input[1]].copy())
        if n.op_type == "Gemm" and not any(a.name == "transB" and a.i == 1 for a in n.attribute):
            w = w.t()
        m.weight.copy_(w.reshape(m.weight.shape))
        if len(n.input) > 2:
            b = torch.from_numpy(vals[n.input[2]].copy())
            if m.bias is None:
                m.bias = nn.Parameter(b)
            else:
                m.bias.copy_(b)
        seen.add(name)
    attn = mods.get("attn")
    if attn is not None:
        scalars = [vals[i] for n in model.graph.node if n.op_type == "Mul" and n.name.startswith("/attn/")
                   for i in n.input if i in vals and vals[i].size == 1]
        # SelfAttention: x + gamma * out(o) (one scalar Mul). SelectiveAttention: exp(log_tau) * (q k), then gamma.
        if hasattr(attn, "log_tau"):
            attn.log_tau.copy_(torch.tensor(scalars[0]).reshape(1).log())
            attn.gamma.copy_(torch.tensor(scalars[1]).reshape(1))
        else:
            attn.gamma.copy_(torch.tensor(scalars[-1]).reshape(1))
    for name, m in mods.items():
        if isinstance(m, (nn.Conv2d, nn.Linear)) and name not in seen and not name.startswith("decoder"):
            raise KeyError(f"{path}: no ONNX weights for module '{name}'")
    module.eval()
    return module
