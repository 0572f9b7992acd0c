"""The grading pipeline: release, repair, sandboxed autograde per student, merge, feedback, demo.

Every step calls real nbgrader commands (``generate_assignment``, ``autograde``,
``generate_feedback``, ``export``) in course roots laid out as nbgrader expects:
``solutions/<assignment>/`` (source), ``assignments/<assignment>/`` (release),
``submitted/<student>/<assignment>/`` and so on, configured by ``nbgrader_config.py``.

:func:`grade` never touches a student's ``submitted/<student>/<assignment>/`` (the original stays
byte for byte). Once per run it makes a template gradebook in ``grading/<assignment>/_template/``
(``nbgrader generate_assignment`` on a copy of ``solutions/<assignment>/``: the assignment only,
no student). Then, per student, in a scratch course root ``grading/<assignment>/<student>/``:

1. ``nbgrader_config.py``, an empty ``solutions/<assignment>/``, a copy of the template gradebook
   and ``submitted/<student>/<assignment>/<nb>.ipynb``: each release notebook the student handed
   in, *repaired* (:func:`cnnlab.repair.repair_notebook`: lost metadata restored, cells put back in
   order, duplicates dropped), with ``repairs.json`` saying what was repaired. A missing notebook
   scores 0 (nbgrader's rule); an extra one is ignored and reported; one that cannot be read or
   matched is not graded: 0, flagged in the gradebook and reported with the reason;
2. ``nbgrader autograde`` runs there in the sandbox (:mod:`autograder.sandbox`: no network, writes
   only in the scratch root, wall-clock, CPU and memory limits; ``sandbox="auto"`` falls back to
   a loud warning and rlimits only where bubblewrap cannot work);
3. nbgrader's graded notebooks are kept for the course root's ``autograded/``; copies of them
   are made safe for students (a failed check shows its message only: no traceback, no
   hidden-test source) and get a note at the top listing the repairs; then
   ``nbgrader generate_feedback`` writes the HTML, which is checked once more for leaks.

``grade(workers=N)`` runs steps 1-3 for N students at once (each its own scratch root and
gradebook); the parent then merges each student's scratch gradebook into the course gradebook
(:func:`autograder.gradebook.merge`, one at a time) and copies ``autograded/`` and ``feedback/``
into the course root. ``shard=(i, n)`` grades only the students whose index in the sorted list is
``i`` modulo ``n``, into ``gradebook.shard-i-of-n.db`` (unless ``db_url``), for merging later.
A summary per student goes to ``grading/<assignment>/report.json``.
"""

from __future__ import annotations

import concurrent.futures
import html as html_lib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from autograder import colab, course, gradebook, notebooks, tamper

if TYPE_CHECKING:
    from autograder.sandbox import Limits

REPO_ROOT = Path(__file__).resolve().parent.parent

# One student's nbgrader autograde may not take longer than this (seconds), by default.
STUDENT_TIMEOUT = 900
SANDBOX_MODES = ("auto", "on", "off")
TEMPLATE = "_template"
REPAIR_NOTE_ID = "cnnlab-repair-notes"
# In a scratch root: nbgrader's graded notebooks as it wrote them (copied to the course root's
# autograded/); autograded/ itself is then scrubbed and annotated for the feedback.
PRISTINE = "autograded_by_nbgrader"
# What only hidden tests and their tracebacks contain; never shown to a student.
HIDDEN_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "from autograder")
TRACEBACK_FRAME = re.compile(r'File "|File [~/]|, line \d+|-+> *\d+|Cell In\b')
WITHHELD = "[removed: the grader's internals]"
MAX_IMAGE_CHARS = 1_000_000  # one image output in the feedback (base64 characters)
MAX_IMAGES_CHARS = 5_000_000  # all image outputs of one notebook's feedback
# A file handed in beside a notebook (SUBMITTED_FILES, e.g. a checkpoint) is used up to this size;
# nbgrader's own CourseDirectory.max_file_size (nbgrader_config.py) must be at least as large.
MAX_SUBMITTED_FILE_BYTES = 100 * 2**20


@dataclass
class StudentResult:
    """What happened when one student's submission was graded.

    ``ok``: every notebook of the assignment the student handed in was graded. ``flag``: what the
    instructor must look at (a notebook not graded and why, a time limit, a scrubbed feedback
    page); empty when nothing. ``repairs``: what the grader changed or noticed, one sentence each,
    prefixed with the notebook (also shown at the top of that notebook's feedback).
    """

    student: str
    ok: bool
    seconds: float
    message: str = ""
    repairs: list[str] = field(default_factory=list)
    flag: str = ""


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


