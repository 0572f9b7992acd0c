"""Train a small VGG-style network on CIFAR-10 with DistributedDataParallel, one process per GPU.

Launch it with torchrun, which starts the processes and tells each its rank::

    torchrun --nproc_per_node=4 train_ddp.py --epochs 10 --save ddp_model.pt   # 4 GPUs
    torchrun --nproc_per_node=2 train_ddp.py --synthetic --steps 20           # 2 CPU processes
    python train_ddp.py --synthetic --steps 5                                 # 1 process, no DDP

What each process (rank) does:

1. joins the process group (backend ``nccl`` on CUDA, ``gloo`` on the CPU) and takes the GPU of
   its ``LOCAL_RANK``;
2. builds the same model with the same seed and wraps it in ``DistributedDataParallel``, which
   broadcasts rank 0's parameters and buffers to every rank, so all start identical;
3. reads its own share of every epoch through a ``DistributedSampler``: the sampler shuffles the
   whole training set with a seed that ``sampler.set_epoch(epoch)`` changes every epoch (the same
   order on every rank), and each rank takes every ``world_size``-th image of it. A step thus
   sees ``world_size * batch_size`` images in all;
4. in ``loss.backward()``, DDP all-reduces the gradients: every rank ends the backward pass with
   the *mean* of all ranks' gradients (bucket by bucket, overlapping with the backward pass), so
   every optimiser makes the same step and the copies stay identical;
5. at the end of each epoch, evaluates its share of the test set and all-reduces the counts;
   rank 0 prints the accuracy and (``--save``) writes the checkpoint.

Data: CIFAR-10 through ``cnnlab.data`` (downloaded once into its cache; rank 0 downloads while
the others wait), ``--sample`` for the small offline sample of ``cnnlab.data.cifar10_sample``, or
``--synthetic`` for random images (no data at all: to try the mechanics). The images stay uint8
until a batch reaches the device, where ``cnnlab.train.normalize`` standardises them.

This script is given code: nothing in it is part of a graded cell.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.distributed as dist
import torch.nn.functional as F  # noqa: N812 (the usual name)
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, RandomSampler, TensorDataset

from cnnlab.train import normalize  # uint8 images -> float32, standardised per channel

CIFAR10_CLASSES = 10


class SetupError(RuntimeError):
    """The launch or the arguments cannot work; the message says what to change."""


def small_vgg(num_classes: int = CIFAR10_CLASSES, width: int = 32) -> nn.Sequential:
    """A small VGG-style network: three stages of conv-BN-ReLU x 2 and a 2x2 max pool.

    Inputs (N, 3, 32, 32) -> (N, width, 16, 16) -> (N, 2 width, 8, 8) -> (N, 4 width, 4, 4)
    -> global average pool -> linear -> scores (N, num_classes).
    """
    layers: list[nn.Module] = []
    in_channels = 3
    for stage in range(3):
        out_channels = width * 2**stage
        for _ in range(2):
            layers += [
                nn.Conv2d(in_channels, out_channels, 3, padding=1, bias=False),
                nn.BatchNorm2d(out_channels),
                nn.ReLU(inplace=True),
            ]
            in_channels = out_channels
        layers.append(nn.MaxPool2d(2))
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(in_channels, num_classes)]
    return nn.Sequential(*layers)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line (see ``--help``)."""
    parser = argparse.ArgumentParser(
        description="Train a small VGG-style net on CIFAR-10 with DistributedDataParallel. "
        "Launch with: torchrun --nproc_per_node=N train_ddp.py [options]",
    )
    data = parser.add_mutually_exclusive_group()
    data.add_argument("--synthetic", action="store_true", help="random images, no data needed")
    data.add_argument(
        "--sample",
        nargs="?",
        const="",
        metavar="NPZ",
        help="the offline CIFAR-10 sample (default path: $CNNLAB_CIFAR10_SAMPLE)",
    )
    parser.add_argument("--epochs", type=int, default=2, help="passes over the data (default 2)")
    parser.add_argument("--steps", type=int, default=None, help="stop after this many steps")
    parser.add_argument(
        "--batch-size", type=int, default=128, help="images per process and step (default 128)"
    )
    parser.add_argument("--lr", type=float, default=0.05, help="peak learning rate (default 0.05)")
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--weight-decay", type=float, default=5e-4)
    parser.add_argument("--width", type=int, default=32, help="channels of the first stage")
    parser.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    parser.add_argument("--backend", choices=["auto", "nccl", "gloo"], default="auto")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--save", type=Path, default=None, help="checkpoint file (rank 0 writes)")
    parser.add_argument(
        "--save-all-ranks",
        type=Path,
        default=None,
        metavar="DIR",
        help="every rank writes DIR/rank<r>_start.pt and DIR/rank<r>_end.pt (its model's state "
        "dict before and after training): to check that all ranks hold the same weights",
    )
    parser.add_argument("--log-every", type=int, default=20, help="print every N steps")
    args = parser.parse_args(argv)
    for name in ("epochs", "batch_size", "width", "log_every"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.steps is not None and args.steps < 1:
        parser.error("--steps must be at least 1")
    return args


def setup(args: argparse.Namespace) -> tuple[torch.device, int, int, bool]:
    """Join the process group if torchrun started us: (device, rank, world_size, distributed)."""
    distributed = "RANK" in os.environ and "WORLD_SIZE" in os.environ
    rank = int(os.environ.get("RANK", 0))
    world_size = int(os.environ.get("WORLD_SIZE", 1))
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    local_world = int(os.environ.get("LOCAL_WORLD_SIZE", 1))
    use_cuda = args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available())
    if use_cuda:
        if not torch.cuda.is_available():
            raise SetupError("--device cuda, but PyTorch sees no CUDA GPU: use --device cpu")
        if local_rank >= torch.cuda.device_count():
            raise SetupError(
                f"torchrun started {local_world} processes on this machine but only "
                f"{torch.cuda.device_count()} GPU(s) are visible: use "
                f"--nproc_per_node={torch.cuda.device_count()} (one process per GPU), or "
                "--device cpu"
            )
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
    else:
        device = torch.device("cpu")
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // local_world))
    backend = args.backend if args.backend != "auto" else ("nccl" if use_cuda else "gloo")
    if backend == "nccl" and not use_cuda:
        raise SetupError("the nccl backend needs CUDA GPUs: use --backend gloo on the CPU")
    if distributed:
        dist.init_process_group(backend=backend, device_id=device if use_cuda else None)
    elif rank == 0:
        print("not started by torchrun: one process, no DistributedDataParallel")
    return device, rank, world_size, distributed


