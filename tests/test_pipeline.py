"""End to end with real nbgrader: release, autograde, feedback, mutants, broken submissions.

One scratch course (a copy of ``nbgrader_config.py`` and ``solutions/``) is built per session;
every student is graded in its own nbgrader process by ``autograder.pipeline.grade``.
"""

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import cifar_fixture, mutants, notebooks, pipeline
from cnnlab import checks

ROOT = Path(__file__).resolve().parent.parent
# One mutant per pytorch_cnn notebook through real nbgrader (chosen when the catalogue was written).
PYTORCH_E2E_MUTANTS = ("port_pool_grad_count", "flip_vertical", "block_no_shortcut")
ASSIGNMENTS = tuple(checks.ASSIGNMENTS)
SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))
RELEASE = sorted((ROOT / "assignments").glob("*/*.ipynb"))
# Every conv_forward_naive mutant, one per later numpy_cnn notebook and one per pytorch_cnn notebook
# go through real nbgrader; the whole catalogue is checked directly (fast) in tests/test_mutants.py.
E2E_MUTANTS = [m for m in mutants.MUTANTS if m.grade_id == "conv_forward_naive"] + [
    mutants.by_id("backward_stride_ignored"),
    mutants.by_id("max_ties_double_counted"),
    mutants.by_id("im2col_rows_ijc"),
    mutants.by_id("net_reg_no_half"),
    *[mutants.by_id(m) for m in PYTORCH_E2E_MUTANTS],
]

pytestmark = pytest.mark.slow


def _train_grading_data(root: Path) -> dict:
    """The CIFAR-10 test split the train notebook's accuracy cells need, and a good checkpoint.

    A fabricated folder in the official format (one colour per class) and a checkpoint of the
    solution's model trained on it (:mod:`autograder.cifar_fixture`): the real data set cannot be
    downloaded here, and grading must never train.
    """
    given = cifar_fixture.fabricate_grading_data(root / "cifar10")
    assert given.accuracy >= 0.85
    return {"data": given.data, "files": {"cifar10_model.pt": given.checkpoint}}


GIVEN_FILES = {"pytorch_cnn": _train_grading_data}
"""Assignment -> ``given(course root) -> {"data": folder, "files": {name: bytes}}``: the data
folder grading reads (``--data``) and the files a perfect student hands in beside the notebooks."""


def _assignment_of(path: Path) -> str:
    return path.parent.name


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    """``courses(assignment)``: a graded scratch course of that assignment (built once).

    Students: perfect, blank, broken JSON and one per end-to-end mutant of the assignment.
    """
    built = {}

    def get(assignment):
        if assignment not in built:
            built[assignment] = _graded_course(tmp_path_factory, assignment)
        return built[assignment]

    return get


def _graded_course(tmp_path_factory, assignment):
    root = tmp_path_factory.mktemp(f"course-{assignment}")
    pipeline.new_course(root, assignment)
    release = pipeline.generate_release(assignment, root)
    given = GIVEN_FILES.get(assignment)
    data_dir = given(root) if given else {}

    def submit(student, edit=None, raw=None, only=None, files=None):
        target = root / "submitted" / student / assignment
        target.mkdir(parents=True)
        for path in sorted(release.glob("*.ipynb")):
            if only is not None and path.stem != only:
                continue
            if raw is not None:
                (target / path.name).write_text(raw)
                continue
            nb = notebooks.read(path)
            if edit:
                source = notebooks.read(root / "solutions" / assignment / path.name)
                nb = edit(nb, source, path.stem)
            nbformat.write(nb, str(target / path.name))
        for name, data in (files or {}).items():
            (target / name).write_bytes(data)

    def perfect(nb, source, notebook=None):
        pipeline.fill_answers(nb, source)
        return nb

    def mutated(m):
        """Perfect answers with the mutant's patch (its notebook is the only one submitted)."""

        def edit(nb, source, notebook):
            return mutants.apply(perfect(nb, source), m)

        return edit

    files = data_dir.get("files", {})
    submit("perfect_student", perfect, files=files)
    submit("blank_student")
    submit("broken_json_student", raw='{"cells": [ this is not json')
    for m in E2E_MUTANTS:
        if checks.ASSIGNMENT_OF[m.notebook] != assignment:
            continue
        # Only the mutant's notebook: grading the others again would repeat perfect_student.
        submit(f"mutant_{m.id}", mutated(m), only=m.notebook, files=files)

    results = {
        r.student: r
        for r in pipeline.grade(assignment, root, workers=2, data_dir=data_dir.get("data"))
    }
    rows = {(r.student, r.notebook): r for r in pipeline.grade_rows(assignment, root)}
    return root, results, rows


