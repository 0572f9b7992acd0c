"""Merge nbgrader gradebooks: per-student and per-shard gradebooks into the course gradebook.

A gradebook is named by a SQLite path (``gradebook.shard-0-of-4.db``) or by any SQLAlchemy URL
that nbgrader's ``db_url`` accepts (``sqlite:////abs/gradebook.db``,
``postgresql+psycopg2://user@host/db``). :func:`merge` copies, from each source into the target:

- the structure, where the target lacks it or differs: assignments (due date), notebooks
  (kernelspec) and their grade, solution, task and source cells (points, cell type, locked
  source and checksum); the source's definition wins, as nbgrader's ``generate_assignment`` would;
- students (names, email, LMS id: only the fields the source knows);
- every submission with its timestamp, extension, notebooks (flagged, late penalty), every grade
  (``auto_score``, ``manual_score``, ``extra_credit``, ``needs_manual_grade``) and comment.

Merging is idempotent: a student's submission already in the target is replaced, except that a
manual score, extra credit or manual comment given in the target (by a human grader) is kept where
the source has none, and the cell is then marked for re-checking (``needs_manual_grade``), the rule
of nbgrader's own ``autograde --force``. Sources are only read (never created or changed); the
target is created when it does not exist, and each source is merged in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

SQLITE = "sqlite"


def db_url(source: str | Path) -> str:
    """A SQLAlchemy URL: a URL (``scheme://...``) as given, a path as ``sqlite:///<abs path>``."""
    text = str(source)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other databases and in-memory SQLite)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != SQLITE or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def alembic_head() -> str:
    """The schema version nbgrader writes into a new gradebook (its alembic head revision)."""
    import nbgrader
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(nbgrader.__file__).parent / "alembic"))
    head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:  # pragma: no cover - nbgrader always ships its migrations
        raise RuntimeError("nbgrader's alembic migrations were not found")
    return head


