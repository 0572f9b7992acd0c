"""Merging nbgrader gradebooks (autograder.gradebook.merge) with real nbgrader Gradebook objects.

Each test builds small SQLite gradebooks through nbgrader's own API (assignment, notebooks, grade,
solution, task and source cells, students, submissions, grades and comments), merges them and
reads the result back through nbgrader.
"""

import datetime as dt
import os
import shutil
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder import gradebook

ASSIGNMENT = "hw"
DUE = dt.datetime(2030, 1, 1, 12, 0)
# nbgrader's own add_submission (used to build the sources) warns about its autoflush.
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")


EMPTY = {}


@pytest.fixture(scope="module", autouse=True)
def _empty_gradebook(tmp_path_factory):
    """One empty gradebook, copied by ``build`` (faster than creating each one)."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    gradebook.create(path)
    EMPTY["path"] = path


def build(path, students, course_id="cnnlab"):
    """A gradebook at ``path``: assignment hw (nb1, nb2) and one submission per student.

    ``students`` maps a student id to ``(code1 auto score, written manual score or None)``.
    """
    shutil.copy(EMPTY["path"], path)
    with Gradebook(f"sqlite:///{path}", course_id=course_id) as gb:
        gb.update_or_create_assignment(ASSIGNMENT, duedate=DUE)
        gb.update_or_create_notebook("nb1", ASSIGNMENT, kernelspec='{"name": "python3"}')
        gb.update_or_create_grade_cell("code1", "nb1", ASSIGNMENT, max_score=2, cell_type="code")
        gb.update_or_create_grade_cell(
            "written", "nb1", ASSIGNMENT, max_score=1, cell_type="markdown"
        )
        gb.update_or_create_solution_cell("written", "nb1", ASSIGNMENT)
        gb.update_or_create_solution_cell("answer1", "nb1", ASSIGNMENT)
        gb.update_or_create_task_cell("task", "nb1", ASSIGNMENT, max_score=3, cell_type="markdown")
        gb.update_or_create_source_cell(
            "code1",
            "nb1",
            ASSIGNMENT,
            cell_type="code",
            locked=True,
            source="ok()",
            checksum="c1",
        )
        gb.update_or_create_notebook("nb2", ASSIGNMENT)
        gb.update_or_create_grade_cell("code2", "nb2", ASSIGNMENT, max_score=1, cell_type="code")
        for student, (auto, manual) in sorted(students.items()):
            gb.update_or_create_student(student, first_name=student.title(), email=f"{student}@x")
            gb.update_or_create_submission(
                ASSIGNMENT, student, timestamp=dt.datetime(2029, 12, 31, 10, len(student))
            )
            grade = gb.find_grade("code1", "nb1", ASSIGNMENT, student)
            grade.auto_score, grade.needs_manual_grade = auto, False
            written = gb.find_grade("written", "nb1", ASSIGNMENT, student)
            written.manual_score, written.needs_manual_grade = manual, manual is None
            task = gb.find_grade("task", "nb1", ASSIGNMENT, student)
            task.extra_credit = 0.5 if manual else None
            comment = gb.find_comment("answer1", "nb1", ASSIGNMENT, student)
            comment.auto_comment = "No response." if auto == 0 else None
            comment.manual_comment = f"see me, {student}" if manual else None
            gb.find_submission_notebook("nb2", ASSIGNMENT, student).flagged = auto == 0
            gb.db.commit()
    return path


def scores(url, student):
    """{(notebook, cell): total score} of one student, read by nbgrader."""
    with Gradebook(gradebook.db_url(url)) as gb:
        sub = gb.find_submission(ASSIGNMENT, student)
        return {(nb.name, g.name): g.score for nb in sub.notebooks for g in nb.grades}


def test_merge_into_a_new_gradebook_copies_everything(tmp_path):
    source = build(tmp_path / "a.db", {"ann": (2, 1.0), "bob": (0, None)})
    target = tmp_path / "course.db"
    assert gradebook.merge([str(source)], str(target)) == 2
    assert gradebook.contents(target) == gradebook.contents(source)
    with Gradebook(f"sqlite:///{target}", course_id="cnnlab") as gb:
        ann = gb.find_submission(ASSIGNMENT, "ann")
        assert ann.timestamp == dt.datetime(2029, 12, 31, 10, 3)
        assert ann.assignment.duedate == DUE
        assert ann.student.first_name == "Ann" and ann.student.email == "ann@x"
        assert gb.find_source_cell("code1", "nb1", ASSIGNMENT).source == "ok()"
        assert gb.find_grade_cell("code1", "nb1", ASSIGNMENT).max_score == 2
        assert gb.find_notebook("nb1", ASSIGNMENT).kernelspec == '{"name": "python3"}'
        assert gb.find_comment("answer1", "nb1", ASSIGNMENT, "ann").manual_comment == "see me, ann"
        assert gb.find_comment("answer1", "nb1", ASSIGNMENT, "bob").auto_comment == "No response."
        assert gb.find_submission_notebook("nb2", ASSIGNMENT, "bob").flagged
        assert [c.id for c in gb.db.query(type(ann.assignment.course))] == ["cnnlab"]
        assert gb.find_grade("task", "nb1", ASSIGNMENT, "ann").extra_credit == 0.5
    assert scores(target, "ann") == {
        ("nb1", "code1"): 2,
        ("nb1", "written"): 1.0,
        ("nb1", "task"): 0,
        ("nb2", "code2"): 0,
    }


def test_merging_shards_gives_the_union(tmp_path):
    a = build(tmp_path / "shard-0.db", {"ann": (2, None), "cid": (1, None)})
    b = build(tmp_path / "shard-1.db", {"bob": (0, 1.0)})
    whole = build(tmp_path / "whole.db", {"ann": (2, None), "bob": (0, 1.0), "cid": (1, None)})
    target = tmp_path / "merged.db"
    assert gradebook.merge([a, b], f"sqlite:///{target}") == 3
    assert gradebook.contents(target) == gradebook.contents(whole)


def test_merging_again_replaces_the_submission_and_keeps_the_others(tmp_path):
    target = build(tmp_path / "course.db", {"ann": (0, None), "bob": (1, None)})
    before_bob = gradebook.contents(target)["submissions"][(ASSIGNMENT, "bob")]
    regrade = build(tmp_path / "ann.db", {"ann": (2, None)})
    for _ in range(2):  # idempotent
        assert gradebook.merge([regrade], target) == 1
        got = gradebook.contents(target)["submissions"]
        assert set(got) == {(ASSIGNMENT, "ann"), (ASSIGNMENT, "bob")}
        assert (
            got[(ASSIGNMENT, "ann")]
            == gradebook.contents(regrade)["submissions"][(ASSIGNMENT, "ann")]
        )
        assert got[(ASSIGNMENT, "bob")] == before_bob
    with Gradebook(f"sqlite:///{target}") as gb:
        assert len(gb.db.query(type(gb.find_submission(ASSIGNMENT, "ann"))).all()) == 2
        assert scores(target, "ann")[("nb1", "code1")] == 2


def test_a_manual_grade_in_the_target_survives_an_automatic_regrade(tmp_path):
    target = build(tmp_path / "course.db", {"ann": (0, 1.0)})  # a human gave the written 1 point
    regrade = build(tmp_path / "ann.db", {"ann": (2, None)})
    gradebook.merge([regrade], target)
    with Gradebook(f"sqlite:///{target}") as gb:
        written = gb.find_grade("written", "nb1", ASSIGNMENT, "ann")
        assert written.manual_score == 1.0
        assert written.needs_manual_grade, "nbgrader's rule: a kept manual score is re-checked"
        assert gb.find_grade("code1", "nb1", ASSIGNMENT, "ann").auto_score == 2
        assert gb.find_grade("task", "nb1", ASSIGNMENT, "ann").extra_credit == 0.5
        assert gb.find_comment("answer1", "nb1", ASSIGNMENT, "ann").manual_comment == "see me, ann"


def test_the_source_structure_wins_and_fills_what_the_target_lacks(tmp_path):
    target = tmp_path / "course.db"
    gradebook.create(target)
    with Gradebook(f"sqlite:///{target}", course_id="cnnlab") as gb:  # an older release
        gb.add_assignment(ASSIGNMENT)
        gb.add_notebook("nb1", ASSIGNMENT)
        gb.add_grade_cell("code1", "nb1", ASSIGNMENT, max_score=5, cell_type="code")
    source = build(tmp_path / "a.db", {"ann": (2, None)})
    gradebook.merge([source], target)
    assert gradebook.contents(target) == gradebook.contents(source)


def test_student_fields_unknown_to_the_source_are_kept(tmp_path):
    target = tmp_path / "course.db"
    gradebook.create(target)
    with Gradebook(f"sqlite:///{target}") as gb:
        gb.add_student("ann", last_name="Lovelace", first_name="A.")
    source = tmp_path / "a.db"
    shutil.copy(build(tmp_path / "tmp.db", {"ann": (1, None)}), source)
    gradebook.merge([source], target)
    with Gradebook(f"sqlite:///{target}") as gb:
        ann = gb.find_student("ann")
        assert (ann.first_name, ann.last_name) == ("Ann", "Lovelace")


def test_sources_are_only_read(tmp_path):
    source = build(tmp_path / "a.db", {"ann": (2, None)}, course_id="cnnlab")
    before = source.read_bytes()
    source.chmod(0o444)
    try:
        gradebook.merge([source], tmp_path / "course.db")
    finally:
        source.chmod(0o644)
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.db", "does not exist"),
        (
            lambda d: (d / "empty.db").write_bytes(b"") or d / "empty.db",
            "not an nbgrader gradebook",
        ),
        (lambda d: d / "course.db", "into itself"),
    ],
    ids=["missing", "not-a-gradebook", "itself"],
)
def test_bad_sources_are_refused_by_name_and_change_nothing(tmp_path, make, message):
    target = build(tmp_path / "course.db", {"ann": (1, None)})
    before = gradebook.contents(target)
    good = build(tmp_path / "good.db", {"bob": (2, None)})
    with pytest.raises(ValueError, match=message):
        gradebook.merge([good, make(tmp_path)], target)
    assert gradebook.contents(target) == before
    assert not (tmp_path / "missing.db").exists(), "a missing source must not be created"


def test_db_url_forms(tmp_path):
    assert gradebook.db_url(tmp_path / "g.db") == f"sqlite:///{tmp_path / 'g.db'}"
    url = "postgresql+psycopg2://grader:secret@db.example/course"
    assert gradebook.db_url(url) == url
    assert "secret" not in gradebook.describe(url)
    assert gradebook.sqlite_path(f"sqlite:///{tmp_path}/g.db") == tmp_path / "g.db"
    assert gradebook.sqlite_path(url) is None


@pytest.mark.slow  # nbgrader's way starts the `alembic` executable (it imports nbgrader: seconds)
def test_created_gradebook_is_the_one_nbgrader_creates(tmp_path, monkeypatch):
    from sqlalchemy import create_engine, inspect, text

    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    gradebook.create(ours)
    Gradebook(f"sqlite:///{theirs}").close()  # runs the `alembic` executable
    engines = [create_engine(f"sqlite:///{p}") for p in (ours, theirs)]
    tables = [set(inspect(e).get_table_names()) for e in engines]
    assert tables[0] == tables[1] and "alembic_version" in tables[0]
    versions = []
    for engine in engines:
        with engine.connect() as conn:
            versions.append(conn.execute(text("SELECT version_num FROM alembic_version")).all())
        engine.dispose()
    assert versions[0] == versions[1] == [(gradebook.alembic_head(),)]