def _row(rows, student, notebook):
    return rows[(student, notebook)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_is_what_nbgrader_generates(courses, assignment):
    root, _, _ = courses(assignment)
    generated = sorted(p for p in (root / "assignments" / assignment).iterdir() if p.is_file())
    committed = sorted(p for p in (ROOT / "assignments" / assignment).iterdir() if p.is_file())
    assert [p.name for p in generated] == [p.name for p in committed]
    for new, old in zip(generated, committed, strict=True):
        if new.suffix == ".ipynb":
            same = json.loads(new.read_text()) == json.loads(old.read_text())
        else:  # a given file beside the notebooks (a script), released as it is
            same = new.read_bytes() == old.read_bytes()
        assert same, f"{old} is stale: run `make release` and commit assignments/"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_scores_full_marks(courses, assignment):
    _, results, rows = courses(assignment)
    assert results["perfect_student"].ok
    for path in SOLUTIONS:
        if _assignment_of(path) != assignment:
            continue
        row = _row(rows, "perfect_student", path.stem)
        assert row.auto_max > 0
        assert row.auto_score == row.auto_max, f"lost points in {row.failed_cells}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_release_scores_zero_without_crashing(courses, assignment):
    _, results, rows = courses(assignment)
    assert results["blank_student"].ok, results["blank_student"].message
    for path in RELEASE:
        if _assignment_of(path) != assignment:
            continue
        row = _row(rows, "blank_student", path.stem)
        assert row.auto_score == 0
        assert row.manual_pending == 0, "unanswered written questions should score 0 at once"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_autograded_cell_needs_manual_grading(courses, assignment):
    from nbgrader.api import Gradebook

    root, results, _ = courses(assignment)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(assignment):
            if not results[submission.student.id].ok:
                continue  # reported as not graded (test_broken_submission_does_not_stop_the_batch)
            for nb in submission.notebooks:
                pending = [g.name for g in nb.grades if g.needs_manual_grade]
                pending_code = [
                    g.name for g in nb.grades if g.needs_manual_grade and g.cell.cell_type == "code"
                ]
                assert not pending_code, f"{submission.student.id}: {pending_code}"
                if submission.student.id == "perfect_student":
                    assert pending, "the written answers should wait for the instructor"


@pytest.mark.parametrize("mutant", E2E_MUTANTS, ids=lambda m: m.id)
def test_mutant_loses_exactly_its_cell(courses, mutant):
    assignment = checks.ASSIGNMENT_OF[mutant.notebook]
    root, results, rows = courses(assignment)
    student = f"mutant_{mutant.id}"
    assert results[student].ok
    row = _row(rows, student, mutant.notebook)
    assert row.failed_cells == [mutant.grade_id]
    feedback = (root / "feedback" / student / assignment / f"{mutant.notebook}.html").read_text()
    assert mutant.feedback in feedback, "the feedback must name the mistake"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_broken_submission_does_not_stop_the_batch(courses, assignment):
    root, results, _ = courses(assignment)
    assert not results["broken_json_student"].ok
    assert results["broken_json_student"].message
    first = checks.ASSIGNMENTS[assignment][0]
    assert (root / "submitted" / "broken_json_student" / assignment / f"{first}.ipynb").exists()
    assert sum(r.ok for r in results.values()) == len(results) - 1


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_shows_no_hidden_tests(courses, assignment):
    root, _, _ = courses(assignment)
    pages = sorted((root / "feedback").glob(f"*/{assignment}/*.html"))
    mutants_here = [m for m in E2E_MUTANTS if checks.ASSIGNMENT_OF[m.notebook] == assignment]
    assert len(pages) >= 2 + len(mutants_here)
    for page in pages:
        html = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in html
        assert "autograder" not in html, f"{page} shows the hidden-test call or its traceback"
        # A failed hidden check shows its message only: no frame, file or source line of it.
        for block in re.findall(r"HiddenTestFailure.*?</pre>", html, re.S):
            frame = r"File &quot;|File \"|File [~/]|, line \d+|-+&gt; *\d+|Cell In"
            assert not re.search(frame, block), block


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_grades_csv_lists_every_graded_student(courses, assignment):
    root, results, _ = courses(assignment)
    csv = (root / "grades.csv").read_text()
    for student, result in results.items():
        if result.ok:
            assert student in csv


def _solution_lines(path):
    """Lines that only the solution and hidden-test regions of the source notebook contain."""
    secret, public, inside = [], set(), False
    for cell in notebooks.read(path).cells:
        for line in cell.source.splitlines():
            if "BEGIN SOLUTION" in line or "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END SOLUTION" in line or "END HIDDEN TESTS" in line:
                inside = False
            elif inside and len(line.strip()) > 20:
                secret.append(line.strip())
            else:
                public.add(line.strip())
    return [line for line in secret if line not in public]


@pytest.mark.parametrize("path", RELEASE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_release_contains_no_solution_and_no_hidden_test(path):
    text = path.read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN", "autograder"):
        assert marker not in text, f"{path} contains {marker!r}"
    release_lines = {
        line.strip() for c in notebooks.read(path).cells for line in c.source.splitlines()
    }
    leaked = [
        line
        for line in _solution_lines(ROOT / "solutions" / _assignment_of(path) / path.name)
        if line in release_lines
    ]
    assert not leaked, f"solution lines in the release: {leaked[:3]}"


@pytest.mark.parametrize(
    "path", RELEASE + SOLUTIONS, ids=lambda p: f"{p.parent.parent.name}/{p.name}"
)
def test_committed_notebooks_have_no_outputs(path):
    for cell in notebooks.read(path).cells:
        assert not cell.get("outputs"), f"{path}: committed with outputs"
        assert cell.get("execution_count") is None


def _execute(path, allow_errors, folder):
    """Run every cell in a fresh kernel in ``folder`` (what a notebook saves stays there).

    Tests set ``CNNLAB_SMOKE=1`` (offline smoke training).
    """
    nb = notebooks.read(path)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute()
    return nb


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_solution_notebook_runs_top_to_bottom(path, monkeypatch, tmp_path):
    monkeypatch.setenv("CNNLAB_SMOKE", "1")
    given = GIVEN_FILES.get(_assignment_of(path))
    if given:  # the data grading reads and the files handed in beside the notebook
        files = given(tmp_path)
        monkeypatch.setenv("CNNLAB_DATA", str(files["data"]))
        for name, data in files["files"].items():
            (tmp_path / name).write_bytes(data)
    nb = _execute(path, allow_errors=False, folder=tmp_path)
    text = "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "hidden tests passed" in text
    assert "visible checks passed" in text


@pytest.mark.parametrize("path", RELEASE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_release_check_cells_teach_what_is_missing(path, monkeypatch, tmp_path):
    monkeypatch.setenv("CNNLAB_SMOKE", "1")
    nb = _execute(path, allow_errors=True, folder=tmp_path)
    for cell in nb.cells:
        if notebooks.nbgrader_meta(cell).get("grade") and cell.cell_type == "code":
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert errors, (
                f"check cell {notebooks.nbgrader_meta(cell)['grade_id']} passed on a blank answer"
            )
            message = errors[0].evalue
            assert re.search(
                r"not (yet )?implemented|NotImplementedError|fill in", message, re.I
            ), message