def load_data(args: argparse.Namespace, rank: int, distributed: bool) -> tuple[np.ndarray, ...]:
    """(x_train, y_train, x_test, y_test): uint8 images (N, 3, 32, 32) and int64 labels (N,)."""
    if args.synthetic:
        rng = np.random.default_rng(1234)  # the same images on every rank
        x = rng.integers(0, 256, size=(640, 3, 32, 32), dtype=np.uint8)
        y = rng.integers(0, CIFAR10_CLASSES, size=640)
        return x[:512], y[:512], x[512:], y[512:]
    from cnnlab import data

    if args.sample is not None:
        sample = data.cifar10_sample(args.sample or None)
        if sample is None:
            where = args.sample or f"${data.SAMPLE_ENV_VAR}"
            raise SetupError(f"--sample: no CIFAR-10 sample at {where!r} (an .npz with x and y)")
        x, y = sample
        order = np.random.default_rng(1234).permutation(len(x))  # the sample may be sorted
        x, y = x[order], y[order]
        cut = max(len(x) * 4 // 5, 1)
        return x[:cut], y[:cut], x[cut:], y[cut:]
    if rank == 0:  # one process downloads; the others read the cache afterwards
        arrays = data.load_cifar10()
    if distributed:
        dist.barrier()
    if rank != 0:
        arrays = data.load_cifar10(download=False)
    return arrays


def evaluate(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    rank: int,
    world_size: int,
    distributed: bool,
) -> float:
    """Test accuracy: each rank scores every world_size-th image, the counts are all-reduced."""
    model.eval()
    correct = torch.zeros(2, dtype=torch.float64, device=x.device)  # [correct, seen]
    with torch.no_grad():
        mine = torch.arange(rank, x.shape[0], world_size, device=x.device)
        for start in range(0, mine.numel(), 500):
            idx = mine[start : start + 500]
            scores = model(x[idx])  # (batch, classes)
            correct[0] += (scores.argmax(dim=1) == y[idx]).sum()
            correct[1] += idx.numel()
    if distributed:
        dist.all_reduce(correct)  # sum over the ranks
    model.train()
    return float(correct[0] / correct[1].clamp(min=1))


def unwrapped(model: nn.Module) -> nn.Module:
    """The model itself (DDP keeps it as ``.module``)."""
    return model.module if isinstance(model, DistributedDataParallel) else model


def save_state(model: nn.Module, path: Path) -> None:
    """Write the model's state dict (CPU tensors) to path, making its folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().cpu() for k, v in unwrapped(model).state_dict().items()}
    torch.save(state, path)


def train(args: argparse.Namespace) -> float:
    """Train and evaluate; returns the final test accuracy (the same on every rank)."""
    device, rank, world_size, distributed = setup(args)
    try:
        x_train, y_train, x_test, y_test = load_data(args, rank, distributed)
        if len(x_train) < args.batch_size * world_size:
            raise SetupError(
                f"{len(x_train)} training images are too few for {world_size} process(es) of "
                f"--batch-size {args.batch_size}: lower --batch-size"
            )
        train_set = TensorDataset(torch.from_numpy(x_train), torch.from_numpy(y_train))
        if distributed:
            sampler = DistributedSampler(train_set, shuffle=True, seed=args.seed, drop_last=True)
        else:
            sampler = RandomSampler(train_set, generator=torch.Generator().manual_seed(args.seed))
        loader = DataLoader(train_set, batch_size=args.batch_size, sampler=sampler, drop_last=True)
        x_test_t = normalize(torch.from_numpy(x_test).to(device))  # float32, per channel
        y_test_t = torch.from_numpy(y_test).to(device)

        torch.manual_seed(args.seed)  # the same initial weights on every rank (DDP checks)
        model: nn.Module = small_vgg(width=args.width).to(device)
        if distributed:
            model = DistributedDataParallel(
                model, device_ids=[device] if device.type == "cuda" else None
            )
        if args.save_all_ranks is not None:
            save_state(model, args.save_all_ranks / f"rank{rank}_start.pt")
        optimiser = torch.optim.SGD(
            model.parameters(), lr=args.lr, momentum=args.momentum, weight_decay=args.weight_decay,
            nesterov=True,
        )  # fmt: skip
        total = args.epochs * len(loader)
        if args.steps is not None:
            total = min(total, args.steps)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, args.lr, total_steps=total)
        if rank == 0:
            print(
                f"world size {world_size} ({device.type}, backend "
                f"{dist.get_backend() if distributed else 'none'}): {args.batch_size} images per "
                f"process and step, {args.batch_size * world_size} per step in all; "
                f"{len(loader)} steps per epoch; {total} steps"
            )
        step, accuracy, start = 0, 0.0, time.perf_counter()
        for epoch in range(math.ceil(total / len(loader))):
            if distributed:
                sampler.set_epoch(epoch)  # a new shuffle each epoch, the same on every rank
            for images, labels in loader:
                loss = F.cross_entropy(model(normalize(images.to(device))), labels.to(device))
                optimiser.zero_grad(set_to_none=True)
                loss.backward()  # DDP all-reduces (averages) the gradients here
                optimiser.step()
                schedule.step()
                step += 1
                if rank == 0 and (step % args.log_every == 0 or step == total):
                    print(f"epoch {epoch} step {step}/{total}: loss {loss.item():.3f} (rank 0)")
                if step == total:
                    break
            accuracy = evaluate(model, x_test_t, y_test_t, rank, world_size, distributed)
            if rank == 0:
                elapsed = time.perf_counter() - start
                print(f"epoch {epoch}: test accuracy {accuracy:.1%} ({elapsed:.1f} s)")
        if args.save_all_ranks is not None:
            save_state(model, args.save_all_ranks / f"rank{rank}_end.pt")
        if args.save is not None and rank == 0:
            args.save.parent.mkdir(parents=True, exist_ok=True)
            torch.save(
                {
                    "model_state": {k: v.cpu() for k, v in unwrapped(model).state_dict().items()},
                    "config": {"model": "small_vgg", "width": args.width},
                    "steps": step,
                    "test_accuracy": accuracy,
                },
                args.save,
            )
            print(f"saved {args.save}")
        return accuracy
    finally:
        if distributed:
            dist.destroy_process_group()


def main(argv: list[str] | None = None) -> int:
    """Run the script; a SetupError becomes a one-line message and exit status 2."""
    args = parse_args(argv)
    try:
        train(args)
    except SetupError as err:
        print(f"train_ddp.py: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
