"""solutions/pytorch_cnn/train_ddp.py: DistributedDataParallel on the CPU with gloo.

The script is shipped to students as it is. Here it runs as students launch it, with
``torchrun --nproc_per_node=2`` (two processes, the gloo backend, random images), and every rank
saves its weights before and after training: all ranks must start and end with identical weights
(DDP broadcasts the initial weights and all-reduces the gradients), and training must have changed
them. Each rank reads a different half of every minibatch, so without the all-reduce the copies
would drift apart. Also: one process without torchrun, the checkpoint, and clear errors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch
from conftest import SOLUTIONS

SCRIPT = SOLUTIONS / "pytorch_cnn" / "train_ddp.py"


def run(args: list[str], cwd: Path, torchrun: int | None = None) -> subprocess.CompletedProcess:
    launcher = [sys.executable]
    if torchrun:
        launcher += ["-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={torchrun}"]
    return subprocess.run(
        [*launcher, str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def states(folder: Path, rank: int) -> tuple[dict, dict]:
    start = torch.load(folder / f"rank{rank}_start.pt")
    end = torch.load(folder / f"rank{rank}_end.pt")
    return start, end


def test_two_ranks_hold_identical_weights_after_training(tmp_path: Path) -> None:
    args = ["--synthetic", "--steps", "4", "--batch-size", "32", "--device", "cpu",
            "--width", "8", "--save-all-ranks", "weights", "--save", "model.pt"]  # fmt: skip
    result = run(args, tmp_path, torchrun=2)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "world size 2 (cpu, backend gloo): 32 images per process and step, 64 per step" in (
        result.stdout
    )
    start0, end0 = states(tmp_path / "weights", 0)
    start1, end1 = states(tmp_path / "weights", 1)
    assert start0.keys() == end1.keys() and len(start0) > 10
    for key in start0:
        assert torch.equal(start0[key], start1[key]), key  # DDP broadcast rank 0's weights
        assert torch.equal(end0[key], end1[key]), key  # the same steps on every rank
    changed = [k for k in start0 if not torch.equal(start0[k], end0[k])]
    weights = [k for k in start0 if k.endswith("weight")]
    assert set(weights) <= set(changed)  # every layer trained
    checkpoint = torch.load(tmp_path / "model.pt")
    assert checkpoint["steps"] == 4 and checkpoint["config"] == {"model": "small_vgg", "width": 8}
    assert all(torch.equal(checkpoint["model_state"][k], end0[k]) for k in end0)
    assert result.stdout.count("saved model.pt") == 1  # rank 0 only


def test_one_process_without_torchrun(tmp_path: Path) -> None:
    result = run(["--synthetic", "--steps", "2", "--batch-size", "16", "--width", "4",
                  "--device", "cpu", "--save", "out/model.pt"], tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "one process, no DistributedDataParallel" in result.stdout
    assert "test accuracy" in result.stdout
    state = torch.load(tmp_path / "out" / "model.pt")["model_state"]
    assert not any(key.startswith("module.") for key in state)


def test_sample_data_is_shuffled_before_the_split(tmp_path: Path) -> None:
    """A sample sorted by class still gives a test split with every class."""
    import numpy as np

    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, size=(400, 3, 32, 32), dtype=np.uint8)
    np.savez(tmp_path / "sample.npz", x=x, y=np.repeat(np.arange(10), 40))
    result = run(["--sample", "sample.npz", "--steps", "1", "--batch-size", "32", "--width", "4",
                  "--device", "cpu", "--save", "model.pt"], tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "test accuracy" in result.stdout
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        import train_ddp
    finally:
        sys.path.pop(0)
    args = train_ddp.parse_args(["--sample", str(tmp_path / "sample.npz")])
    _, _, _, y_test = train_ddp.load_data(args, rank=0, distributed=False)
    assert len(y_test) == 80 and set(y_test.tolist()) == set(range(10))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--device", "cuda"], "--device cuda, but PyTorch sees no CUDA GPU: use --device cpu"),
        (["--backend", "nccl", "--device", "cpu"], "the nccl backend needs CUDA GPUs"),
        (["--sample", "missing.npz"], "--sample: no CIFAR-10 sample at 'missing.npz'"),
        (["--synthetic", "--batch-size", "4096"], "512 training images are too few for 1 process"),
    ],
)
def test_clear_errors(args: list[str], message: str, tmp_path: Path) -> None:
    if "cuda" in args and torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = run(args, tmp_path)
    assert result.returncode == 2
    assert f"train_ddp.py: error: {message}" in result.stderr


def test_bad_numbers_are_refused_by_the_parser(tmp_path: Path) -> None:
    result = run(["--steps", "0"], tmp_path)
    assert result.returncode == 2 and "--steps must be at least 1" in result.stderr