def create(url: str | Path) -> None:
    """Create an empty nbgrader gradebook at ``url`` unless the database already has tables.

    The same schema and ``alembic_version`` row as nbgrader's ``Gradebook`` writes, without the
    ``alembic`` subprocess it starts for that (seconds per new gradebook).
    """
    from nbgrader.api import Base
    from sqlalchemy import create_engine, inspect, text

    url = db_url(url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    try:
        if inspect(engine).get_table_names():
            return
        Base.metadata.create_all(bind=engine)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            conn.execute(
                text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": alembic_head()}
            )
    finally:
        engine.dispose()


@dataclass
class _Kept:
    """What a human grader entered in the target for one cell of a replaced submission."""

    manual_score: float | None
    extra_credit: float | None
    manual_comment: str | None


def _open_source(url: str) -> tuple[Any, Any]:
    """A read-only session on an existing nbgrader gradebook (engine, session)."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.orm import Session

    path = sqlite_path(url)
    if path is not None and not path.is_file():
        raise ValueError(f"gradebook {path} does not exist")
    engine = create_engine(url, future=True)
    try:
        tables = set(inspect(engine).get_table_names())
    except Exception as exc:
        engine.dispose()
        raise ValueError(f"cannot open gradebook {describe(url)}: {exc}") from exc
    missing = {"assignment", "notebook", "submitted_assignment", "grade"} - tables
    if missing:
        engine.dispose()
        raise ValueError(
            f"{describe(url)} is not an nbgrader gradebook (no table {', '.join(sorted(missing))})"
        )
    return engine, Session(engine, autoflush=False)


def merge(sources: list[str] | list[str | Path], into: str | Path) -> int:
    """Merge every submission of the ``sources`` gradebooks into the gradebook ``into``.

    Inputs:
    - sources: SQLite paths or database URLs; each must be an existing nbgrader gradebook.
    - into: SQLite path or database URL of the target (created if it does not exist).

    Returns the number of submissions copied (a student's submission of an assignment counts
    once per source it came from). Raises ValueError naming a missing or foreign source, or a
    source that is the target itself.
    """
    from nbgrader.api import Assignment, Gradebook

    target = db_url(into)
    urls = [db_url(s) for s in sources]
    if not urls:
        raise ValueError("merge needs at least one source gradebook")
    for url in urls:
        if url == target:
            raise ValueError(f"cannot merge {describe(url)} into itself")
    opened = []
    try:
        for url in urls:
            opened.append(_open_source(url))
        course_id = "default_course"
        for _, session in opened:
            first = session.query(Assignment).first()
            if first is not None:
                course_id = first.course_id
                break
        copied = 0
        create(target)
        with Gradebook(target, course_id=course_id) as gb:
            for _, session in opened:
                try:
                    copied += _merge_one(session, gb.db)
                    gb.db.commit()
                except Exception:
                    gb.db.rollback()
                    raise
        return copied
    finally:
        for engine, session in opened:
            session.close()
            engine.dispose()


def _merge_one(src: Any, dst: Any) -> int:
    """Copy one source session's structure, students and submissions into ``dst`` (no commit)."""
    from nbgrader.api import Assignment, Student, SubmittedAssignment

    assignments = {}
    for a_src in src.query(Assignment).order_by(Assignment.name):
        assignments[a_src.name] = _sync_structure(dst, a_src)
    for st in src.query(Student).order_by(Student.id):
        _sync_student(dst, st)
    dst.flush()
    count = 0
    submissions = src.query(SubmittedAssignment).order_by(SubmittedAssignment.student_id)
    for sub in submissions:
        _copy_submission(dst, sub, assignments[sub.assignment.name])
        count += 1
    return count


def _sync_structure(dst: Any, a_src: Any) -> Any:
    """The target's assignment named like ``a_src``, created or updated to match it."""
    from nbgrader.api import Assignment, Course, Notebook

    a = dst.query(Assignment).filter(Assignment.name == a_src.name).one_or_none()
    if a is None:
        if dst.get(Course, a_src.course_id) is None:
            dst.add(Course(id=a_src.course_id))
        a = Assignment(name=a_src.name, duedate=a_src.duedate, course_id=a_src.course_id)
        dst.add(a)
    elif a.duedate != a_src.duedate and a_src.duedate is not None:
        a.duedate = a_src.duedate
    notebooks = {nb.name: nb for nb in a.notebooks}
    for nb_src in a_src.notebooks:
        nb = notebooks.get(nb_src.name)
        if nb is None:
            nb = Notebook(name=nb_src.name, assignment=a, kernelspec=nb_src.kernelspec)
            dst.add(nb)
        elif nb_src.kernelspec and nb.kernelspec != nb_src.kernelspec:
            nb.kernelspec = nb_src.kernelspec
        _sync_cells(dst, nb, nb_src)
    dst.flush()
    return a


def _sync_cells(dst: Any, nb: Any, nb_src: Any) -> None:
    """Give notebook ``nb`` every graded, solution, task and source cell of ``nb_src``."""
    from nbgrader.api import GradeCell, SolutionCell, SourceCell, TaskCell

    cells = {(c.type, c.name): c for c in nb._base_cells}
    for c_src in nb_src._base_cells:
        cell = cells.get((c_src.type, c_src.name))
        if cell is None:
            kind = {"GradeCell": GradeCell, "SolutionCell": SolutionCell, "TaskCell": TaskCell}
            if c_src.type not in kind:
                raise ValueError(f"unknown nbgrader cell type {c_src.type!r} in {nb_src.name}")
            cell = kind[c_src.type](name=c_src.name, notebook=nb)
            dst.add(cell)
        for attr in ("max_score", "cell_type"):
            if hasattr(c_src, attr) and getattr(cell, attr, None) != getattr(c_src, attr):
                setattr(cell, attr, getattr(c_src, attr))
    sources = {c.name: c for c in nb.source_cells}
    for s_src in nb_src.source_cells:
        cell = sources.get(s_src.name)
        if cell is None:
            cell = SourceCell(name=s_src.name, notebook=nb, cell_type=s_src.cell_type)
            dst.add(cell)
        for attr in ("cell_type", "locked", "source", "checksum"):
            if getattr(cell, attr) != getattr(s_src, attr):
                setattr(cell, attr, getattr(s_src, attr))


def _sync_student(dst: Any, st: Any) -> None:
    """Create the student in the target, or fill in the fields the source knows."""
    from nbgrader.api import Student

    fields = {
        name: getattr(st, name)
        for name in ("first_name", "last_name", "email", "lms_user_id")
        if getattr(st, name) is not None
    }
    student = dst.get(Student, st.id)
    if student is None:
        dst.add(Student(id=st.id, **fields))
    else:
        for name, value in fields.items():
            setattr(student, name, value)


def _copy_submission(dst: Any, sub: Any, assignment: Any) -> None:
    """Replace the target's submission of ``sub``'s student with a copy of ``sub``."""
    from nbgrader.api import Comment, Grade, SubmittedAssignment, SubmittedNotebook

    kept = _remove_submission(dst, assignment, sub.student_id)
    new = SubmittedAssignment(
        assignment=assignment,
        student_id=sub.student_id,
        timestamp=sub.timestamp,
        extension=sub.extension,
    )
    dst.add(new)
    by_name = {snb.notebook.name: snb for snb in sub.notebooks}
    for nb in assignment.notebooks:  # the target's structure, as nbgrader's add_submission does
        snb_src = by_name.get(nb.name)
        snb = SubmittedNotebook(notebook=nb, assignment=new)
        if snb_src is not None:
            snb.flagged = snb_src.flagged
            snb.late_submission_penalty = snb_src.late_submission_penalty
        grades = {(g.cell.type, g.cell.name): g for g in snb_src.grades} if snb_src else {}
        comments = {(c.cell.type, c.cell.name): c for c in snb_src.comments} if snb_src else {}
        for cell in nb._base_cells:
            key = (cell.type, cell.name)
            keep = kept.get((nb.name, *key))
            if cell.type in ("GradeCell", "TaskCell"):
                dst.add(_grade(Grade(cell=cell, notebook=snb), grades.get(key), keep))
            if cell.type in ("SolutionCell", "TaskCell"):
                comment = Comment(cell=cell, notebook=snb)
                c_src = comments.get(key)
                if c_src is not None:
                    comment.auto_comment = c_src.auto_comment
                    comment.manual_comment = c_src.manual_comment
                if keep is not None and comment.manual_comment is None:
                    comment.manual_comment = keep.manual_comment
                dst.add(comment)
    dst.flush()


def _grade(grade: Any, g_src: Any, keep: _Kept | None) -> Any:
    """Fill a new target grade from the source's, keeping what a human entered in the target."""
    if g_src is not None:
        grade.auto_score = g_src.auto_score
        grade.manual_score = g_src.manual_score
        grade.extra_credit = g_src.extra_credit
        grade.needs_manual_grade = g_src.needs_manual_grade
    if keep is not None:
        if grade.manual_score is None and keep.manual_score is not None:
            grade.manual_score = keep.manual_score
            grade.needs_manual_grade = True  # nbgrader's rule: a kept manual score is re-checked
        if grade.extra_credit is None:
            grade.extra_credit = keep.extra_credit
    return grade


def _remove_submission(dst: Any, assignment: Any, student_id: str) -> dict[tuple, _Kept]:
    """Delete the target's submission of ``student_id``; return what human graders entered."""
    from nbgrader.api import SubmittedAssignment

    old = (
        dst.query(SubmittedAssignment)
        .filter(
            SubmittedAssignment.assignment_id == assignment.id,
            SubmittedAssignment.student_id == student_id,
        )
        .one_or_none()
    )
    kept: dict[tuple, _Kept] = {}
    if old is None:
        return kept
    for snb in old.notebooks:
        for grade in snb.grades:
            key = (snb.notebook.name, grade.cell.type, grade.cell.name)
            kept[key] = _Kept(grade.manual_score, grade.extra_credit, None)
            dst.delete(grade)
        for comment in snb.comments:
            key = (snb.notebook.name, comment.cell.type, comment.cell.name)
            entry = kept.setdefault(key, _Kept(None, None, None))
            entry.manual_comment = comment.manual_comment
            dst.delete(comment)
        dst.delete(snb)
    dst.delete(old)
    dst.flush()
    return {k: v for k, v in kept.items() if v != _Kept(None, None, None)}


def contents(source: str | Path) -> dict[str, Any]:
    """Every submission of a gradebook by name, ids left out (to compare gradebooks).

    Returns ``{"assignments": {name: {notebook: {cell: (type, points, cell_type)}}},
    "submissions": {(assignment, student): {"timestamp", "notebooks": {notebook: {"flagged",
    "grades": {(cell type, cell): (auto, manual, extra, needs_manual)}, "comments": {...}}}}}}``.
    """
    from nbgrader.api import Assignment, SubmittedAssignment

    engine, session = _open_source(db_url(source))
    try:
        out: dict[str, Any] = {"assignments": {}, "submissions": {}}
        for a in session.query(Assignment):
            out["assignments"][a.name] = {
                nb.name: {
                    (c.type, c.name): (getattr(c, "max_score", None), getattr(c, "cell_type", None))
                    for c in nb._base_cells
                }
                for nb in a.notebooks
            }
        for sub in session.query(SubmittedAssignment):
            out["submissions"][(sub.assignment.name, sub.student_id)] = {
                "timestamp": sub.timestamp,
                "notebooks": {
                    snb.notebook.name: {
                        "flagged": snb.flagged,
                        "grades": {
                            (g.cell.type, g.cell.name): (
                                g.auto_score,
                                g.manual_score,
                                g.extra_credit,
                                g.needs_manual_grade,
                            )
                            for g in snb.grades
                        },
                        "comments": {
                            (c.cell.type, c.cell.name): (c.auto_comment, c.manual_comment)
                            for c in snb.comments
                        },
                    }
                    for snb in sub.notebooks
                },
            }
        return out
    finally:
        session.close()
        engine.dispose()
