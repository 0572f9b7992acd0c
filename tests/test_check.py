"""cnnlab.check: ``python -m cnnlab.check NOTEBOOK`` runs the visible checks, repaired.

The kernel-executing tests (marked slow) run the small pooling notebook, a few seconds each.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_colab import colab_saved  # how Colab writes a notebook (nbformat 4.0, no ids)

from autograder import notebooks, pipeline
from cnnlab import check

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "assignments" / "numpy_cnn" / "pooling.ipynb"
CHECK_IDS = [
    "max_pool_forward_naive",
    "max_pool_backward_naive",
    "avg_pool_forward",
    "avg_pool_backward",
    "receptive_field",
]


def solved() -> nbformat.NotebookNode:
    nb = notebooks.read(RELEASE)
    pipeline.fill_answers(nb, notebooks.read(ROOT / "solutions" / "numpy_cnn" / "pooling.ipynb"))
    return nb


def answer(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.get("id") == grade_id)


def run(capsys, path: Path, *args: str) -> tuple[int, list[str]]:
    code = check.main([str(path), "--reference", str(RELEASE), *args])
    return code, capsys.readouterr().out.splitlines()


# ------------------------------------------------------------------------- no kernel needed


def _error(ename: str, evalue: str) -> dict:
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=["hidden"])


def _executed(outputs_by_id: dict[str, list]) -> nbformat.NotebookNode:
    nb = notebooks.read(RELEASE)
    for cell in nb.cells:
        if cell.get("id") in outputs_by_id:
            cell.outputs = outputs_by_id[cell["id"]]
    return nb


def test_cell_results_read_the_outputs():
    message = "avg_pool_forward is wrong for x.\n  expected 3.25, got 0.\n" + "line\n" * 30
    nb = _executed(
        {
            "max_pool_forward_naive": [nbformat.v4.new_output("stream", text="passed.\n")],
            "max_pool_backward_naive": [
                _error("CheckFailure", "max_pool_backward_naive(...) is not implemented yet: ...")
            ],
            "avg_pool_forward": [_error("CheckFailure", message)],
            "avg_pool_backward": [_error("NameError", "name 'avg_pool_backward' is not defined")],
            "receptive_field": [_error("NotImplementedError", "")],
        }
    )
    results = check.cell_results(nb)
    assert [(r.grade_id, r.points, r.status) for r in results] == [
        ("max_pool_forward_naive", 2, "PASS"),
        ("max_pool_backward_naive", 3, "TODO"),
        ("avg_pool_forward", 1, "FAIL"),
        ("avg_pool_backward", 2, "FAIL"),
        ("receptive_field", 2, "TODO"),
    ]
    lines = [r.line() for r in results]
    assert lines[0] == "PASS max_pool_forward_naive"
    assert lines[1] == "TODO max_pool_backward_naive: not implemented yet"
    assert lines[2].startswith(
        "FAIL avg_pool_forward: avg_pool_forward is wrong for x.\n      expected 3.25, got 0."
    )
    assert lines[2].count("\n") == check.MESSAGE_LINES and lines[2].endswith("...")
    assert "hidden" not in "".join(lines), "no traceback"
    assert lines[3] == "FAIL avg_pool_backward: NameError: name 'avg_pool_backward' is not defined"
    assert check.summary(results, nb) == [
        "Visible checks: 2 / 10 points passed (5 check cells: 1 passed, 2 failed, "
        "2 not implemented yet)",
        "The grader also runs hidden tests on other inputs; the written answers (3 points) are "
        "graded by hand.",
    ]


def test_cell_results_after_a_stop():
    nb = _executed({})
    stop = next(k for k, c in enumerate(nb.cells) if c.get("id") == "avg_pool_forward_answer")
    results = check.cell_results(nb, stop, "did not finish within 3 s")
    assert [r.status for r in results] == ["PASS", "PASS", "FAIL", "FAIL", "FAIL"]
    assert results[2].message == (
        f"not run: cell {stop + 1} ('avg_pool_forward_answer') did not finish within 3 s"
    )


def test_find_reference(tmp_path, monkeypatch):
    release = tmp_path / "course" / "assignments" / "numpy_cnn" / "pooling.ipynb"
    release.parent.mkdir(parents=True)
    shutil.copy(RELEASE, release)
    work = tmp_path / "course" / "work"
    work.mkdir()
    mine = work / "pooling.ipynb"
    shutil.copy(RELEASE, mine)
    monkeypatch.chdir(work)
    assert check.find_reference(mine) == release  # found in a parent of the current folder
    monkeypatch.chdir(tmp_path)
    assert check.find_reference(mine) == release  # found in a parent of the notebook's folder
    assert check.find_reference(mine, roots=[tmp_path]) is None
    assert check.find_reference(release) is None  # the release copy itself: checked as it is
    elsewhere = tmp_path / "pooling.ipynb"
    shutil.copy(RELEASE, elsewhere)
    assert check.find_reference(elsewhere) == RELEASE  # the repository cnnlab comes from


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Cannot check: pooling.ipynb is empty"),
        (b'{"cells": [', "Cannot check: pooling.ipynb is not valid JSON"),
        (b'{"a": 1}', "Cannot check: pooling.ipynb is JSON but not a Jupyter notebook"),
    ],
    ids=["empty", "corrupt", "not-a-notebook"],
)
def test_unreadable_notebook_exits_2(tmp_path, capsys, content, message):
    path = tmp_path / "pooling.ipynb"
    path.write_bytes(content)
    code, lines = run(capsys, path)
    assert code == 2
    assert lines[0].startswith(message)


def test_another_notebook_exits_2_without_running(tmp_path, capsys):
    path = tmp_path / "pooling.ipynb"
    shutil.copy(ROOT / "assignments" / "numpy_cnn" / "convolution.ipynb", path)
    code, lines = run(capsys, path)
    assert code == 2
    assert "none of the release's 8 answer cells" in lines[0]


def test_no_graded_cells_and_no_reference_exits_2(tmp_path, capsys):
    nb = notebooks.read(RELEASE)
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    path = tmp_path / "mine.ipynb"  # no release of this name anywhere
    nbformat.write(nb, str(path))
    assert check.main([str(path)]) == 2
    out = capsys.readouterr().out
    assert "no release notebook found" in out and "no graded check cells" in out


# ------------------------------------------------------------------------- in a kernel


@pytest.mark.slow
def test_solution_passes_and_the_file_is_not_modified(tmp_path, capsys):
    path = tmp_path / "pooling.ipynb"
    nbformat.write(solved(), str(path))
    before = path.read_bytes()
    code, lines = run(capsys, path)
    assert code == 0, lines
    assert [line for line in lines if line.startswith(("PASS", "FAIL", "TODO"))] == [
        f"PASS {g}" for g in CHECK_IDS
    ]
    assert "Visible checks: 10 / 10 points passed (5 check cells: 5 passed)" in lines
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pooling.ipynb"]


@pytest.mark.slow
def test_blank_release_copy_is_all_todo(tmp_path, capsys):
    path = tmp_path / "pooling.ipynb"
    shutil.copy(RELEASE, path)
    code, lines = run(capsys, path)
    assert code == 1
    assert [line for line in lines if line.startswith(("PASS", "FAIL", "TODO"))] == [
        f"TODO {g}: not implemented yet" for g in CHECK_IDS
    ]
    assert "Visible checks: 0 / 10 points passed (5 check cells: 5 not implemented yet)" in lines


@pytest.mark.slow
def test_wrong_and_missing_answers_fail_with_the_checks_message(tmp_path, capsys):
    nb = solved()
    cell = answer(nb, "avg_pool_forward_answer")
    assert ".mean(" in cell.source
    cell.source = cell.source.replace(".mean(", ".max(")  # max pooling instead of average
    answer(nb, "receptive_field_answer").source = answer(
        notebooks.read(RELEASE), "receptive_field_answer"
    ).source
    path = tmp_path / "pooling.ipynb"
    nbformat.write(nb, str(path))
    code, lines = run(capsys, path)
    assert code == 1
    results = [line for line in lines if line.startswith(("PASS", "FAIL", "TODO"))]
    assert results[:2] == ["PASS max_pool_forward_naive", "PASS max_pool_backward_naive"]
    assert results[2].startswith("FAIL avg_pool_forward: avg_pool_forward is wrong for ")
    assert results[3:] == ["PASS avg_pool_backward", "TODO receptive_field: not implemented yet"]
    assert "expected 3.25, got 6" in "\n".join(lines)  # the check's own message, not a traceback
    assert "Traceback" not in "\n".join(lines)
    assert "Visible checks: 7 / 10 points passed" in "\n".join(lines)


@pytest.mark.slow
def test_colab_saved_notebook_without_metadata_passes_repaired(tmp_path, capsys):
    path = tmp_path / "pooling.ipynb"
    path.write_text(colab_saved(solved(), strip_nbgrader=True))
    code, lines = run(capsys, path)
    assert code == 0, lines
    assert any("all 34 graded cells had lost their nbgrader metadata" in line for line in lines)
    assert [line for line in lines if line.startswith("PASS")] == [f"PASS {g}" for g in CHECK_IDS]


@pytest.mark.slow
def test_a_cell_that_never_finishes_is_reported(tmp_path, capsys):
    nb = solved()
    answer(
        nb, "avg_pool_forward_answer"
    ).source += "\nimport time\nwhile True:\n    time.sleep(0.1)\n"
    path = tmp_path / "pooling.ipynb"
    nbformat.write(nb, str(path))
    code, lines = run(capsys, path, "--timeout", "5")
    assert code == 1
    results = [line for line in lines if line.startswith(("PASS", "FAIL", "TODO"))]
    assert results[:2] == ["PASS max_pool_forward_naive", "PASS max_pool_backward_naive"]
    assert results[2] == (
        "FAIL avg_pool_forward: not run: cell 17 ('avg_pool_forward_answer') did not finish "
        "within 5 s"
    )


def test_module_entry_point(tmp_path):
    path = tmp_path / "pooling.ipynb"
    path.write_text("{ not json")
    done = subprocess.run(
        [sys.executable, "-m", "cnnlab.check", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stdout.startswith("Cannot check: pooling.ipynb is not valid JSON")


def test_copy_is_run_not_the_file(tmp_path, monkeypatch, capsys):
    """main() hands execute() the repaired copy; the student's file is only read."""
    seen = {}

    def fake_execute(nb, folder, timeout):
        seen["nb"], seen["folder"], seen["timeout"] = copy.deepcopy(nb), folder, timeout
        return None, ""

    monkeypatch.setattr(check, "execute", fake_execute)
    path = tmp_path / "pooling.ipynb"
    path.write_text(colab_saved(solved(), strip_nbgrader=True))
    before = path.read_bytes()
    assert check.main([str(path), "--reference", str(RELEASE), "--timeout", "7"]) == 0
    assert seen["folder"] == tmp_path.resolve() and seen["timeout"] == 7
    assert seen["nb"].nbformat_minor == 5
    assert path.read_bytes() == before
    capsys.readouterr()
