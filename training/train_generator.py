"""Trains the demo GAN generator (hinge loss, spectral-norm discriminator, generator EMA) on procedural tiles and exports
the EMA generator to ONNX with input `z` (N, 128) ~ N(0, 1) and output `image` in [-1, 1] (display as (x + 1) / 2).

  nice -n 10 /usr/bin/python3 training/train_generator.py --iters 1500
"""
import argparse
import copy
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import ROOT, WORK, SEED_TRAIN, demo_tiles, export_onnx, save_json, setup
from models import G_WIDTHS, NOISE_INPUTS, Z_DIM, Discriminator, Generator, noise_shapes
from png import grid, write_png


def real_batch(images, rng, n):
    idx = np.sort(rng.choice(len(images), n, replace=False))
    x = torch.from_numpy(images[idx]).permute(0, 3, 1, 2).float() / 127.5 - 1
    k = int(rng.integers(4))
    x = torch.rot90(x, k, (2, 3)) if k else x
    return x.flip(3) if rng.integers(2) else x


@torch.no_grad()
def ema_update(ema, g, decay):
    for pe, p in zip(ema.parameters(), g.parameters()):
        pe.lerp_(p, 1 - decay)


@torch.no_grad()
def recalibrate_bn(g, batches=16, batch=32, seed=123):
    """Re-estimates BatchNorm statistics of the EMA generator from its own activations (cumulative average)."""
    gen = torch.Generator().manual_seed(seed)
    for m in g.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    g.train()
    for _ in range(batches):
        g(torch.randn(batch, Z_DIM, generator=gen))
    g.eval()


