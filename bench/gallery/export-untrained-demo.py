"""Untrained (seeded) demo-architecture extractor and generator as ONNX, for timing the editor paths before the
trained demo models exist: forward cost depends on the architecture, not on the weights."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "training"))
import torch  # noqa: E402
from models import Extractor, Generator, Z_DIM  # noqa: E402
from common import export_onnx  # noqa: E402

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
torch.set_num_threads(1)
export_onnx(Extractor(), torch.zeros(1, 3, 128, 128), os.path.join(out, "extractor.onnx"), "image", "logits")
export_onnx(Generator(), torch.zeros(1, Z_DIM), os.path.join(out, "generator.onnx"), "z", "image")