def _nbgrader_env() -> dict[str, str]:
    """The caller's environment with this Python's ``bin`` first (nbgrader runs ``alembic``)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def nbgrader(*args: str, root: Path, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` with ``root`` as the course root (and working directory).

    Only for instructor steps that run no student code (release, template, export).
    """
    command = [sys.executable, "-m", "nbgrader", *args]
    return subprocess.run(
        command,
        cwd=root,
        env=_nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
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


# ---------------------------------------------------------------- options


def parse_shard(text: str | tuple[int, int] | None) -> tuple[int, int] | None:
    """``"i/n"`` (or ``(i, n)``) as ``(i, n)`` with ``0 <= i < n``; ValueError otherwise."""
    if text is None:
        return None
    if isinstance(text, tuple):
        i, n = text
    else:
        match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", str(text))
        if not match:
            raise ValueError(f"--shard must look like i/n (e.g. 0/4), got {text!r}")
        i, n = int(match[1]), int(match[2])
    if not 0 <= i < n:
        raise ValueError(f"--shard {i}/{n}: need 0 <= i < n (shards of n are numbered 0..n-1)")
    return i, n


def shard_students(students: list[str], shard: tuple[int, int] | None) -> list[str]:
    """The students of one shard: index in the sorted list ``% n == i`` (all when no shard)."""
    ordered = sorted(students)
    if shard is None:
        return ordered
    i, n = shard
    return [s for k, s in enumerate(ordered) if k % n == i]


def course_db_url(
    root: Path, db_url: str | None = None, shard: tuple[int, int] | None = None
) -> str:
    """The gradebook a run writes: ``db_url``, else the shard's or the course's SQLite file."""
    if db_url:
        return gradebook.db_url(db_url)
    if shard is not None:
        return gradebook.db_url(root / f"gradebook.shard-{shard[0]}-of-{shard[1]}.db")
    return gradebook.db_url(root / "gradebook.db")


def _use_sandbox(mode: str) -> bool:
    """Whether to sandbox: "on" requires bubblewrap, "off" never, "auto" when it works."""
    from autograder import sandbox

    if mode not in SANDBOX_MODES:
        raise ValueError(f"sandbox must be one of {', '.join(SANDBOX_MODES)}, got {mode!r}")
    if mode == "off":
        return False
    reason = sandbox.unavailable_reason()
    if reason is None:
        return True
    if mode == "on":
        raise ValueError(f"--sandbox on, but the sandbox cannot run here: {reason}")
    print(
        "\n" + "!" * 78 + "\nWARNING: grading WITHOUT the sandbox: student code runs with your "
        f"rights, network included.\n{reason}\n" + "!" * 78 + "\n",
        file=sys.stderr,
        flush=True,
    )
    return False


# ---------------------------------------------------------------- the template gradebook


def make_template(assignment: str, root: Path, shard: tuple[int, int] | None = None) -> Path:
    """``grading/<assignment>/_template/``: a course root whose gradebook holds the assignment.

    ``nbgrader generate_assignment`` on a copy of ``solutions/<assignment>/`` and
    ``nbgrader_config.py``; its gradebook has the assignment's notebooks and cells and no student,
    its ``assignments/<assignment>/`` is the release as students get it (Colab cells too). A shard
    gets its own (``_template.shard-i-of-n``): shards may share a course root.
    """
    source = root / "solutions" / assignment
    name = TEMPLATE + (f".shard-{shard[0]}-of-{shard[1]}" if shard else "")
    template = root / "grading" / assignment / name
    if template.exists():
        shutil.rmtree(template)
    template.mkdir(parents=True)
    shutil.copy(root / "nbgrader_config.py", template)
    shutil.copytree(source, template / "solutions" / assignment)
    result = nbgrader("generate_assignment", assignment, "--force", root=template)
    _check(result, f"nbgrader generate_assignment {assignment} (template gradebook)")
    # The same cells as the students' release: the Colab cells are given, not the student's code.
    colab.add_to_release(template / "assignments" / assignment, course.load(course.COURSE_TOML))
    return template


def _references(assignment: str, root: Path, template: Path) -> dict[str, Path]:
    """Each notebook of the assignment: the release students got (else nbgrader's release)."""
    names = sorted(p.name for p in (template / "assignments" / assignment).glob("*.ipynb"))
    refs = {}
    for name in names:
        released = root / "assignments" / assignment / name
        refs[name] = (
            released if released.is_file() else template / "assignments" / assignment / name
        )
    return refs


# ---------------------------------------------------------------- one student (in a worker)


@dataclass
class _Job:
    """Everything a worker needs to grade one student (plain data: threads share nothing else)."""

    assignment: str
    student: str
    root: Path
    template: Path
    references: dict[str, Path]
    limits: Limits
    sandboxed: bool
    cell_timeout: float | None
    data_dir: Path | None = None  # CNNLAB_DATA for the hidden tests (read-only in the sandbox)


@dataclass
class _Outcome:
    """What a worker did for one student; the parent merges and copies from ``scratch``."""

    student: str
    scratch: Path
    seconds: float
    graded: list[str]  # notebook names handed to nbgrader
    repairs: dict[str, list[str]]  # notebook name -> sentences
    not_graded: dict[str, str]  # notebook name -> why (0, flagged)
    failure: str = ""  # nbgrader or the sandbox failed: every notebook 0 and flagged
    log: str = ""
    leaks: list[str] = field(default_factory=list)
    held: dict[str, list[str]] = field(default_factory=dict)  # notebook -> tamper findings


def _copy_tree(src: Path, dest: Path) -> None:
    """Copy a folder the student's kernel could write to: regular files and folders only.

    Links are never followed nor copied (a link to the solutions must not be read as root).
    """

    def links(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if (Path(folder) / n).is_symlink()]

    shutil.copytree(src, dest, symlinks=True, ignore=links)


def _regular_file(path: Path) -> bool:
    """A real file, not a link the student's kernel left in its folder."""
    return path.is_file() and not path.is_symlink()


def _scratch_root(job: _Job) -> Path:
    """Make ``grading/<assignment>/<student>/`` afresh (config, empty source, template db)."""
    scratch = job.root / "grading" / job.assignment / job.student
    if scratch.exists():
        shutil.rmtree(scratch)
    (scratch / "solutions" / job.assignment).mkdir(parents=True)
    (scratch / "submitted" / job.student / job.assignment).mkdir(parents=True)
    shutil.copy(job.template / "nbgrader_config.py", scratch)
    shutil.copy(job.template / "gradebook.db", scratch / "gradebook.db")
    return scratch


def _prepare(job: _Job, scratch: Path) -> _Outcome:
    """Put the repaired copies of the student's notebooks into the scratch root."""
    from cnnlab.repair import SubmissionError, read_notebook, repair_notebook

    original = job.root / "submitted" / job.student / job.assignment
    target = scratch / "submitted" / job.student / job.assignment
    outcome = _Outcome(job.student, scratch, 0.0, [], {}, {})
    handed_in = sorted(p.name for p in original.glob("*.ipynb") if p.is_file())
    for name in handed_in:
        if name not in job.references:
            outcome.repairs.setdefault(name, []).append(
                f"{name} is not a notebook of {job.assignment}: ignored (not graded)"
            )
    for name, reference in job.references.items():
        path = original / name
        if not path.is_file():
            outcome.repairs.setdefault(name, []).append(
                f"{name} was not submitted: 0 points for it"
            )
            continue
        try:
            submission = read_notebook(path)
            release = notebooks.read(reference)
            result = repair_notebook(release, submission)
        except SubmissionError as exc:
            outcome.not_graded[name] = f"{name} could not be read: {exc}"
            continue
        except Exception as exc:  # noqa: BLE001 (a grader bug must not stop the batch)
            outcome.not_graded[name] = f"{name}: the repair failed ({type(exc).__name__}: {exc})"
            continue
        if result.problem:
            outcome.not_graded[name] = (
                f"{name} could not be matched to the release: {result.problem}"
            )
            continue
        nbformat.write(result.notebook, str(target / name))
        outcome.graded.append(name)
        given = {cell.source for cell in release.cells}  # the release's own cells are trusted
        findings = tamper.scan_notebook(
            [
                (
                    notebooks.nbgrader_meta(cell).get("grade_id", f"cell {cell.get('id')}"),
                    cell.source,
                )
                for cell in result.notebook.cells
                if cell.cell_type == "code" and cell.source not in given
            ]
        )
        if findings:
            outcome.held[name] = findings
        if result.repairs:
            outcome.repairs.setdefault(name, []).extend(result.repairs)
    _copy_submitted_files(job, original, target, outcome)
    timestamp = original / "timestamp.txt"
    if timestamp.is_file():
        shutil.copy(timestamp, target / "timestamp.txt")
    report = {
        "graded": outcome.graded,
        "repairs": outcome.repairs,
        "not_graded": outcome.not_graded,
        "held_for_review": outcome.held,
    }
    (scratch / "repairs.json").write_text(json.dumps(report, indent=2) + "\n")
    return outcome


def _copy_submitted_files(job: _Job, original: Path, target: Path, outcome: _Outcome) -> None:
    """Copy the files that graded notebooks read (``SUBMITTED_FILES``, e.g. a checkpoint).

    Only regular files up to :data:`MAX_SUBMITTED_FILE_BYTES` are copied (never a link); a missing
    or refused file is reported, and the hidden tests that need it fail with their own message.
    """
    from autograder.tasks import SUBMITTED_FILES

    for name in outcome.graded:
        for file_name in SUBMITTED_FILES.get(Path(name).stem, ()):
            path = original / file_name
            if path.is_symlink() or (path.exists() and not path.is_file()):
                why = f"{file_name} is not a regular file: not used (the cells that need it get 0)"
            elif not path.exists():
                why = f"{file_name} was not submitted: the cells that need it get 0"
            elif path.stat().st_size > MAX_SUBMITTED_FILE_BYTES:
                size = path.stat().st_size / 2**20
                limit = MAX_SUBMITTED_FILE_BYTES / 2**20
                why = f"{file_name} is {size:.0f} MiB, over the {limit:.0f} MiB limit: not used"
            else:
                shutil.copyfile(path, target / file_name)
                continue
            outcome.repairs.setdefault(name, []).append(why)


def _run_nbgrader(job: _Job, scratch: Path, *args: str) -> Any:
    """``nbgrader <args> --student <student> --force`` in the scratch root, through the sandbox."""
    from autograder import sandbox

    argv = [sys.executable, "-m", "nbgrader", *args, job.assignment, "--student", job.student]
    argv.append("--force")
    if job.cell_timeout is not None and args[0] == "autograde":
        argv.append(f"--Execute.timeout={job.cell_timeout:g}")
    env, readonly = {}, []
    if job.data_dir is not None:  # the hidden tests read data sets from here, never download
        env["CNNLAB_DATA"] = str(job.data_dir)
        readonly.append(job.data_dir)
    return sandbox.run(argv, scratch, job.limits, env=env, sandbox=job.sandboxed, readonly=readonly)


def _grade_one(job: _Job) -> _Outcome:
    """Scratch root, repair, sandboxed autograde, safe feedback for one student; never raises."""
    from autograder import sandbox

    start = time.perf_counter()
    scratch = _scratch_root(job)
    outcome = _prepare(job, scratch)
    if not outcome.graded:
        outcome.log = "nothing to autograde: no notebook of the assignment could be graded\n"
    try:
        if outcome.graded:
            done = _autograde(job, scratch, outcome)
            if done.timed_out:  # demos or extra cells may call a looping function again and again
                _graded_cells_only(job, scratch, outcome)
                done = _autograde(job, scratch, outcome)
            if done.returncode != 0 or done.timed_out:
                last = [line for line in done.stderr.splitlines() if line.strip()][-3:]
                outcome.failure = f"nbgrader autograde failed: {done.reason}"
                if "Kernel died" in done.stderr:
                    outcome.failure += (
                        "; the kernel died while running the notebook (its code ended the "
                        "Python process, e.g. os._exit, or crashed it)"
                    )
                elif not done.timed_out and last:
                    outcome.failure += " | " + " | ".join(last)
    except sandbox.SandboxError as exc:
        outcome.failure = f"the sandbox could not start: {exc}"
    if outcome.failure or not outcome.graded:
        _record_zero(job, scratch, outcome)
    else:
        _flag_notebooks(job, scratch, list(outcome.not_graded))
        _flag_notebooks(job, scratch, list(outcome.held), hold=True)
        _safe_feedback(job, scratch, outcome)
    outcome.seconds = time.perf_counter() - start
    return outcome


def _autograde(job: _Job, scratch: Path, outcome: _Outcome) -> Any:
    """One sandboxed ``nbgrader autograde`` of the scratch root, logged in ``outcome``."""
    done = _run_nbgrader(job, scratch, "autograde")
    outcome.log += f"$ nbgrader autograde ({done.reason}, {done.seconds:.1f} s)\n"
    outcome.log += done.stdout + done.stderr
    return done


def _graded_cells_only(job: _Job, scratch: Path, outcome: _Outcome) -> None:
    """After a wall-clock kill: keep only the graded cells (and text) for a second run.

    Demos and the student's own extra cells are what usually call a looping function again and
    again; without them only the graded cells that hang lose their points. The scratch gradebook
    and graded folder are reset; the note goes into the student's repairs.
    """
    shutil.copy(job.template / "gradebook.db", scratch / "gradebook.db")
    graded_dir = scratch / "autograded" / job.student
    if graded_dir.exists():
        shutil.rmtree(graded_dir)
    for name in outcome.graded:
        path = scratch / "submitted" / job.student / job.assignment / name
        nb = notebooks.read(path)
        nb.cells = [c for c in nb.cells if c.cell_type != "code" or notebooks.nbgrader_meta(c)]
        nbformat.write(nb, str(path))
        outcome.repairs.setdefault(name, []).append(
            f"the notebook ran past the {job.limits.wall_seconds:g} s wall-clock limit: graded "
            "again with only its graded cells (demos and your own extra cells left out)"
        )


def _record_zero(job: _Job, scratch: Path, outcome: _Outcome) -> None:
    """A fresh scratch gradebook with 0 for every cell, each notebook flagged (nothing graded)."""
    from nbgrader.api import Gradebook
    from nbgrader.utils import parse_utc

    db = scratch / "gradebook.db"
    shutil.copy(job.template / "gradebook.db", db)  # drop whatever a failed run left
    timestamp = scratch / "submitted" / job.student / job.assignment / "timestamp.txt"
    with (
        warnings.catch_warnings(),  # nbgrader's add_submission warns about its own autoflush
        Gradebook(gradebook.db_url(db), course_id=_course_id(db)) as gb,
    ):
        warnings.simplefilter("ignore")
        gb.update_or_create_student(job.student)
        kwargs = {}
        if timestamp.is_file():
            kwargs["timestamp"] = parse_utc(timestamp.read_text().strip())
        submission = gb.update_or_create_submission(job.assignment, job.student, **kwargs)
        for nb in submission.notebooks:
            nb.flagged = True
            for grade in nb.grades:
                grade.auto_score, grade.needs_manual_grade = 0.0, False
        gb.db.commit()
    for name in outcome.graded:  # handed to nbgrader, but it did not finish
        outcome.not_graded[name] = f"{name} was not graded: {outcome.failure}"


def _course_id(db: Path) -> str:
    """The course id the template gradebook's assignment belongs to."""
    from sqlalchemy import create_engine, text

    engine = create_engine(gradebook.db_url(db))
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT course_id FROM assignment LIMIT 1")).first()
    finally:
        engine.dispose()
    return row[0] if row else "default_course"


def _flag_notebooks(job: _Job, scratch: Path, names: list[str], hold: bool = False) -> None:
    """Flag notebooks in the scratch gradebook; ``hold``: also 0 and "needs manual grading".

    Flagged: a notebook that was handed in but not graded. Held: a notebook whose answers reach
    into the grader (:func:`autograder.tamper.scan_source` says why): each code cell with a grade
    gets 0 and "needs manual grading"; the instructor reads the code and gives the points back in
    the formgrader.
    """
    if not names:
        return
    from nbgrader.api import Gradebook

    db = scratch / "gradebook.db"
    with Gradebook(gradebook.db_url(db), course_id=_course_id(db)) as gb:
        for name in names:
            nb = gb.find_submission_notebook(Path(name).stem, job.assignment, job.student)
            nb.flagged = True
            for grade in nb.grades if hold else []:
                if grade.cell.cell_type == "code":
                    grade.auto_score, grade.needs_manual_grade = 0.0, True
        gb.db.commit()


def _safe_feedback(job: _Job, scratch: Path, outcome: _Outcome) -> None:
    """Scrub the graded notebooks, add the repair notes, generate and check the feedback HTML."""
    autograded = scratch / "autograded" / job.student / job.assignment
    if autograded.is_dir():  # the instructor's copy stays as nbgrader wrote it
        _copy_tree(autograded, scratch / PRISTINE / job.student / job.assignment)
    for name in outcome.graded:
        path = autograded / name
        if not _regular_file(path):
            continue
        nb = notebooks.read(path)
        scrub_notebook(nb)
        add_repair_note(nb, outcome.repairs.get(name, []))
        nbformat.write(nb, str(path))
    done = _run_nbgrader(job, scratch, "generate_feedback")
    outcome.log += f"\n$ nbgrader generate_feedback ({done.reason})\n{done.stdout}{done.stderr}"
    if done.returncode != 0:
        outcome.leaks.append(f"feedback generation failed: {done.reason}")
    for page in sorted((scratch / "feedback" / job.student / job.assignment).glob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        clean, found = scrub_feedback_html(text)
        if found:
            outcome.leaks.append(f"{page.name}: removed {', '.join(found)}")
            page.write_text(clean, encoding="utf-8")
        left = feedback_leaks(clean)
        if left:
            page.unlink()
            outcome.leaks.append(f"{page.name} withheld: it still showed {', '.join(left)}")


# ---------------------------------------------------------------- making feedback safe


def _hidden(text: str) -> bool:
    """True when ``text`` shows hidden-test source or the grader's own files."""
    return any(marker in text for marker in HIDDEN_MARKERS) or "autograder" in text


def scrub_notebook(nb: nbformat.NotebookNode) -> None:
    """Make a graded notebook's outputs safe to show a student, in place.

    In a check cell (nbgrader ``grade`` without ``solution``), an error shows ``Name: message``
    only (no traceback). In any cell, an error whose traceback or message shows hidden-test
    source or the grader's files loses its traceback (and that message), and stream or rich
    outputs lose the lines that show them.
    """
    images = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        images = _limit_images(cell, images)
        meta = notebooks.nbgrader_meta(cell)
        check_cell = bool(meta.get("grade")) and not meta.get("solution")
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                value = str(out.get("evalue", ""))
                if _hidden(value):
                    what = meta.get("grade_id", "this cell")
                    value = f"the checks of {what} could not run ({out.get('ename', 'error')})"
                    out["evalue"] = value
                if check_cell or _hidden("\n".join(out.get("traceback", []))):
                    out["traceback"] = [f"{out.get('ename', 'Error')}: {value}"]
            elif out.get("output_type") == "stream":
                out["text"] = _drop_hidden_lines(str(out.get("text", "")))
            elif out.get("output_type") in ("execute_result", "display_data"):
                data = out.get("data", {})
                for mime, value in list(data.items()):
                    if mime.startswith("text/") and isinstance(value, str) and _hidden(value):
                        data[mime] = _drop_hidden_lines(value)


def _limit_images(cell: nbformat.NotebookNode, used: int) -> int:
    """Drop image outputs over :data:`MAX_IMAGE_CHARS`, or past :data:`MAX_IMAGES_CHARS` in all.

    A note takes the image's place, so a notebook that shows huge pictures still gets a feedback
    page of a sensible size. Returns the image characters kept so far.
    """
    for out in cell.get("outputs", []):
        data = (
            out.get("data", {})
            if out.get("output_type") in ("display_data", "execute_result")
            else {}
        )
        for mime in [m for m in data if m.startswith("image/")]:
            size = len(data[mime]) if isinstance(data[mime], str) else 0
            if size > MAX_IMAGE_CHARS or used + size > MAX_IMAGES_CHARS:
                del data[mime]
                data["text/plain"] = (
                    f"[an image of {size / 1e6:.1f} MB was left out of the feedback: images "
                    f"are limited to {MAX_IMAGE_CHARS / 1e6:g} MB each, "
                    f"{MAX_IMAGES_CHARS / 1e6:g} MB in all]"
                )
            else:
                used += size
    return used


def _drop_hidden_lines(text: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(line if not _hidden(line) else f"{WITHHELD}\n" for line in lines)


def add_repair_note(nb: nbformat.NotebookNode, repairs: list[str]) -> None:
    """Put a short box at the top of the notebook listing the repairs (nothing when none)."""
    nb.cells = [c for c in nb.cells if c.get("metadata", {}).get("cnnlab") != REPAIR_NOTE_ID]
    if not repairs:
        return
    items = "\n".join(f"<li>{html_lib.escape(r)}</li>" for r in repairs)
    source = (
        '<div style="border: 2px solid #d9a400; background: #fff8e1; padding: 0.6em 1em;">\n'
        "<strong>Before grading, the grader repaired your notebook:</strong>\n"
        f"<ul>\n{items}\n</ul>\n</div>"
    )
    cell = nbformat.v4.new_markdown_cell(source, id=REPAIR_NOTE_ID)
    cell.metadata["cnnlab"] = REPAIR_NOTE_ID
    nb.cells.insert(0, cell)


_PRE = re.compile(r"(<pre[^>]*>)(.*?)(</pre>)", re.S)
_TAG = re.compile(r"<[^>]+>")


def _pre_text(inner: str) -> str:
    return html_lib.unescape(_TAG.sub("", inner))


def feedback_leaks(page: str) -> list[str]:
    """What a feedback page shows that it must not: hidden-test source, grader files, frames."""
    text = html_lib.unescape(_TAG.sub("", page))
    found = [m for m in HIDDEN_MARKERS if m in text]
    if "autograder" in text and not found:
        found.append("autograder")
    for match in _PRE.finditer(page):
        inner = _pre_text(match[2])
        if "HiddenTestFailure" in inner and TRACEBACK_FRAME.search(inner):
            found.append("a traceback of a hidden check")
            break
    return found


def scrub_feedback_html(page: str) -> tuple[str, list[str]]:
    """Replace every ``<pre>`` block of a feedback page that leaks (see :func:`feedback_leaks`).

    An error block keeps its last line (``Name: message``, the check's words); any other block
    becomes a short note. Returns the page and what was removed (empty when it was clean).
    """
    removed: list[str] = []

    def replace(match: re.Match[str]) -> str:
        inner = _pre_text(match[2])
        leaks = feedback_leaks(match[0])
        if not leaks:
            return match[0]
        removed.extend(x for x in leaks if x not in removed)
        lines = [line for line in inner.strip().splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        keep = last if re.match(r"^\w+(Error|Failure|Exception)\b", last) else ""
        if keep and not _hidden(keep):
            return f"{match[1]}{html_lib.escape(keep)}{match[3]}"
        return f"{match[1]}{WITHHELD}{match[3]}"

    return _PRE.sub(replace, page), removed


# ---------------------------------------------------------------- the parent: merge and copy


def _finish(job: _Job, outcome: _Outcome, db: str) -> StudentResult:
    """Merge the student's scratch gradebook, copy the graded copy and feedback, log, report."""
    root, assignment, student = job.root, job.assignment, job.student
    gradebook.merge([outcome.scratch / "gradebook.db"], db)
    for kind, folder in (("autograded", PRISTINE), ("feedback", "feedback")):
        src = outcome.scratch / folder / student / assignment
        dest = root / kind / student / assignment
        if dest.exists():
            shutil.rmtree(dest)
        if src.is_dir() and not src.is_symlink():
            dest.parent.mkdir(parents=True, exist_ok=True)
            _copy_tree(src, dest)
    log_dir = root / "grading_logs" / assignment
    log_dir.mkdir(parents=True, exist_ok=True)
    (log_dir / f"{student}.log").write_text(outcome.log)
    flags = [f"NOT GRADED: {why}" for why in outcome.not_graded.values()]
    flags += [
        f"HELD FOR REVIEW (0 until you look): {name}: {'; '.join(found)}"
        for name, found in outcome.held.items()
    ]
    flags += [f"feedback: {leak}" for leak in outcome.leaks]
    repairs = [
        sentence if sentence.startswith(name) else f"{name}: {sentence}"
        for name, sentences in outcome.repairs.items()
        for sentence in sentences
    ]
    ok = not outcome.not_graded and not outcome.failure
    message = outcome.failure or "; ".join(outcome.not_graded.values())
    return StudentResult(student, ok, outcome.seconds, message, repairs, "; ".join(flags))


def _write_report(path: Path, results: list[StudentResult]) -> None:
    """Add this run's students to ``report.json`` (students graded earlier are kept)."""
    report: dict[str, Any] = {}
    if path.is_file():
        try:
            report = json.loads(path.read_text())
        except json.JSONDecodeError:
            report = {}
    for r in results:
        entry = asdict(r)
        del entry["student"]
        report[r.student] = entry
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(sorted(report.items())), indent=2) + "\n")


def grade(
    assignment: str,
    root: Path,
    *,
    workers: int = 1,
    shard: tuple[int, int] | str | None = None,
    db_url: str | None = None,
    limits: Limits | None = None,
    sandbox: str = "auto",
    students: list[str] | None = None,
    cell_timeout: float | None = None,
    data_dir: Path | str | None = None,
) -> list[StudentResult]:
    """Grade every submitted student (or ``students``, or a shard's) and write feedback.

    Inputs:
    - assignment: a folder of ``<root>/solutions/``; root: the course root.
    - workers: students graded at once (each its own process tree, scratch root, gradebook).
    - shard: ``(i, n)`` or ``"i/n"``: grade the students whose sorted index is ``i`` mod ``n``.
    - db_url: the gradebook to write (nbgrader ``db_url``: SQLite path or URL, PostgreSQL too);
      default ``<root>/gradebook.db``, or ``<root>/gradebook.shard-i-of-n.db`` for a shard.
    - limits: the sandbox limits of each nbgrader run (default: ``Limits()``, 900 s per student).
    - sandbox: "auto" (sandbox if bubblewrap works here, else a loud warning), "on", "off".
    - cell_timeout: nbgrader's per-cell timeout in seconds (default: ``nbgrader_config.py``'s).
    - data_dir: the data folder the hidden tests read (e.g. the CIFAR-10 test split for a
      checkpoint's accuracy), seen read-only in the sandbox as ``$CNNLAB_DATA``; default the
      caller's ``$CNNLAB_DATA``, else none. Grading never downloads anything.

    Returns one StudentResult per student, sorted by id. Writes ``grades.csv`` (not for a shard),
    ``grading/<assignment>/report.json`` (``report.shard-i-of-n.json`` for a shard) and
    ``grading_logs/<assignment>/<student>.log``. Raises ValueError for bad options, an unknown
    assignment or no submissions.
    """
    from autograder.sandbox import Limits

    root = Path(root).resolve()
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    shard = parse_shard(shard)
    source = root / "solutions" / assignment
    if not source.is_dir() or not any(source.glob("*.ipynb")):
        known = sorted(p.name for p in (root / "solutions").glob("*") if p.is_dir())
        raise ValueError(
            f"unknown assignment {assignment!r}: no notebooks in {source} "
            f"(known: {', '.join(known) or 'none'})"
        )
    everyone = submission_folders(assignment, root)
    if not everyone:
        raise ValueError(
            f"no submissions: expected folders {root}/submitted/<student>/{assignment}/"
        )
    if students is not None:
        unknown = sorted(set(students) - set(everyone))
        if unknown:
            raise ValueError(f"no submission of {assignment} from {', '.join(unknown)}")
    chosen = shard_students(students if students is not None else everyone, shard)
    db = course_db_url(root, db_url, shard)
    if not chosen:
        gradebook.create(db)  # an empty shard still leaves a gradebook to merge
        print(f"shard {shard[0]}/{shard[1]}: no students ({len(everyone)} submissions in all)")
        return []
    sandboxed = _use_sandbox(sandbox)
    template = make_template(assignment, root, shard)
    references = _references(assignment, root, template)
    limits = limits or Limits(wall_seconds=STUDENT_TIMEOUT)
    if data_dir is None and os.environ.get("CNNLAB_DATA"):
        data_dir = os.environ["CNNLAB_DATA"]
    data = Path(data_dir).resolve() if data_dir is not None else None
    if data is not None and not data.is_dir():
        raise ValueError(f"the data folder {data} does not exist (--data or $CNNLAB_DATA)")
    jobs = [
        _Job(assignment, s, root, template, references, limits, sandboxed, cell_timeout, data)
        for s in chosen
    ]
    mode = "sandboxed" if sandboxed else "NOT sandboxed"
    print(
        f"grading {len(jobs)} student(s) of {assignment}, {workers} at a time, {mode}, "
        f"into {gradebook.describe(db)}",
        flush=True,
    )
    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_grade_one, job): job for job in jobs}
        for future in concurrent.futures.as_completed(futures):
            job = futures[future]
            try:
                result = _finish(job, future.result(), db)  # merges one at a time, here
            except Exception as exc:  # noqa: BLE001 (a grader bug: report it, grade the rest)
                why = f"NOT GRADED: the grader failed ({type(exc).__name__}: {exc})"
                result = StudentResult(job.student, False, 0.0, why, [], why)
            status = "ok" if result.ok else "NOT GRADED"
            print(f"graded {result.student:<24} {result.seconds:6.1f} s  {status}", flush=True)
            for line in result.flag.split("; ") if result.flag else []:
                print(f"    FLAG: {line}", flush=True)
            if result.repairs:
                print(f"    {len(result.repairs)} note(s): {result.repairs[0]}", flush=True)
            results.append(result)
    results.sort(key=lambda r: r.student)
    suffix = f".shard-{shard[0]}-of-{shard[1]}" if shard else ""
    _write_report(root / "grading" / assignment / f"report{suffix}.json", results)
    if shard is None:
        export_grades(root, db)
    return results