def to_u8(x):
    return ((x.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--iters", type=int, default=1500)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr-g", type=float, default=2e-4)
    p.add_argument("--lr-d", type=float, default=2e-4)
    p.add_argument("--ema", type=float, default=0.995)
    p.add_argument("--train-tiles", type=int, default=10000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", default=os.path.join(ROOT, "demo", "models"))
    p.add_argument("--grid", help="sample grid PNG (default docs/model-cards/<name>-samples.png)")
    p.add_argument("--name", default="generator", help="file stem of the export, metrics, checkpoints and sample grid")
    p.add_argument("--widths", default=",".join(map(str, G_WIDTHS)),
                   help="channels at 4², 8², …, 128²; the dense layer is 4·4·widths[0]")
    p.add_argument("--attn-gamma", type=float, default=0.0, help="initial gate of the self-attention block (BigGAN: 0)")
    p.add_argument("--noise", action="store_true",
                   help="StyleGAN noise after every up-sampling block (graph inputs noise_8 … noise_128, learned per-channel scale)")
    p.add_argument("--attn", choices=["sagan", "selective"], default="sagan",
                   help="sagan: BigGAN's attention; selective: shared query/key projection, cosine, learned temperature")
    p.add_argument("--attn-tau", type=float, default=10.0, help="selective attention: initial temperature")
    p.add_argument("--attn-dim", type=int, default=16, help="selective attention: query/key channels")
    p.add_argument("--max-minutes", type=float, help="stop after this much training wall time (checkpoint, then finish)")
    p.add_argument("--resume", action="store_true",
                   help="continue from $GANLENS_WORK/<name>-ckpt.pt (weights, optimisers, RNG, iteration) up to --iters")
    p.add_argument("--from-checkpoint", help="skip training: finish (BN re-estimate, grid, ONNX) from a saved checkpoint")
    a = p.parse_args()
    a.widths = tuple(int(w) for w in a.widths.split(","))
    a.grid = a.grid or os.path.join(ROOT, "docs", "model-cards", f"{a.name}-samples.png")
    make_g = lambda: Generator(a.widths, attn_gamma=a.attn_gamma, noise=a.noise, attn=a.attn, attn_tau=a.attn_tau,
                               attn_dim=a.attn_dim)
    setup(a.threads, a.seed)
    if a.from_checkpoint:
        ckpt = torch.load(a.from_checkpoint)
        g_ema = make_g()
        g_ema.load_state_dict(ckpt["g_ema"])
        finish(a, g_ema, ckpt.get("iters", a.iters), ckpt.get("train_seconds", 0.0), make_g(), Discriminator())
        return
    images, _ = demo_tiles(a.train_tiles, SEED_TRAIN)
    g, d = make_g(), Discriminator()
    g_ema = copy.deepcopy(g).eval()
    opt_g = torch.optim.Adam(g.parameters(), lr=a.lr_g, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=a.lr_d, betas=(0.5, 0.999))
    rng = np.random.default_rng(a.seed)
    start, done_s = 0, 0.0
    ckpt_path = os.path.join(WORK, ckpt_name(a))
    if a.resume:
        ckpt = torch.load(ckpt_path)
        g.load_state_dict(ckpt["g"])
        d.load_state_dict(ckpt["d"])
        g_ema.load_state_dict(ckpt["g_ema"])
        if "opt_g" in ckpt:
            opt_g.load_state_dict(ckpt["opt_g"])
            opt_d.load_state_dict(ckpt["opt_d"])
            rng.bit_generator.state = ckpt["np_rng"]
            torch.set_rng_state(ckpt["torch_rng"])
        start, done_s = ckpt["iters"], ckpt.get("train_seconds", 0.0)
        print(f"resumed {ckpt_path} at iteration {start} ({done_s:.0f}s trained)", file=sys.stderr, flush=True)
    t0 = time.time() - done_s

    def save_ckpt(iters):
        torch.save({"g": g.state_dict(), "d": d.state_dict(), "g_ema": g_ema.state_dict(), "iters": iters,
                    "train_seconds": round(time.time() - t0, 1), "opt_g": opt_g.state_dict(), "opt_d": opt_d.state_dict(),
                    "np_rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state()}, ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)

    it = start - 1
    for it in range(start, a.iters):
        g.train()
        fake = g(torch.randn(a.batch, Z_DIM))
        real = real_batch(images, rng, a.batch)
        loss_d = F.relu(1 - d(real)).mean() + F.relu(1 + d(fake.detach())).mean()
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        loss_g = -d(fake).mean()
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()
        ema_update(g_ema, g, a.ema if it > 200 else 0.0)
        if it % 50 == 0 or it == a.iters - 1:
            print(f"iter {it} loss_d {loss_d.item():.3f} loss_g {loss_g.item():.3f} {time.time() - t0:.0f}s",
                  file=sys.stderr, flush=True)
        if (it + 1) % 100 == 0:
            save_ckpt(it + 1)
        if a.max_minutes and time.time() - t0 > a.max_minutes * 60:
            print(f"stopping at iteration {it + 1}: --max-minutes {a.max_minutes} reached", file=sys.stderr, flush=True)
            break
    save_ckpt(it + 1)
    finish(a, g_ema, it + 1, round(time.time() - t0, 1), g, d)


def ckpt_name(a):
    """The committed generator's checkpoint keeps its historical name."""
    return "gan-ckpt.pt" if a.name == "generator" else f"{a.name}-ckpt.pt"


def finish(a, g_ema, iters, train_s, g, d):
    recalibrate_bn(g_ema)
    torch.save({"g": g.state_dict(), "d": d.state_dict(), "g_ema": g_ema.state_dict(), "iters": iters},
               os.path.join(WORK, f"{a.name}.pt"))
    fixed_z = torch.randn(64, Z_DIM, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        samples = to_u8(g_ema(fixed_z))
    os.makedirs(os.path.dirname(a.grid), exist_ok=True)
    write_png(a.grid, grid(samples, 8, 8))
    os.makedirs(a.out, exist_ok=True)
    if a.noise:
        export_onnx(g_ema, (torch.zeros(1, Z_DIM), *[torch.zeros(s) for s in noise_shapes()]),
                    os.path.join(a.out, f"{a.name}.onnx"), ["z", *NOISE_INPUTS], "image")
    else:
        export_onnx(g_ema, torch.zeros(1, Z_DIM), os.path.join(a.out, f"{a.name}.onnx"), "z", "image")
    save_json(os.path.join(a.out, f"{a.name}.metrics.json"), {
        "iters": iters, "batch": a.batch, "lr_g": a.lr_g, "lr_d": a.lr_d, "betas": [0.5, 0.999], "ema": a.ema,
        "loss": "hinge", "train_tiles": a.train_tiles, "train_seed": SEED_TRAIN, "torch_seed": a.seed,
        "threads": a.threads, "widths": list(a.widths), "attn_gamma_init": a.attn_gamma,
        **({"noise_inputs": NOISE_INPUTS, "noise_scale_init": 0.1} if a.noise else {}),
        **({"attn": "selective", "attn_tau_init": a.attn_tau, "attn_dim": a.attn_dim,
            "attn_tau_final": round(float(g_ema.attn.log_tau.exp()), 4)} if a.attn == "selective" else {}),
        "train_seconds": round(train_s, 1),
        "params_generator": sum(p.numel() for p in g.parameters()),
        "params_discriminator": sum(p.numel() for p in d.parameters()),
    })


if __name__ == "__main__":
    main()
