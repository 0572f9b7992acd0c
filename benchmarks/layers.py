"""cnnlab.layers (NumPy) vs PyTorch on the CPU, side by side: times, ratios, im2col memory.

Run: ``.venv/bin/python benchmarks/layers.py`` (``--threads``, ``--repeats``). NumPy and PyTorch
both get the same number of threads (2 by default: the course's CPU budget). Each row is the
median over ``--repeats`` runs, taken in three rounds that alternate ours and PyTorch's (see
``cnnlab.timing.medians``, also used by ``conv.py``, and ``cnnlab.timing.peak_bytes`` for the
memory); the ratio is ours / PyTorch (below 1: NumPy is faster). Not a test: the targets
(DESIGN.md, issue 3) are read off these ratios:

- conv forward+backward, 3x3, padding 1, float32: <= 1.5x PyTorch on 64x3x32x32 with 32 filters,
  <= 2.5x on 64x64x16x16 with 64 filters;
- im2col memory: peak of conv_forward (tracemalloc) <= 3x the column matrix;
- naive loop over output pixels -> vectorised >= 30x;
- max-pool forward faster than F.max_pool2d.
"""

import argparse
import os

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=2, help="threads for NumPy and PyTorch")
parser.add_argument("--repeats", type=int, default=15, help="timed runs per row (median)")
args = parser.parse_args()

# BLAS reads its thread count when NumPy is first imported: set it before the import.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from cnnlab import layers  # noqa: E402
from cnnlab.timing import medians, peak_bytes  # noqa: E402

try:  # also limits a BLAS that ignores the variables above, when threadpoolctl is installed
    from threadpoolctl import threadpool_limits
except ImportError:
    threadpool_limits = None

CONV_SHAPES = [  # (N, C, H, W), F; 3x3 kernels, stride 1, padding 1, float32
    ((64, 3, 32, 32), 32),
    ((64, 64, 16, 16), 64),
]
CONV_TARGETS = [1.5, 2.5]


def conv_forward_naive(x, w, b, padding):
    """The loop over images, filters and output pixels that the notebooks start from."""
    N, C, H, W = x.shape
    F_, _, HH, WW = w.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    H_out, W_out = H + 2 * padding - HH + 1, W + 2 * padding - WW + 1
    out = np.empty((N, F_, H_out, W_out), dtype=x.dtype)
    for n in range(N):
        for f in range(F_):
            for i in range(H_out):
                for j in range(W_out):
                    out[n, f, i, j] = np.sum(x_pad[n, :, i : i + HH, j : j + WW] * w[f]) + b[f]
    return out


def bench_conv(rng, repeats):
    print("\nconv forward+backward, 3x3, stride 1, padding 1, float32")
    header = f"{'x':>17} {'F':>3} | {'ours fwd':>8} {'torch fwd':>9} {'ratio':>5} | "
    header += f"{'ours f+b':>8} {'torch f+b':>9} {'ratio':>5} {'target':>6}"
    print(header + "   (ms)")
    for ((N, C, H, W), F_), target in zip(CONV_SHAPES, CONV_TARGETS, strict=True):
        x = rng.standard_normal((N, C, H, W), dtype=np.float32)
        w = rng.standard_normal((F_, C, 3, 3), dtype=np.float32)
        b = rng.standard_normal(F_, dtype=np.float32)
        tx, tw, tb = (torch.from_numpy(a).requires_grad_() for a in (x, w, b))

        out, cache = layers.conv_forward(x, w, b, padding=1)
        dout = rng.standard_normal(out.shape, dtype=np.float32)
        tdout = torch.from_numpy(dout)
        expected = F.conv2d(tx, tw, tb, padding=1)
        grads = torch.autograd.grad(expected, (tx, tw, tb), tdout)
        assert out.dtype == np.float32
        np.testing.assert_allclose(out, expected.detach().numpy(), rtol=1e-3, atol=1e-3)
        for ours, ref in zip(layers.conv_backward(dout, cache), grads, strict=True):
            np.testing.assert_allclose(ours, ref.numpy(), rtol=1e-3, atol=1e-2)

        def ours_fwd(x=x, w=w, b=b):
            layers.conv_forward(x, w, b, padding=1)

        def ours_fb(x=x, w=w, b=b, dout=dout):
            layers.conv_backward(dout, layers.conv_forward(x, w, b, padding=1)[1])

        def torch_fwd(tx=tx, tw=tw, tb=tb):
            with torch.no_grad():
                F.conv2d(tx, tw, tb, padding=1)

        def torch_fb(tx=tx, tw=tw, tb=tb, tdout=tdout):
            torch.autograd.grad(F.conv2d(tx, tw, tb, padding=1), (tx, tw, tb), tdout)

        t = medians({"of": ours_fwd, "tf": torch_fwd, "ofb": ours_fb, "tfb": torch_fb}, repeats)
        ratio_f, ratio_fb = t["of"] / t["tf"], t["ofb"] / t["tfb"]
        print(
            f"{str((N, C, H, W)):>17} {F_:>3} | {1e3 * t['of']:8.2f} {1e3 * t['tf']:9.2f} "
            f"{ratio_f:5.2f} | {1e3 * t['ofb']:8.2f} {1e3 * t['tfb']:9.2f} {ratio_fb:5.2f} "
            f"{'<=' + str(target):>6} {'ok' if ratio_fb <= target else 'MISSED'}"
        )


