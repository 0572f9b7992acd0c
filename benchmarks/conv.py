"""Naive NumPy convolution (the solution notebook's) vs PyTorch on the CPU: times and ratio.

Run: ``make bench`` (or ``.venv/bin/python benchmarks/conv.py``). Prints, for a few shapes, the
median time of ``conv_forward_naive`` and of ``torch.nn.functional.conv2d`` (float32, 2 threads)
and the ratio ours / PyTorch. Not a test: targets are read off these ratios.
"""

import argparse
from functools import partial
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from autograder.notebooks import answer_namespace
from cnnlab.timing import medians

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "solutions" / "numpy_cnn" / "convolution.ipynb"

# (N, C, H, W), (F, HH, WW), stride, padding
SHAPES = [
    ((4, 3, 32, 32), (16, 3, 3), 1, 1),
    ((8, 3, 32, 32), (16, 5, 5), 2, 2),
    ((2, 16, 16, 16), (32, 3, 3), 1, 1),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    conv_forward_naive = answer_namespace(NOTEBOOK)["conv_forward_naive"]
    rng = np.random.default_rng(0)

    print(f"conv forward, float32, {args.threads} threads, median of {args.repeats}")
    print(f"{'x':>16} {'w':>14} {'s':>2} {'p':>2} {'naive ms':>10} {'torch ms':>9} {'ratio':>8}")
    for (n, c, h, w), (f, hh, ww), stride, padding in SHAPES:
        x = rng.standard_normal((n, c, h, w)).astype(np.float32)
        wt = rng.standard_normal((f, c, hh, ww)).astype(np.float32)
        b = rng.standard_normal(f).astype(np.float32)
        tx, tw, tb = torch.from_numpy(x), torch.from_numpy(wt), torch.from_numpy(b)

        ours, _ = conv_forward_naive(x, wt, b, stride=stride, padding=padding)
        ref = F.conv2d(tx, tw, tb, stride=stride, padding=padding).numpy()
        assert np.allclose(ours, ref, rtol=1e-4, atol=1e-4), "naive conv disagrees with PyTorch"

        naive = partial(conv_forward_naive, x, wt, b, stride=stride, padding=padding)
        t_naive = medians({"naive": naive}, args.repeats, rounds=1)["naive"]
        with torch.no_grad():
            torch_conv = partial(F.conv2d, tx, tw, tb, stride=stride, padding=padding)
            t_torch = medians({"torch": torch_conv}, 10 * args.repeats, rounds=1)["torch"]
        print(
            f"{str((n, c, h, w)):>16} {str((f, c, hh, ww)):>14} {stride:>2} {padding:>2} "
            f"{1e3 * t_naive:10.1f} {1e3 * t_torch:9.3f} {t_naive / t_torch:7.0f}x"
        )


if __name__ == "__main__":
    main()