def export_grades(root: Path, db_url: str | None = None) -> Path:
    """Export every grade in the gradebook to ``<root>/grades.csv`` (nbgrader's CSV plugin)."""
    args = ["export", "--to", "grades.csv"]
    if db_url:
        args.append(f"--CourseDirectory.db_url={db_url}")
    result = nbgrader(*args, root=root)
    _check(result, "nbgrader export")
    return root / "grades.csv"


def grade_rows(assignment: str, root: Path, db_url: str | None = None) -> list[GradeRow]:
    """Per student and notebook: auto-graded score, manual points pending, failed cells.

    Read from ``db_url`` (default ``<root>/gradebook.db``); ValueError if that file is missing.
    """
    from nbgrader.api import Gradebook

    url = course_db_url(Path(root), db_url)
    path = gradebook.sqlite_path(url)
    if path is not None and not path.is_file():
        raise ValueError(f"no gradebook at {path}: grade first")
    rows = []
    with Gradebook(url) as gb:
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


def new_course(root: Path, assignment: str) -> None:
    """Make ``root`` a scratch course: this repository's ``nbgrader_config.py`` and solutions."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "nbgrader_config.py", root)
    shutil.copytree(REPO_ROOT / "solutions" / assignment, root / "solutions" / assignment)


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
    new_course(workdir, assignment)

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

    print(f"3. repair, then nbgrader autograde {assignment}  (one sandbox per student)", flush=True)
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
