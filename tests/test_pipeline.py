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

from autograder import mutants, notebooks, pipeline

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "numpy_cnn"
SOLUTIONS = sorted((ROOT / "solutions" / ASSIGNMENT).glob("*.ipynb"))
RELEASE = sorted((ROOT / "assignments" / ASSIGNMENT).glob("*.ipynb"))
# Every conv_forward_naive mutant, and one per later notebook, go through real nbgrader; the whole
# catalogue is checked directly (fast) in tests/test_mutants.py.
E2E_MUTANTS = [m for m in mutants.MUTANTS if m.grade_id == "conv_forward_naive"] + [
    mutants.by_id("backward_stride_ignored"),
    mutants.by_id("max_ties_double_counted"),
    mutants.by_id("im2col_rows_ijc"),
    mutants.by_id("net_reg_no_half"),
]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A graded scratch course: perfect, blank, broken and one student per mutant."""
    root = tmp_path_factory.mktemp("course")
    pipeline.new_course(root, ASSIGNMENT)
    release = pipeline.generate_release(ASSIGNMENT, root)

    def submit(student, edit=None, raw=None, only=None):
        target = root / "submitted" / student / ASSIGNMENT
        target.mkdir(parents=True)
        for path in sorted(release.glob("*.ipynb")):
            if only is not None and path.stem != only:
                continue
            if raw is not None:
                (target / path.name).write_text(raw)
                continue
            nb = notebooks.read(path)
            if edit:
                source = notebooks.read(root / "solutions" / ASSIGNMENT / path.name)
                nb = edit(nb, source, path.stem)
            nbformat.write(nb, str(target / path.name))

    def perfect(nb, source, notebook=None):
        pipeline.fill_answers(nb, source)
        return nb

    def mutated(m):
        """Perfect answers with the mutant's patch (its notebook is the only one submitted)."""

        def edit(nb, source, notebook):
            return mutants.apply(perfect(nb, source), m)

        return edit

    submit("perfect_student", perfect)
    submit("blank_student")
    submit("broken_json_student", raw='{"cells": [ this is not json')
    for m in E2E_MUTANTS:
        # Only the mutant's notebook: grading the others again would repeat perfect_student.
        submit(f"mutant_{m.id}", mutated(m), only=m.notebook)

    results = {r.student: r for r in pipeline.grade(ASSIGNMENT, root)}
    rows = {(r.student, r.notebook): r for r in pipeline.grade_rows(ASSIGNMENT, root)}
    return root, results, rows


def _row(rows, student, notebook="convolution"):
    return rows[(student, notebook)]


def test_committed_release_is_what_nbgrader_generates(course):
    root, _, _ = course
    generated = sorted((root / "assignments" / ASSIGNMENT).glob("*.ipynb"))
    assert [p.name for p in generated] == [p.name for p in RELEASE]
    for new, committed in zip(generated, RELEASE, strict=True):
        assert json.loads(new.read_text()) == json.loads(committed.read_text()), (
            f"{committed} is stale: run `make release` and commit assignments/"
        )


def test_solution_scores_full_marks(course):
    _, results, rows = course
    assert results["perfect_student"].ok
    for path in SOLUTIONS:
        row = _row(rows, "perfect_student", path.stem)
        assert row.auto_max > 0
        assert row.auto_score == row.auto_max, f"lost points in {row.failed_cells}"


def test_blank_release_scores_zero_without_crashing(course):
    _, results, rows = course
    assert results["blank_student"].ok, results["blank_student"].message
    for path in RELEASE:
        row = _row(rows, "blank_student", path.stem)
        assert row.auto_score == 0
        assert row.manual_pending == 0, "unanswered written questions should score 0 at once"


def test_no_autograded_cell_needs_manual_grading(course):
    from nbgrader.api import Gradebook

    root, results, _ = course
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in gb.assignment_submissions(ASSIGNMENT):
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
def test_mutant_loses_exactly_its_cell(course, mutant):
    root, results, rows = course
    student = f"mutant_{mutant.id}"
    assert results[student].ok
    row = _row(rows, student, mutant.notebook)
    assert row.failed_cells == [mutant.grade_id]
    feedback = (root / "feedback" / student / ASSIGNMENT / f"{mutant.notebook}.html").read_text()
    assert mutant.feedback in feedback, "the feedback must name the mistake"


def test_broken_submission_does_not_stop_the_batch(course):
    root, results, _ = course
    assert not results["broken_json_student"].ok
    assert results["broken_json_student"].message
    assert (root / "submitted" / "broken_json_student" / ASSIGNMENT / "convolution.ipynb").exists()
    assert sum(r.ok for r in results.values()) == len(results) - 1


def test_feedback_shows_no_hidden_tests(course):
    root, _, _ = course
    pages = sorted((root / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert len(pages) >= 2 + len(E2E_MUTANTS)
    for page in pages:
        html = page.read_text()
        assert "BEGIN HIDDEN TESTS" not in html
        assert "autograder" not in html, f"{page} shows the hidden-test call or its traceback"
        # A failed hidden check shows its message only: no frame, file or source line of it.
        for block in re.findall(r"HiddenTestFailure.*?</pre>", html, re.S):
            frame = r"File &quot;|File \"|File [~/]|, line \d+|-+&gt; *\d+|Cell In"
            assert not re.search(frame, block), block


def test_grades_csv_lists_every_graded_student(course):
    root, results, _ = course
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


@pytest.mark.parametrize("path", RELEASE, ids=lambda p: p.name)
def test_release_contains_no_solution_and_no_hidden_test(path):
    text = path.read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN", "autograder"):
        assert marker not in text, f"{path} contains {marker!r}"
    release_lines = {
        line.strip() for c in notebooks.read(path).cells for line in c.source.splitlines()
    }
    leaked = [
        line
        for line in _solution_lines(ROOT / "solutions" / ASSIGNMENT / path.name)
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


def _execute(path, allow_errors):
    """Run every cell in a fresh kernel; tests set ``CNNLAB_SMOKE=1`` (offline smoke training)."""
    nb = notebooks.read(path)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solution_notebook_runs_top_to_bottom(path, monkeypatch):
    monkeypatch.setenv("CNNLAB_SMOKE", "1")
    nb = _execute(path, allow_errors=False)
    text = "\n".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "hidden tests passed" in text
    assert "visible checks passed" in text


@pytest.mark.parametrize("path", RELEASE, ids=lambda p: p.name)
def test_release_check_cells_teach_what_is_missing(path, monkeypatch):
    monkeypatch.setenv("CNNLAB_SMOKE", "1")
    nb = _execute(path, allow_errors=True)
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
