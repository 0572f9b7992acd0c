"""Check a notebook the way the grader will: ``python -m cnnlab.check NOTEBOOK``.

The command reads the notebook, repairs it against the release notebook exactly as the grader
does (:mod:`cnnlab.repair`: lost cell metadata, duplicated, moved or deleted cells), runs a copy
of it top to bottom in a fresh Python kernel with the smoke sizes on (``CNNLAB_SMOKE=1``, so
training cells stay short) and prints one line per graded check cell::

    PASS max_pool_forward_naive
    FAIL avg_pool_forward: avg_pool_forward(x, kernel_size=2, stride=2) returned wrong values ...
    TODO receptive_field: not implemented yet
    Visible checks: 5 / 10 points passed (5 check cells: 3 passed, 1 failed, 1 not implemented yet)

Exit status: 0 when every visible check passed, 1 when one failed or is not implemented yet,
2 when the notebook cannot be checked (unreadable file, not this assignment's notebook, no
kernel). Your file is never modified: the copy that runs lives in memory only.

The release notebook to repair against is ``--reference``, or else ``assignments/*/<same name>``
found in the current folder, the notebook's folder or one of their parents (or the course
repository that cnnlab was installed from). A notebook that *is* the release copy (inside
``assignments/<assignment>/``) is checked as it is.

Passing the visible checks is necessary, not sufficient: the grader also runs hidden tests on
other inputs, and the written answers are graded by hand.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import nbformat

from cnnlab.repair import SubmissionError, read_notebook, repair_notebook

__all__ = ["CellResult", "cell_results", "execute", "find_reference", "main", "summary"]

TIMEOUT = 300
"""Seconds one cell may run before the check gives up on it."""

KERNEL = "python3"
MESSAGE_LINES = 20
"""At most this many lines of a failed check's message are printed (a check's whole message)."""
LINE_CHARS = 200
"""Longer message lines are cut here."""

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_NOT_IMPLEMENTED = "not implemented yet"


@dataclass
class CellResult:
    """The outcome of one graded check cell.

    Attributes:
        grade_id: the cell's nbgrader grade id.
        points: its points (``metadata.nbgrader.points``).
        status: ``"PASS"``, ``"FAIL"`` or ``"TODO"`` (the answer is still the stub).
        message: why it failed (the exception's message, no traceback); '' when it passed.
    """

    grade_id: str
    points: float
    status: str
    message: str = ""

    def line(self) -> str:
        """The line printed for this cell."""
        if self.status == "PASS":
            return f"PASS {self.grade_id}"
        return f"{self.status} {self.grade_id}: {self.message}"


def _nbgrader(cell: nbformat.NotebookNode) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader")
    return dict(meta) if isinstance(meta, dict) else {}


def _is_check_cell(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and bool(_nbgrader(cell).get("grade"))


def _first_lines(text: str, n: int = MESSAGE_LINES) -> str:
    """The first ``n`` non-blank lines of ``text`` (ANSI colours removed), joined for printing."""
    lines = [
        line.rstrip()[:LINE_CHARS] for line in _ANSI.sub("", text).splitlines() if line.strip()
    ]
    shown = lines[:n] + (["..."] if len(lines) > n else [])
    return "\n    ".join(shown) if shown else "(no message)"


def _error_message(error: nbformat.NotebookNode) -> tuple[str, str]:
    """``(status, message)`` for an ``error`` output of a check cell."""
    name, value = str(error.get("ename", "")), str(error.get("evalue", ""))
    if name == "NotImplementedError" or _NOT_IMPLEMENTED in value:
        return "TODO", _NOT_IMPLEMENTED
    if name in ("CheckFailure", "AssertionError") and value.strip():
        return "FAIL", _first_lines(value)
    return "FAIL", _first_lines(f"{name}: {value}" if value.strip() else name)


def cell_results(
    nb: nbformat.NotebookNode, stopped_at: int | None = None, why: str = ""
) -> list[CellResult]:
    """The outcome of every graded check cell of an executed notebook.

    Args:
        nb: the notebook after execution (outputs filled in).
        stopped_at: index of the cell at which execution stopped early (timeout, dead kernel),
            or None if every cell ran; cells from there on count as failed.
        why: what stopped it, e.g. "did not finish within 300 s".

    Returns:
        One :class:`CellResult` per graded code cell, in notebook order.
    """
    results = []
    for k, cell in enumerate(nb.cells):
        if not _is_check_cell(cell):
            continue
        meta = _nbgrader(cell)
        grade_id, points = str(meta.get("grade_id", f"cell {k + 1}")), meta.get("points", 0)
        if stopped_at is not None and k == stopped_at:
            results.append(CellResult(grade_id, points, "FAIL", f"this cell {why}"))
            continue
        if stopped_at is not None and k > stopped_at:
            stopper = _name(nb.cells[stopped_at], stopped_at)
            results.append(CellResult(grade_id, points, "FAIL", f"not run: {stopper} {why}"))
            continue
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if errors:
            results.append(CellResult(grade_id, points, *_error_message(errors[0])))
        else:
            results.append(CellResult(grade_id, points, "PASS"))
    return results


def _name(cell: nbformat.NotebookNode, k: int) -> str:
    """How a cell is named in messages: ``cell 7 ('zero_pad_answer')``."""
    label = _nbgrader(cell).get("grade_id") or cell.get("id")
    return f"cell {k + 1}" + (f" ('{label}')" if label else "")


def other_errors(nb: nbformat.NotebookNode, stopped_at: int | None = None) -> list[str]:
    """``NOTE`` lines for the cells that are not check cells and raised an error."""
    notes = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or _is_check_cell(cell) or k == stopped_at:
            continue
        for error in cell.get("outputs", []):
            if error.get("output_type") == "error":
                name, value = error.get("ename", ""), str(error.get("evalue", "")).strip()
                message = _first_lines(f"{name}: {value}" if value else name, 2)
                notes.append(f"NOTE {_name(cell, k)} raised {message}")
                break
    return notes


def summary(results: Sequence[CellResult], nb: nbformat.NotebookNode) -> list[str]:
    """The closing lines: points passed out of the total, and what this check does not cover."""
    total = sum(r.points for r in results)
    passed = sum(r.points for r in results if r.status == "PASS")
    counts = [
        f"{sum(r.status == s for r in results)} {word}"
        for s, word in (("PASS", "passed"), ("FAIL", "failed"), ("TODO", "not implemented yet"))
        if any(r.status == s for r in results)
    ]
    lines = [
        f"Visible checks: {_points(passed)} / {_points(total)} points passed "
        f"({len(results)} check cells: {', '.join(counts)})"
    ]
    written = sum(
        _nbgrader(c).get("points", 0)
        for c in nb.cells
        if c.cell_type != "code" and _nbgrader(c).get("grade")
    )
    tail = "The grader also runs hidden tests on other inputs"
    if written:
        tail += f"; the written answers ({_points(written)} points) are graded by hand"
    return [*lines, tail + "."]


def _points(x: float) -> str:
    return f"{x:g}"


def execute(
    nb: nbformat.NotebookNode, folder: Path, timeout: int = TIMEOUT
) -> tuple[int | None, str]:
    """Run ``nb`` in place in a fresh kernel, in ``folder``, with ``CNNLAB_SMOKE=1``.

    Errors in cells are recorded as outputs and execution goes on (as nbgrader does).

    Args:
        nb: the notebook to run (its outputs are replaced).
        folder: the working folder of the kernel (the notebook's own folder).
        timeout: seconds each cell may run.

    Returns:
        ``(None, "")`` if every cell ran, else ``(index of the cell where it stopped, why)``.

    Raises:
        RuntimeError: the kernel cannot be started (the message says why).
    """
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    current: dict[str, int] = {}

    def on_cell_start(cell: nbformat.NotebookNode, cell_index: int) -> None:
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL,
        allow_errors=True,
        resources={"metadata": {"path": str(folder)}},
        on_cell_start=on_cell_start,
    )
    env = {**os.environ, "CNNLAB_SMOKE": "1"}
    env.pop("NBGRADER_EXECUTION", None)  # the visible checks must run, not step aside
    try:
        client.execute(env=env, stderr=subprocess.DEVNULL)
    except NoSuchKernel:
        raise RuntimeError(
            f"no Jupyter kernel named {KERNEL!r}: install ipykernel in this environment"
        ) from None
    except CellTimeoutError:
        return current.get("index", 0), f"did not finish within {timeout} s"
    except DeadKernelError:
        return current.get("index", 0), "stopped the kernel (it died: out of memory?)"
    return None, ""


def find_reference(notebook: Path, roots: Iterable[Path] | None = None) -> Path | None:
    """The release notebook to repair ``notebook`` against, or None.

    Args:
        notebook: the student's notebook.
        roots: folders whose ``assignments/*/`` is searched, in order; default: the current
            folder and its parents, the notebook's folder and its parents, and the repository
            cnnlab was installed from.

    Returns:
        ``<root>/assignments/<assignment>/<notebook's name>`` for the first root that has one
        (other than the notebook itself), or None, also when the notebook is itself inside an
        ``assignments/<assignment>/`` folder (it is the release copy).
    """
    notebook = notebook.resolve()
    if notebook.parent.parent.name == "assignments":
        return None
    if roots is None:
        cwd = Path.cwd().resolve()
        roots = [cwd, *cwd.parents, notebook.parent, *notebook.parent.parents, _repository()]
    for root in dict.fromkeys(roots):
        for found in sorted((root / "assignments").glob(f"*/{notebook.name}")):
            if found.resolve() != notebook:
                return found
    return None


def _repository() -> Path:
    """The folder two levels above the cnnlab package (the course repository, in a checkout)."""
    return Path(__file__).resolve().parents[2]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cnnlab.check",
        description="Run a notebook's visible checks the way the grader will (repaired, in a "
        "fresh kernel, smoke sizes). Exit 0: all passed; 1: a check failed or is not "
        "implemented; 2: the notebook cannot be checked.",
    )
    parser.add_argument("notebook", type=Path, help="the .ipynb file to check (not modified)")
    parser.add_argument(
        "--reference",
        type=Path,
        help="the release notebook to repair against (default: assignments/*/<same name>)",
    )
    parser.add_argument(
        "--timeout", type=int, default=TIMEOUT, help=f"seconds per cell (default {TIMEOUT})"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Check a notebook; print the results; return the exit status (0, 1 or 2)."""
    args = _parser().parse_args(argv)
    path: Path = args.notebook
    try:
        nb = read_notebook(path)
    except SubmissionError as exc:
        print(f"Cannot check: {exc}")
        return 2

    reference = args.reference or find_reference(path)
    if reference is None:
        print(f"Checking {path.name} as it is (no release notebook found to repair against; ")
        print("  pass --reference assignments/<assignment>/<name>.ipynb to check it repaired).")
    else:
        try:
            release = read_notebook(reference)
        except SubmissionError as exc:
            print(f"Cannot check: the release notebook is unreadable: {exc}")
            return 2
        result = repair_notebook(release, nb)
        if result.problem:
            print(f"Cannot check {path.name} against {reference}: {result.problem}")
            return 2
        nb = result.notebook
        print(f"Checking {path.name}, repaired against {reference} as the grader will.")
        if result.repairs:
            print(f"Repairs ({len(result.repairs)}; your file is not changed):")
            for repair in result.repairs:
                print(f"  - {repair}")

    if not any(_is_check_cell(c) for c in nb.cells):
        print(f"Cannot check: {path.name} has no graded check cells (lost nbgrader metadata?).")
        return 2
    print(f"Running it in a fresh kernel (CNNLAB_SMOKE=1, {args.timeout} s per cell) ...")
    sys.stdout.flush()
    try:
        stopped_at, why = execute(nb, path.resolve().parent, args.timeout)
    except RuntimeError as exc:
        print(f"Cannot check: {exc}")
        return 2
    results = cell_results(nb, stopped_at, why)
    for line in [*(r.line() for r in results), *other_errors(nb, stopped_at)]:
        print(line)
    for line in summary(results, nb):
        print(line)
    return 0 if all(r.status == "PASS" for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
