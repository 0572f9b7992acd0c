"""The grading pipeline: release, autograde one process per student, export, feedback, demo.

Every step calls real nbgrader commands (``nbgrader generate_assignment``, ``nbgrader autograde``,
``nbgrader generate_feedback``, ``nbgrader export``) in a course root laid out as nbgrader expects:
``solutions/<assignment>/`` (source), ``assignments/<assignment>/`` (release),
``submitted/<student>/<assignment>/`` and so on, configured by ``nbgrader_config.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder import colab, course, notebooks

REPO_ROOT = Path(__file__).resolve().parent.parent

# One student's nbgrader autograde may not take longer than this (seconds).
STUDENT_TIMEOUT = 900


@dataclass
class StudentResult:
    """What happened when one student's submission was graded."""

    student: str
    ok: bool
    seconds: float
    message: str = ""


@dataclass
class GradeRow:
    """One student's result for one notebook, read back from the gradebook."""

    student: str
    notebook: str
    auto_score: float
    auto_max: float
    manual_max: float
    manual_pending: int
    failed_cells: list[str]


def nbgrader(*args: str, root: Path, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` with ``root`` as the course root (and working directory)."""
    command = [sys.executable, "-m", "nbgrader", *args]
    # nbgrader runs the `alembic` executable, found on PATH: put this environment's bin first.
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _check(result: subprocess.CompletedProcess, what: str) -> None:
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {result.returncode}):\n{result.stderr[-3000:]}")


def generate_release(assignment: str, root: Path, course_toml: Path = course.COURSE_TOML) -> Path:
    """Generate the student release ``assignments/<assignment>/`` from ``solutions/``.

    After ``nbgrader generate_assignment``, every release notebook gets the Colab badge and setup
    cell built from ``course_toml`` (the repository's ``course.toml``; see
    :mod:`autograder.colab`).
    """
    settings = course.load(course_toml)  # before nbgrader: a bad course.toml fails fast
    result = nbgrader("generate_assignment", assignment, "--force", root=root)
    _check(result, f"nbgrader generate_assignment {assignment}")
    release = root / "assignments" / assignment
    colab.add_to_release(release, settings)
    return release


def submission_folders(assignment: str, root: Path) -> list[str]:
    """Student ids with a ``submitted/<student>/<assignment>/`` folder, sorted."""
    submitted = root / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if (p / assignment).is_dir())


def autograde_student(
    assignment: str, student: str, root: Path, timeout: float = STUDENT_TIMEOUT
) -> StudentResult:
    """Autograde one student in its own nbgrader process; never raises for a bad submission."""
    start = time.perf_counter()
    try:
        result = nbgrader(
            "autograde", assignment, "--student", student, "--force", root=root, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return StudentResult(
            student, False, time.perf_counter() - start, f"timed out after {timeout:.0f} s"
        )
    seconds = time.perf_counter() - start
    log_dir = root / "grading_logs" / assignment
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / f"{student}.log").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        last = [line for line in result.stderr.splitlines() if line.strip()][-3:]
        return StudentResult(student, False, seconds, " | ".join(last))
    return StudentResult(student, True, seconds)


def generate_feedback(assignment: str, student: str, root: Path) -> bool:
    """Write ``feedback/<student>/<assignment>/*.html``; False if nbgrader failed."""
    result = nbgrader("generate_feedback", assignment, "--student", student, "--force", root=root)
    return result.returncode == 0


def export_grades(root: Path) -> Path:
    """Export every grade in the gradebook to ``grades.csv`` (nbgrader's CSV plugin)."""
    result = nbgrader("export", "--to", "grades.csv", root=root)
    _check(result, "nbgrader export")
    return root / "grades.csv"


def grade_rows(assignment: str, root: Path) -> list[GradeRow]:
    """Per student and notebook: auto-graded score, manual points pending, failed cells."""
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in sorted(gb.assignment_submissions(assignment), key=lambda s: s.student.id):
            for nb in sorted(submission.notebooks, key=lambda n: n.name):
                auto = [g for g in nb.grades if g.cell.cell_type == "code"]
                manual = [g for g in nb.grades if g.cell.cell_type != "code"]
                rows.append(
                    GradeRow(
                        student=submission.student.id,
                        notebook=nb.name,
                        auto_score=sum(g.score for g in auto),
                        auto_max=sum(g.max_score for g in auto),
                        manual_max=sum(g.max_score for g in manual),
                        manual_pending=sum(1 for g in manual if g.needs_manual_grade),
                        failed_cells=[g.name for g in auto if g.score < g.max_score],
                    )
                )
    return rows


def _cells(names: list[str], most: int = 3) -> str:
    """``a, b`` for a few cell names, ``7 cells: a, b, c, ...`` for many, ``-`` for none."""
    if len(names) <= most:
        return ", ".join(names) or "-"
    return f"{len(names)} cells: {', '.join(names[:most])}, ..."


def format_table(rows: list[GradeRow]) -> str:
    """The grades as a plain-text table."""
    header = ("student", "notebook", "auto-graded", "written (manual)", "lost points in")
    lines = [header]
    for r in rows:
        written = f"{r.manual_pending} to grade ({r.manual_max:g} pts)" if r.manual_pending else "-"
        lines.append(
            (
                r.student,
                r.notebook,
                f"{r.auto_score:g} / {r.auto_max:g}",
                written,
                _cells(r.failed_cells),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    ]
    out.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(out)


def grade(assignment: str, root: Path, timeout: float = STUDENT_TIMEOUT) -> list[StudentResult]:
    """Autograde every submitted student (one process each), export grades, write feedback."""
    students = submission_folders(assignment, root)
    if not students:
        raise FileNotFoundError(
            f"no submissions: expected folders {root}/submitted/<student>/{assignment}/"
        )
    results = []
    for student in students:
        result = autograde_student(assignment, student, root, timeout)
        status = "ok" if result.ok else f"FAILED: {result.message}"
        print(f"autograded {student:<24} {result.seconds:6.1f} s  {status}", flush=True)
        if result.ok and not generate_feedback(assignment, student, root):
            result.message = "feedback generation failed"
        results.append(result)
    export_grades(root)
    return results


def fill_answers(release: nbformat.NotebookNode, source: nbformat.NotebookNode) -> None:
    """Put the source notebook's answers into the release's answer cells (a perfect student)."""
    for cell in release.cells:
        meta = notebooks.nbgrader_meta(cell)
        if meta.get("solution"):
            cell.source = notebooks.cell_by_id(source, meta["grade_id"]).source


def demo(workdir: Path, assignment: str = "numpy_cnn") -> list[GradeRow]:
    """The whole course cycle in a scratch course folder, printed for an instructor.

    Copies ``nbgrader_config.py`` and ``solutions/`` into ``workdir``, generates the release,
    submits it twice (the instructor's answers filled in, and the untouched release), autogrades
    both, writes feedback and prints the grades.
    """
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "nbgrader_config.py", workdir)
    shutil.copytree(REPO_ROOT / "solutions" / assignment, workdir / "solutions" / assignment)

    print(f"1. nbgrader generate_assignment {assignment}  (course root {workdir})", flush=True)
    release = generate_release(assignment, workdir)

    print("2. two submissions: 'perfect_student' (instructor answers), 'blank_student' (release)")
    for student in ("perfect_student", "blank_student"):
        target = workdir / "submitted" / student / assignment
        target.mkdir(parents=True)
        for path in sorted(release.glob("*.ipynb")):
            nb = notebooks.read(path)
            if student == "perfect_student":
                fill_answers(nb, notebooks.read(workdir / "solutions" / assignment / path.name))
            nbformat.write(nb, str(target / path.name))

    print(f"3. nbgrader autograde {assignment}  (one process per student)", flush=True)
    grade(assignment, workdir)
    rows = grade_rows(assignment, workdir)
    print()
    print(format_table(rows))
    print()
    print(f"Grades CSV:    {workdir / 'grades.csv'}")
    print(f"Feedback HTML: {workdir / 'feedback'}/<student>/{assignment}/<notebook>.html")
    for html in sorted((workdir / "feedback").glob(f"*/{assignment}/*.html")):
        print(f"   {html}")
    return rows


def main_env_ok() -> None:
    """Fail early with a clear message when nbgrader is not installed."""
    try:
        import nbgrader  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit(
            "nbgrader is not installed: run `make setup` (or pip install -e '.[instructor]')"
        ) from exc
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
