"""Shared helpers of the export_*.py scripts: ONNX export the way GAN Lens reads models (opset 17, eval mode, module
paths as tensor names), a check run, and the list of layer names GAN Lens will show."""
import os
import sys

try:
    import torch
except ImportError as e:  # Fail loudly: nothing here works without PyTorch.
    sys.stderr.write(
        f"error: PyTorch is not importable ({e}).\n"
        "  → Install it (pip install torch torchvision, or apt install python3-torch python3-torchvision) and run again.\n")
    sys.exit(2)

OPSET = 17


def bad_input(message):
    """Prints the message and returns SystemExit(2) to raise: exit code 2 means the input (a file, a flag) is wrong."""
    sys.stderr.write(message.rstrip("\n") + "\n")
    return SystemExit(2)


def export(module, example_inputs, path, input_names, output_names, dynamic_batch=True):
    """Exports module in eval mode. torch >= 1.13 names every tensor after its module scope, e.g.
    /layer2/layer2.3/relu_2/Relu_output_0, which is what GAN Lens shows as layer names."""
    module.eval()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)

    def run(dynamic):
        axes = {n: {0: "N"} for n in [*input_names, *output_names]} if dynamic else None
        with torch.no_grad():
            torch.onnx.export(module, tuple(example_inputs), path, opset_version=OPSET, input_names=input_names,
                              output_names=output_names, dynamic_axes=axes, do_constant_folding=True)

    if not dynamic_batch:
        run(False)
        return path
    try:
        run(True)
    except Exception as e:  # torch 1.13 loses channel sizes after view(-1, C, H, W) with a symbolic batch.
        first = str(e).strip().splitlines()[0][:200]
        sys.stderr.write(f"warning: export with a dynamic batch failed ({first}).\n"
                         f"  → exported with a fixed batch of {example_inputs[0].shape[0]} instead; GAN Lens then runs one "
                         "image at a time. Replace view(-1, ...) by view(x.shape[0], ...) in the model to keep the batch free.\n")
        run(False)
    fix_output_shapes(module, example_inputs, path, output_names)
    return path


def fix_output_shapes(module, example_inputs, path, output_names):
    """torch 1.13 often leaves an output's non-batch sizes symbolic (e.g. a generator's `image` as
    N×3×Addimage_dim_2×Addimage_dim_3) although they are fixed: write the sizes of one PyTorch run into the graph's
    output types so readers see the real resolution."""
    import onnx
    with torch.no_grad():
        outs = module(*example_inputs)
    outs = outs if isinstance(outs, (tuple, list)) else (outs,)
    model = onnx.load(path)
    changed = False
    for value, name, y in zip(model.graph.output, output_names, outs):
        dims = value.type.tensor_type.shape.dim
        if value.name != name or len(dims) != y.ndim:
            continue
        for d, size in list(zip(dims, y.shape))[1:]:
            if d.dim_value != size:
                d.Clear()
                d.dim_value = int(size)
                changed = True
    if changed:
        onnx.save(model, path)


def check(module, example_inputs, path, output_names):
    """Runs the module once on the example and saves input/output .npy files beside the model (path + .inputN.npy /
    .outputN.npy), so the ONNX file can be compared against PyTorch without torch on the other side."""
    import numpy as np
    module.eval()
    with torch.no_grad():
        outs = module(*example_inputs)
    outs = outs if isinstance(outs, (tuple, list)) else (outs,)
    for i, x in enumerate(example_inputs):
        np.save(f"{path}.input{i}.npy", x.detach().numpy())
    for i, (name, y) in enumerate(zip(output_names, outs)):
        np.save(f"{path}.output{i}.npy", y.detach().numpy())
    return outs


def module_path(node_name):
    """'/backbone/layer3/layer3.0/conv1/Conv' → 'backbone.layer3.0.conv1' (torch scopes repeat the parent's name)."""
    parts = node_name.strip("/").split("/")[:-1]
    path = []
    for seg in parts:
        if path and seg.startswith(path[-1] + "."):
            path[-1] = seg
        else:
            path.append(seg)
    return ".".join(path)


def layer_names(path, prefixes=None):
    """Module paths of the Conv/Gemm/ConvTranspose/MatMul layers in the exported graph, in graph order."""
    try:
        import onnx
    except ImportError:
        return []
    seen, names = set(), []
    for node in onnx.load(path, load_external_data=False).graph.node:
        if node.op_type not in ("Conv", "ConvTranspose", "Gemm", "MatMul") or not node.name.startswith("/"):
            continue
        name = module_path(node.name)
        if not name or (prefixes and not any(name == p or name.startswith(p + ".") for p in prefixes)):
            continue
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def report(path, inputs, outputs, prefixes=None):
    print(f"wrote {path} ({os.path.getsize(path) / 1e6:.1f} MB), opset {OPSET}")
    print(f"  inputs:  {', '.join(inputs)}")
    print(f"  outputs: {', '.join(outputs)}")
    names = layer_names(path, prefixes)
    if names:
        shown = names if len(names) <= 24 else names[:12] + ["…"] + names[-11:]
        print(f"  layers GAN Lens shows ({len(names)}): {', '.join(shown)}")


def load_object(spec):
    """'package.module:attr' → the object (a class or factory function)."""
    import importlib
    mod, _, attr = spec.partition(":")
    if not attr:
        raise bad_input(f"error: --module must look like package.module:Name, got '{spec}'.")
    obj = importlib.import_module(mod)
    for part in attr.split("."):
        obj = getattr(obj, part)
    return obj


def load_weights(module, weights):
    """Loads a state dict (or a checkpoint holding one under 'state_dict'/'model') into module, strictly."""
    state = torch.load(weights, map_location="cpu")
    if isinstance(state, dict):
        for key in ("state_dict", "model", "g_ema"):
            if key in state and isinstance(state[key], dict):
                state = state[key]
                break
    missing, unexpected = module.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise bad_input(f"error: {weights} does not fit the model: missing {list(missing)[:5]}, "
                         f"unexpected {list(unexpected)[:5]}.\n  → Pass the architecture that was trained (--arch/--module).")
