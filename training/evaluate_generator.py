"""Fréchet distance of the demo generator on the test network's pooled layer4 features (128-d): 1000 generated tiles
against 1000 real tiles of the evaluation seed, plus the real-vs-real floor (1000 training tiles vs the same 1000
evaluation tiles). Adds the numbers to demo/models/<name>.metrics.json.

  nice -n 10 /usr/bin/python3 training/evaluate_generator.py [--name generator-wide]
Needs the checkpoints the training scripts leave in $GANLENS_WORK (default /tmp/ganlens-data)."""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, SEED_EVAL, SEED_TRAIN, WORK, demo_tiles, normalise, save_json, setup
from models import MEAN, STD, Generator, TestNetwork, Z_DIM
from onnx_weights import load_onnx_weights


def frechet(a, b):
    """||mu_a - mu_b||² + tr(Sa + Sb - 2 (Sa^½ Sb Sa^½)^½), via symmetric eigendecompositions (float64)."""
    a, b = a.astype(np.float64), b.astype(np.float64)
    mu_a, mu_b = a.mean(0), b.mean(0)
    sa, sb = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    w, v = np.linalg.eigh(sa)
    root_a = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = root_a @ sb @ root_a
    wm = np.linalg.eigvalsh((m + m.T) / 2)
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(sa) + np.trace(sb) - 2 * np.sqrt(np.clip(wm, 0, None)).sum())


@torch.no_grad()
def features(net, batches):
    return np.concatenate([net.pooled_layer4(x).numpy() for x in batches])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--name", default="generator", help="the generator's file stem (checkpoint, metrics)")
    p.add_argument("--onnx", action="store_true",
                   help="read the test network and the generator from demo/models/*.onnx (onnx_weights.py) instead of "
                        "the training checkpoints, e.g. to compare generators whose checkpoints are gone")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--no-save", action="store_true", help="print the numbers without writing the metrics file")
    a = p.parse_args()
    path = os.path.join(ROOT, "demo", "models", f"{a.name}.metrics.json")
    metrics = json.load(open(path)) if os.path.exists(path) else {}
    setup(a.threads, 0)
    net = TestNetwork()
    arch = {"noise": "noise_inputs" in metrics, "attn": metrics.get("attn", "sagan"),
            "attn_tau": metrics.get("attn_tau_init", 10.0), "attn_dim": metrics.get("attn_dim", 16)}
    g = Generator(tuple(metrics["widths"]), **arch) if "widths" in metrics else Generator()
    if a.onnx:
        load_onnx_weights(net, os.path.join(ROOT, "demo", "models", "test-network.onnx"))
        load_onnx_weights(g, os.path.join(ROOT, "demo", "models", f"{a.name}.onnx"))
    else:
        net_pt = os.path.join(WORK, "test-network.pt")
        if os.path.exists(net_pt):
            net.load_state_dict(torch.load(net_pt))
        else:  # the same weights as the ONNX export (checked: same numbers for generator-wide)
            load_onnx_weights(net, os.path.join(ROOT, "demo", "models", "test-network.onnx"))
        g.load_state_dict(torch.load(os.path.join(WORK, f"{a.name}.pt"))["g_ema"])
    net.eval()
    g.eval()
    n = 1000
    real_eval, _ = demo_tiles(n, SEED_EVAL)
    real_train, _ = demo_tiles(10000, SEED_TRAIN)
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    gen = torch.Generator().manual_seed(2024)

    def fake_batches():
        for _ in range(n // 50):
            x = (g(torch.randn(50, Z_DIM, generator=gen)) + 1) / 2
            # Same 8-bit quantisation as real tiles.
            x = torch.round(x * 255) / 255
            yield (x - mean) / std

    f_fake = features(net, fake_batches())
    f_eval = features(net, (normalise(real_eval[i:i + 50]) for i in range(0, n, 50)))
    f_train = features(net, (normalise(real_train[i:i + 50]) for i in range(0, n, 50)))
    result = {"fid_test_network_layer4": round(frechet(f_fake, f_eval), 4),
              "fid_real_vs_real_floor": round(frechet(f_train, f_eval), 4),
              "fid_samples": n, "fid_features": "test-network pooled layer4 (128-d), eval seed 2 tiles 0-999"}
    if a.onnx:
        result["fid_weights"] = "read back from the ONNX exports (training/onnx_weights.py)"
    print(result)
    if not a.no_save:
        metrics.update(result)
        save_json(path, metrics)


if __name__ == "__main__":
    main()
