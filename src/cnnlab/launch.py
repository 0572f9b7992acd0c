"""Start a training script with ``torchrun`` from a notebook and show what it printed.

The architectures notebook runs its DDP script this way, with two CPU processes::

    print(launch.torchrun("train_ddp.py", "--synthetic", "--steps", "10", nproc_per_node=2))

which is the command ``torchrun --standalone --nproc_per_node=2 train_ddp.py --synthetic ...``
(``torchrun`` is ``python -m torch.distributed.run``; ``--standalone`` lets the processes of one
machine find each other on a free local port).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def torchrun_command(
    script: str | os.PathLike[str], *args: str, nproc_per_node: int = 2
) -> list[str]:
    """The command line that starts ``script`` with ``nproc_per_node`` processes under torchrun."""
    if nproc_per_node < 1:
        raise ValueError(f"nproc_per_node must be at least 1, got {nproc_per_node}")
    return [
        sys.executable, "-m", "torch.distributed.run", "--standalone",
        f"--nproc_per_node={nproc_per_node}", str(script), *map(str, args),
    ]  # fmt: skip


def torchrun(
    script: str | os.PathLike[str],
    *args: str,
    nproc_per_node: int = 2,
    timeout: float = 600,
) -> str:
    """Run a script under torchrun (:func:`torchrun_command`) and return what it printed.

    Inputs:
    - script: the Python script (its folder is the working directory of the processes)
    - args: its command-line arguments
    - nproc_per_node: how many processes to start (one per GPU; any number on a CPU)
    - timeout: seconds before the run is stopped

    Returns:
    - output: the script's standard output (every rank's, interleaved as they printed)

    Raises FileNotFoundError if the script does not exist, RuntimeError with the end of the error
    output if the run fails (or takes longer than ``timeout``).
    """
    path = Path(script)
    if not path.is_file():
        raise FileNotFoundError(f"{path.resolve()} does not exist")
    command = torchrun_command(path.name, *args, nproc_per_node=nproc_per_node)
    try:
        done = subprocess.run(
            command, cwd=path.parent, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"{' '.join(command)} took longer than {timeout} s") from exc
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed with exit status {done.returncode}:\n"
            f"{done.stdout[-2000:]}{done.stderr[-4000:]}"
        )
    return done.stdout