def bench_memory(rng):
    print("\nim2col memory of conv_forward (float32, 3x3, padding 1)")
    print(f"{'x':>17} {'F':>3} | {'columns MB':>10} {'peak MB':>8} {'peak/cols':>9}")
    for (N, C, H, W), F_ in CONV_SHAPES:
        x = rng.standard_normal((N, C, H, W), dtype=np.float32)
        w = rng.standard_normal((F_, C, 3, 3), dtype=np.float32)
        b = np.zeros(F_, dtype=np.float32)
        cols_bytes = N * C * 3 * 3 * H * W * x.itemsize  # (N, C*HH*WW, H_out*W_out)
        (out, cache), peak = peak_bytes(
            lambda x=x, w=w, b=b: layers.conv_forward(x, w, b, padding=1)
        )
        assert cache[-1].nbytes == cols_bytes
        print(
            f"{str((N, C, H, W)):>17} {F_:>3} | {cols_bytes / 1e6:10.1f} {peak / 1e6:8.1f} "
            f"{peak / cols_bytes:9.2f}   (x {x.nbytes / 1e6:.1f} MB, out {out.nbytes / 1e6:.1f} MB)"
        )


def bench_naive(rng, repeats):
    print("\nnaive loops over output pixels vs vectorised conv forward (float32, 3x3, padding 1)")
    x = rng.standard_normal((4, 3, 32, 32), dtype=np.float32)
    w = rng.standard_normal((8, 3, 3, 3), dtype=np.float32)
    b = rng.standard_normal(8, dtype=np.float32)
    expected, _ = layers.conv_forward(x, w, b, padding=1)
    np.testing.assert_allclose(conv_forward_naive(x, w, b, 1), expected, rtol=1e-4, atol=1e-4)
    t = medians(
        {
            "naive": lambda: conv_forward_naive(x, w, b, 1),
            "ours": lambda: layers.conv_forward(x, w, b, padding=1),
        },
        max(3, repeats // 5),
    )
    print(
        f"x {x.shape}, w {w.shape}: naive {1e3 * t['naive']:.1f} ms, vectorised "
        f"{1e3 * t['ours']:.3f} ms, speed-up {t['naive'] / t['ours']:.0f}x (target >= 30x)"
    )


def bench_pool(rng, repeats):
    print("\nmax pooling 2x2, stride 2, float32 (ms); ratio = time / F.max_pool2d forward")
    for shape in [(64, 32, 32, 32), (64, 64, 16, 16)]:
        x = rng.standard_normal(shape, dtype=np.float32)
        N, C, H, W = shape
        tx = torch.from_numpy(x).requires_grad_()
        out, cache = layers.max_pool_forward(x)
        np.testing.assert_array_equal(out, F.max_pool2d(tx, 2).detach().numpy())
        dout = rng.standard_normal(out.shape, dtype=np.float32)
        tdout = torch.from_numpy(dout)
        blocks = (N, C, H // 2, 2, W // 2, 2)  # 2x2 blocks: only for stride == kernel size

        def torch_fwd(tx=tx):
            with torch.no_grad():
                F.max_pool2d(tx, 2)

        def torch_fb(tx=tx, tdout=tdout):
            torch.autograd.grad(F.max_pool2d(tx, 2), tx, tdout)

        def ours_fwd(x=x):
            layers.max_pool_forward(x)

        def reshape_max(x=x, blocks=blocks):
            x.reshape(blocks).max(axis=(3, 5))

        def window_max(x=x):
            layers.windows(x, 2, 2).max(axis=(4, 5))

        def ours_fb(x=x, dout=dout):
            layers.max_pool_backward(dout, layers.max_pool_forward(x)[1])

        t = medians(
            {
                "F.max_pool2d forward": torch_fwd,
                "ours forward: np.maximum over the 4 offsets": ours_fwd,
                "x.reshape(N, C, H/2, 2, W/2, 2).max(axis=(3, 5))": reshape_max,
                "windows(x, 2, 2).max(axis=(4, 5))": window_max,
                "F.max_pool2d forward+backward": torch_fb,
                "ours forward+backward": ours_fb,
            },
            repeats,
        )
        base = t["F.max_pool2d forward"]
        print(f"  x {shape}")
        for name, seconds in t.items():
            print(f"    {name:<50} {1e3 * seconds:8.3f} {seconds / base:6.2f}x")


def main():
    torch.set_num_threads(args.threads)
    limits = threadpool_limits(args.threads) if threadpool_limits is not None else None
    print(
        f"NumPy {np.__version__}, PyTorch {torch.__version__}, {args.threads} threads "
        f"(threadpoolctl {'used' if limits is not None else 'not installed: env variables'}), "
        f"median of {args.repeats} (in 3 rounds); ratio = ours / PyTorch"
    )
    rng = np.random.default_rng(0)
    bench_conv(rng, args.repeats)
    bench_memory(rng)
    bench_pool(rng, args.repeats)
    bench_naive(rng, args.repeats)


if __name__ == "__main__":
    main()
