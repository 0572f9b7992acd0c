"""cnnlab.launch: a script started under torchrun from Python (two CPU processes)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cnnlab import launch

SCRIPT = """
import os, sys
print(f"rank {os.environ['RANK']} of {os.environ['WORLD_SIZE']}: {sys.argv[1:]}")
if "--fail" in sys.argv:
    sys.exit("failed on purpose")
"""


def test_torchrun_starts_every_rank_in_the_scripts_folder(tmp_path: Path) -> None:
    (tmp_path / "show.py").write_text(SCRIPT)
    out = launch.torchrun(tmp_path / "show.py", "--x", 3, nproc_per_node=2)
    assert sorted(out.splitlines()) == ["rank 0 of 2: ['--x', '3']", "rank 1 of 2: ['--x', '3']"]


def test_failures_and_missing_scripts_are_clear(tmp_path: Path) -> None:
    (tmp_path / "show.py").write_text(SCRIPT)
    with pytest.raises(RuntimeError, match="failed with exit status 1") as info:
        launch.torchrun(tmp_path / "show.py", "--fail", nproc_per_node=1)
    assert "failed on purpose" in str(info.value)
    with pytest.raises(FileNotFoundError, match="nothere.py does not exist"):
        launch.torchrun(tmp_path / "nothere.py")
    with pytest.raises(ValueError, match="nproc_per_node must be at least 1"):
        launch.torchrun_command("x.py", nproc_per_node=0)


def test_the_command_is_torchrun_standalone() -> None:
    assert launch.torchrun_command("train.py", "--steps", "3", nproc_per_node=4) == [
        sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=4",
        "train.py", "--steps", "3",
    ]  # fmt: skip
