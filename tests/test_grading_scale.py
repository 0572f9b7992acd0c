"""Grading at scale: workers, shards, merge, PostgreSQL, the CLI's bad input, safe feedback.

The slow tests grade one small course (three students handing in ``pooling.ipynb`` only: perfect,
blank, and one real mutant) several ways through the real pipeline (repair, sandbox, nbgrader):
one worker, two workers, two shards merged, and a shard graded straight into a real PostgreSQL
server that the test starts (Debian's PostgreSQL 15 binaries, run as the ``postgres`` OS user
when the tests run as root). Every way must give the same gradebook. The fast tests cover the
options, the command line's bad input and the feedback scrubbing.
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import tree_digest

from autograder import __main__ as cli
from autograder import gradebook, mutants, notebooks, pipeline

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "numpy_cnn"
NOTEBOOK = "pooling"
MUTANT = mutants.by_id("max_ties_double_counted")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
STUDENTS = ("ann_perfect", "bob_blank", "cid_mutant")


# ---------------------------------------------------------------- options and the command line


@pytest.mark.parametrize(
    ("text", "expected"), [("0/1", (0, 1)), ("2/3", (2, 3)), (" 1 / 4 ", (1, 4)), (None, None)]
)
def test_parse_shard(text, expected):
    assert pipeline.parse_shard(text) == expected


@pytest.mark.parametrize("text", ["3/2", "2/2", "1/0", "-1/2", "1", "a/b", "1/2/3"])
def test_bad_shard_is_refused(text):
    with pytest.raises(ValueError, match="shard"):
        pipeline.parse_shard(text)


def test_shards_split_the_class_exactly_once():
    students = [f"s{k:03d}" for k in range(23)][::-1]
    shards = [pipeline.shard_students(students, (i, 4)) for i in range(4)]
    assert sorted(s for shard in shards for s in shard) == sorted(students)
    assert [len(s) for s in shards] == [6, 6, 6, 5]
    assert shards[1][:2] == ["s001", "s005"]  # index in the sorted list % 4 == 1


def test_gradebook_of_a_run(tmp_path):
    assert pipeline.course_db_url(tmp_path) == f"sqlite:///{tmp_path}/gradebook.db"
    shard = pipeline.course_db_url(tmp_path, shard=(1, 3))
    assert shard == f"sqlite:///{tmp_path}/gradebook.shard-1-of-3.db"
    url = "postgresql+psycopg2://grader@db/course"
    assert pipeline.course_db_url(tmp_path, url, (1, 3)) == url


@pytest.fixture
def empty_course(tmp_path):
    """A course root with the solutions but no submission."""
    pipeline.new_course(tmp_path, ASSIGNMENT)
    return tmp_path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", ASSIGNMENT, "--shard", "3/2"], "need 0 <= i < n"),
        (["grade", ASSIGNMENT, "--workers", "0"], "workers must be at least 1"),
        (["grade", "no_such_assignment"], "unknown assignment 'no_such_assignment'"),
        (["grade", ASSIGNMENT], "no submissions"),
        (["table", ASSIGNMENT], "no gradebook"),
        (["merge", "missing.db"], "does not exist"),
    ],
    ids=["shard", "workers", "assignment", "no-submissions", "no-gradebook", "merge-missing"],
)
def test_bad_input_exits_2_with_one_clear_line(empty_course, capsys, args, message):
    assert cli.main([*args, "--root", str(empty_course)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not (empty_course / "grading").exists(), "nothing is graded on bad input"


# ---------------------------------------------------------------- safe feedback (fast)


def _graded_notebook():
    nb = nbformat.v4.new_notebook()
    answer = nbformat.v4.new_code_cell("def f(x):\n    return 1 / 0\n")
    answer.metadata["nbgrader"] = {"grade_id": "f_answer", "solution": True, "grade": False}
    answer.outputs = [
        nbformat.v4.new_output(
            "error",
            ename="ZeroDivisionError",
            evalue="division by zero",
            traceback=["Traceback", 'File "<cell>", line 2, in f', "ZeroDivisionError: ..."],
        )
    ]
    check = nbformat.v4.new_code_cell("checks.f(f)\n### BEGIN HIDDEN TESTS\n...")
    check.metadata["nbgrader"] = {"grade_id": "f", "grade": True, "solution": False, "points": 1}
    check.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="ok\n/x/autograder/hidden.py:3: W\n"),
        nbformat.v4.new_output(
            "error",
            ename="HiddenTestFailure",
            evalue="f: wrong result for x=2",
            traceback=[
                "-------",
                'File "/repo/autograder/hidden.py", line 70, in check',
                "----> 70 from autograder import check",
                "HiddenTestFailure: f: wrong result for x=2",
            ],
        ),
        nbformat.v4.new_output(
            "error",
            ename="ModuleNotFoundError",
            evalue="No module named 'autograder'",
            traceback=["Cell In[3], line 3", "----> 3 from autograder import check"],
        ),
    ]
    nb.cells = [answer, check]
    return nb


def test_scrubbed_notebook_shows_check_messages_only():
    nb = _graded_notebook()
    pipeline.scrub_notebook(nb)
    answer, check = nb.cells
    assert answer.outputs[0].traceback[1] == 'File "<cell>", line 2, in f', "the student's own"
    stream, failure, missing = check.outputs
    assert stream.text == f"ok\n{pipeline.WITHHELD}\n"
    assert failure.traceback == ["HiddenTestFailure: f: wrong result for x=2"]
    assert "autograder" not in missing.evalue and len(missing.traceback) == 1
    assert "checks of f could not run" in missing.evalue


def test_feedback_html_leaks_are_found_and_removed():
    page = (
        "<html><body><div class='highlight'><pre>from autograder import check</pre></div>"
        "<div class='output_error'><pre><span>HiddenTestFailure</span>\n"
        "File &quot;/repo/autograder/hidden.py&quot;, line 7\n"
        "HiddenTestFailure: pool: wrong shape (2, 3)</pre></div>"
        "<p>clean text</p></body></html>"
    )
    assert set(pipeline.feedback_leaks(page)) >= {"from autograder"}
    clean, removed = pipeline.scrub_feedback_html(page)
    assert removed and pipeline.feedback_leaks(clean) == []
    assert "<pre>HiddenTestFailure: pool: wrong shape (2, 3)</pre>" in clean
    assert pipeline.WITHHELD in clean and "clean text" in clean
    assert pipeline.scrub_feedback_html(clean) == (clean, [])


def test_repair_note_is_a_box_on_top_once_and_escaped():
    nb = _graded_notebook()
    pipeline.add_repair_note(nb, ["cell 'f' had lost its <metadata>: restored"])
    pipeline.add_repair_note(nb, ["cell 'f' had lost its <metadata>: restored"])
    notes = [c for c in nb.cells if c.metadata.get("cnnlab") == pipeline.REPAIR_NOTE_ID]
    assert len(notes) == 1 and nb.cells[0] is notes[0]
    assert "Before grading, the grader repaired your notebook:" in notes[0].source
    assert "&lt;metadata&gt;" in notes[0].source
    pipeline.add_repair_note(nb, [])
    assert not any(c.metadata.get("cnnlab") == pipeline.REPAIR_NOTE_ID for c in nb.cells)


# ---------------------------------------------------------------- PostgreSQL (a real server)


def _free_port():
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL server (unix socket only) and an empty database: its URL."""
    if not (PG_BIN / "initdb").is_file():
        pytest.skip(f"PostgreSQL 15 server binaries not found in {PG_BIN} (make system-packages)")
    pytest.importorskip(
        "psycopg2", reason="psycopg2 is not installed (pip install psycopg2-binary)"
    )
    base = Path(tempfile.mkdtemp(prefix="cnnlab-pg-"))
    prefix = []
    if os.geteuid() == 0:  # the server refuses to run as root
        user = pwd.getpwnam("postgres")
        os.chown(base, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = base / "data", _free_port()

    def pg(*args):
        subprocess.run([*prefix, *args], check=True, capture_output=True, text=True)

    try:
        pg(PG_BIN / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
           "--locale=C", "--no-sync")  # fmt: skip
        options = f"-p {port} -k {base} -c listen_addresses= -c fsync=off"
        pg(PG_BIN / "pg_ctl", "-D", data, "-l", base / "log", "-w", "-o", options, "start")
        pg(PG_BIN / "createdb", "-h", base, "-p", str(port), "-U", "postgres", "cnnlab")
        yield f"postgresql+psycopg2://postgres@/cnnlab?host={base}&port={port}"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            pg(PG_BIN / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------- one course, graded many ways


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course root with three students (pooling.ipynb only) and the hashes of their files."""
    root = tmp_path_factory.mktemp("scale_course")
    pipeline.new_course(root, ASSIGNMENT)
    release = ROOT / "assignments" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    solution = notebooks.read(ROOT / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    for student in STUDENTS:
        nb = notebooks.read(release)
        if student != "bob_blank":
            pipeline.fill_answers(nb, solution)
        if student == "cid_mutant":
            nb = mutants.apply(nb, MUTANT)
        target = root / "submitted" / student / ASSIGNMENT
        target.mkdir(parents=True)
        nbformat.write(nb, str(target / f"{NOTEBOOK}.ipynb"))
    return root, tree_digest(root / "submitted")


@pytest.fixture(scope="module")
def graded(course):
    """The course graded with one worker, two workers and as two shards (SQLite)."""
    root, _ = course
    one = f"sqlite:///{root / 'one.db'}"
    runs = {
        "one": pipeline.grade(ASSIGNMENT, root, db_url=one),
        "two": pipeline.grade(ASSIGNMENT, root, workers=2, db_url=f"sqlite:///{root / 'two.db'}"),
        "shard0": pipeline.grade(ASSIGNMENT, root, shard="0/2"),
        "shard1": pipeline.grade(ASSIGNMENT, root, shard=(1, 2)),
    }
    return root, one, runs


@pytest.mark.slow
def test_one_worker_grades_as_expected(graded):
    root, one, runs = graded
    assert [r.student for r in runs["one"]] == list(STUDENTS)
    assert all(r.ok and not r.flag for r in runs["one"]), runs["one"]
    rows = {
        r.student: r for r in pipeline.grade_rows(ASSIGNMENT, root, one) if r.notebook == NOTEBOOK
    }
    assert rows["ann_perfect"].auto_score == rows["ann_perfect"].auto_max > 0
    assert rows["bob_blank"].auto_score == 0
    assert rows["cid_mutant"].failed_cells == [MUTANT.grade_id]
    report = (root / "grading" / ASSIGNMENT / "report.json").read_text()
    assert all(s in report for s in STUDENTS)


@pytest.mark.slow
def test_two_workers_give_the_same_gradebook(graded):
    root, one, runs = graded
    assert [r.student for r in runs["two"]] == list(STUDENTS)
    assert gradebook.contents(root / "two.db") == gradebook.contents(one)


@pytest.mark.slow
def test_two_shards_merged_are_one_run(graded, tmp_path):
    root, one, runs = graded
    assert [r.student for r in runs["shard0"]] == ["ann_perfect", "cid_mutant"]
    assert [r.student for r in runs["shard1"]] == ["bob_blank"]
    shards = [root / f"gradebook.shard-{i}-of-2.db" for i in range(2)]
    assert [set(gradebook.contents(s)["submissions"]) for s in shards] == [
        {(ASSIGNMENT, "ann_perfect"), (ASSIGNMENT, "cid_mutant")},
        {(ASSIGNMENT, "bob_blank")},
    ]
    merged = tmp_path / "merged.db"
    assert cli.main(["merge", *map(str, shards), "--into", str(merged), "--root", str(root)]) == 0
    assert gradebook.contents(merged) == gradebook.contents(one)
    assert (root / "grades.csv").read_text().count(ASSIGNMENT) == len(STUDENTS)
    assert gradebook.merge(shards, merged) == 3  # again: nothing doubles
    assert gradebook.contents(merged) == gradebook.contents(one)


@pytest.mark.slow
def test_shard_graded_into_postgresql_and_merged_there(graded, postgres, tmp_path):
    root, one, _ = graded
    results = pipeline.grade(ASSIGNMENT, root, shard="1/2", db_url=postgres)
    assert [r.student for r in results] == ["bob_blank"] and results[0].ok
    assert gradebook.merge([root / "gradebook.shard-0-of-2.db"], postgres) == 2
    assert gradebook.contents(postgres) == gradebook.contents(one)
    assert pipeline.grade_rows(ASSIGNMENT, root, postgres) == pipeline.grade_rows(
        ASSIGNMENT, root, one
    )
    back = tmp_path / "from_postgres.db"  # PostgreSQL as a merge source too
    assert gradebook.merge([postgres], back) == 3
    assert gradebook.contents(back) == gradebook.contents(one)


@pytest.mark.slow
def test_originals_are_never_changed_and_scratch_roots_hold_the_graded_copy(course, graded):
    root, before = course
    assert tree_digest(root / "submitted") == before
    for student in STUDENTS:
        scratch = root / "grading" / ASSIGNMENT / student
        assert (scratch / "repairs.json").is_file()
        assert (scratch / "submitted" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb").is_file()
        assert not any((scratch / "solutions" / ASSIGNMENT).iterdir()), "no solution in scratch"
        page = root / "feedback" / student / ASSIGNMENT / f"{NOTEBOOK}.html"
        assert pipeline.feedback_leaks(page.read_text()) == []


@pytest.mark.slow
@pytest.mark.parametrize(("filled", "code"), [(True, 0), (False, 1)], ids=["perfect", "blank"])
def test_check_command_is_the_student_check(tmp_path, filled, code):
    pytest.importorskip("cnnlab.check", reason="cnnlab.check (the student check) is not there yet")
    nb = notebooks.read(ROOT / "assignments" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    if filled:
        pipeline.fill_answers(
            nb, notebooks.read(ROOT / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
        )
    path = tmp_path / f"{NOTEBOOK}.ipynb"
    nbformat.write(nb, str(path))
    assert cli.main(["check", str(path)]) == code


# ---------------------------------------------------------------- files handed in beside a notebook


@pytest.mark.parametrize(
    ("make", "copied", "note"),
    [
        (lambda p: p.write_bytes(b"weights"), True, None),
        (lambda p: None, False, "cifar10_model.pt was not submitted"),
        (lambda p: p.symlink_to("/etc/passwd"), False, "not a regular file"),
        (lambda p: p.mkdir(), False, "not a regular file"),
        (lambda p: p.write_bytes(b"x" * 2048), False, "over the 0 MiB limit"),
    ],
    ids=["regular", "missing", "link", "folder", "too_big"],
)
def test_only_a_regular_declared_file_is_copied(tmp_path, monkeypatch, make, copied, note):
    from autograder.sandbox import Limits

    monkeypatch.setattr(pipeline, "MAX_SUBMITTED_FILE_BYTES", 1024)
    original, target = tmp_path / "submitted", tmp_path / "graded"
    original.mkdir()
    target.mkdir()
    make(original / "cifar10_model.pt")
    (original / "notes.txt").write_text("not declared by any notebook")
    job = pipeline._Job("pytorch_cnn", "s", tmp_path, tmp_path, {}, Limits(), False, None)
    outcome = pipeline._Outcome("s", tmp_path, 0.0, ["train.ipynb", "port.ipynb"], {}, {})
    pipeline._copy_submitted_files(job, original, target, outcome)
    assert sorted(p.name for p in target.iterdir()) == (["cifar10_model.pt"] if copied else [])
    if copied:
        assert (target / "cifar10_model.pt").read_bytes() == b"weights"
        assert outcome.repairs == {}
    else:
        assert list(outcome.repairs) == ["train.ipynb"]  # the notebook that reads the file
        assert note in outcome.repairs["train.ipynb"][0]
