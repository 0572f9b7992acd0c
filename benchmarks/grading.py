"""Grading throughput: K copies of a perfect numpy_cnn submission, graded with 1, 2, ... workers.

Run: ``.venv/bin/python benchmarks/grading.py [--copies 100] [--workers 1 2] [--sandbox auto]``.
Builds a scratch course (``--dir``, default a temporary folder) whose K students each hand in the
whole release with the instructor's answers filled in, then runs the real pipeline
(``autograder.pipeline.grade``: repair, sandboxed nbgrader autograde, merge, feedback) once per
worker count, each into its own gradebook. Prints, per worker count: the wall time, seconds per
submission (wall / K, the template gradebook included), the mean time of one student's own
grading, the speedup over one worker, and the projected time for 500 students on this machine,
plus what each extra worker saves on 500. Not a test: the numbers go in the README.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import notebooks, pipeline

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "numpy_cnn"
CLASS_SIZE = 500


def build_course(root: Path, copies: int, only: list[str] | None) -> None:
    """A course root with ``copies`` students, each the perfect submission (``only``: notebooks)."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    shutil.copytree(ROOT / "assignments" / ASSIGNMENT, root / "assignments" / ASSIGNMENT)
    filled = {}
    for path in sorted((root / "assignments" / ASSIGNMENT).glob("*.ipynb")):
        if only and path.stem not in only:
            continue
        nb = notebooks.read(path)
        pipeline.fill_answers(nb, notebooks.read(root / "solutions" / ASSIGNMENT / path.name))
        filled[path.name] = nbformat.writes(nb)
    for k in range(copies):
        target = root / "submitted" / f"student{k:04d}" / ASSIGNMENT
        target.mkdir(parents=True)
        for name, text in filled.items():
            (target / name).write_text(text)


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 5400 else f"{seconds / 60:.0f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=100, help="submissions (default 100)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sandbox", choices=pipeline.SANDBOX_MODES, default="auto")
    parser.add_argument("--notebooks", nargs="+", help="only these notebooks (default: all)")
    parser.add_argument("--dir", type=Path, help="course root (default: a temporary folder)")
    args = parser.parse_args()
    if args.copies < 1 or min(args.workers) < 1:
        parser.error("--copies and --workers must be at least 1")
    pipeline.main_env_ok()

    root = args.dir or Path(tempfile.mkdtemp(prefix="cnnlab-bench-grading-"))
    build_course(root.resolve(), args.copies, args.notebooks)
    what = ", ".join(args.notebooks) if args.notebooks else "every notebook"
    print(f"{args.copies} perfect submissions of {ASSIGNMENT} ({what}) in {root}")
    print(f"machine: {os.cpu_count()} CPU cores, sandbox {args.sandbox}\n")

    measured = {}
    for workers in args.workers:
        start = time.perf_counter()
        results = pipeline.grade(
            ASSIGNMENT,
            root,
            workers=workers,
            db_url=f"sqlite:///{root / f'bench-w{workers}.db'}",
            sandbox=args.sandbox,
        )
        wall = time.perf_counter() - start
        bad = [r.student for r in results if not r.ok]
        if bad:
            sys.exit(f"benchmark submissions were not graded: {bad}")
        measured[workers] = (wall, statistics.mean(r.seconds for r in results))

    base = measured.get(1, (None,))[0]
    print(f"\n{'workers':>7} {'wall':>9} {'s/submission':>13} {'one student':>12} "
          f"{'speedup':>8} {f'{CLASS_SIZE} students':>13}")  # fmt: skip
    previous = None
    for workers, (wall, student) in sorted(measured.items()):
        per = wall / args.copies
        speedup = f"{base / wall:.2f}x" if base else "-"
        print(f"{workers:>7} {wall:>8.0f}s {per:>12.1f}s {student:>11.1f}s {speedup:>8} "
              f"{hours(per * CLASS_SIZE):>13}")  # fmt: skip
        if previous:
            w0, per0 = previous
            saved = (per0 - per) * CLASS_SIZE / (workers - w0)
            print(f"{'':>7} each worker beyond {w0} saves {hours(saved)} on {CLASS_SIZE} students")
        previous = (workers, per)
    print(f"\nMore workers than cores ({os.cpu_count()}) gain nothing; shards on more machines do.")


if __name__ == "__main__":
    main()
