"""Exports the GPU benchmark's models as ONNX "skeletons": the full graph (torch 1.13, opset 17, dynamic batch) with
every large float initializer emptied (StyleGAN2's modulated convs unfused: unfused_modconv.py) and marked `gan-lens:random mean=M std=S`, so the whole set is a few MB and can
travel to a machine without network. scripts/gpu/bench.ts refills them with seeded normal values of the same mean and
standard deviation (random weights either way: timings do not depend on the values).

  python3 scripts/gpu/export_skeletons.py --out DIR [--cases demo,resnet50-stylegan2]

Writes DIR/<case>/{extractor,generator}.onnx and DIR/<case>/case.json (layers, input size, latent size)."""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "python"))
import bench_stitch  # noqa: E402
sys.path.insert(0, HERE)
import unfused_modconv  # noqa: E402

unfused_modconv.patch()

MIN_ELEMENTS = 4096


def strip(path):
    m = onnx.load(path)
    stripped = 0
    for t in m.graph.initializer:
        if t.data_type != onnx.TensorProto.FLOAT or int(np.prod(t.dims)) < MIN_ELEMENTS:
            continue
        a = numpy_helper.to_array(t)
        t.ClearField("raw_data")
        t.ClearField("float_data")
        t.doc_string = f"gan-lens:random mean={float(a.mean()):.6g} std={float(a.std()):.6g}"
        stripped += a.size
    onnx.save(m, path)
    return stripped


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--cases", default="demo,resnet50-stylegan2")
    a = p.parse_args()
    for case in a.cases.split(","):
        d = os.path.join(a.out, case)
        os.makedirs(d, exist_ok=True)
        c = bench_stitch.build(case)
        bench_stitch.export(c["ext"], os.path.join(d, "extractor.onnx"), "image", (1, 3, c["size"], c["size"]), "logits")
        bench_stitch.export(c["gen"], os.path.join(d, "generator.onnx"), "z", (1, c["z"]), "image")
        n = sum(strip(os.path.join(d, f)) for f in ("extractor.onnx", "generator.onnx"))
        meta = {k: c[k] for k in ("size", "z", "ext_layer")}
        meta["gen_layer"] = c["onnx_gen_layer"]
        with open(os.path.join(d, "case.json"), "w") as f:
            json.dump(meta, f)
        print(f"{case}: {n / 1e6:.1f}M weights emptied", file=sys.stderr)


if __name__ == "__main__":
    main()
