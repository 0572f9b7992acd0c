"""The bad-submission catalogue, graded through the real pipeline (repair, sandbox, nbgrader).

One scratch course; every catalogue row is one student who hands in only ``pooling.ipynb`` (or
its broken stand-in). The whole class is graded once, two at a time, under the catalogue's limits,
and every row's expected outcome is checked: the score, exactly the cells lost, the message, the
flag, the attack's marker, and every submitted file still there byte for byte.
"""

import re
from pathlib import Path

import pytest
from conftest import tree_digest

from autograder import catalogue, notebooks, pipeline
from autograder.sandbox import Limits, unavailable_reason

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = catalogue.ASSIGNMENT
CASES = catalogue.CATALOGUE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    reason = unavailable_reason()
    if reason is not None:  # a fork bomb and a 4 GB allocation need the sandbox's limits
        pytest.skip(f"the catalogue is graded in the sandbox only: {reason}")
    root = tmp_path_factory.mktemp("catalogue")
    pipeline.new_course(root, ASSIGNMENT)
    release = pipeline.generate_release(ASSIGNMENT, root)
    name = f"{catalogue.NOTEBOOK}.ipynb"
    for case in CASES:
        target = root / "submitted" / case.id / ASSIGNMENT
        target.mkdir(parents=True)
        files = catalogue.submission_files(
            case, release / name, root / "solutions" / ASSIGNMENT / name
        )
        for filename, data in files.items():
            (target / filename).write_bytes(data)
    before = tree_digest(root / "submitted")
    limits = Limits(wall_seconds=catalogue.WALL_SECONDS, memory_bytes=catalogue.MEMORY_BYTES)
    results = pipeline.grade(
        ASSIGNMENT,
        root,
        workers=2,
        limits=limits,
        sandbox="on",
        cell_timeout=catalogue.CELL_TIMEOUT,
    )
    rows = {(r.student, r.notebook): r for r in pipeline.grade_rows(ASSIGNMENT, root)}
    return root, {r.student: r for r in results}, rows, before


def _report(result) -> str:
    return " ".join([result.message, result.flag, *result.repairs])


def _outputs(root: Path, student: str) -> str:
    path = root / "autograded" / student / ASSIGNMENT / f"{catalogue.NOTEBOOK}.ipynb"
    if not path.exists():
        return ""
    return "".join(  # printed text only (a traceback would quote the attack's source)
        str(o.get("text", ""))
        for c in notebooks.read(path).cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "stream"
    )


def test_catalogue_is_large_enough():
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_case_outcome(graded, case):
    root, results, rows, _ = graded
    result = results[case.id]
    row = rows.get((case.id, catalogue.NOTEBOOK))
    assert row is not None, f"{case.id}: no grade recorded for {catalogue.NOTEBOOK} ({result})"
    assert row.auto_max == catalogue.POINTS
    assert row.auto_score == case.score, f"{case.id}: lost {row.failed_cells}; {_report(result)}"
    if case.lost:
        assert sorted(row.failed_cells) == sorted(case.lost)
    if case.says:
        assert re.search(case.says, _report(result), re.I), _report(result)
    assert bool(result.flag) == case.flagged, result.flag
    outputs = _outputs(root, case.id)
    for marker in case.markers_absent:
        assert marker not in outputs, f"{case.id}: the attack worked ({marker})"
        assert marker.replace("-OK", "-FAILED") in outputs, "the attack's code did not run"


def test_every_submitted_file_is_kept_byte_for_byte(graded):
    root, _, _, before = graded
    assert tree_digest(root / "submitted") == before


def test_nothing_was_written_outside_the_sandbox(graded):
    assert not (ROOT / "PWNED_BY_STUDENT").exists()
    assert not Path("/tmp/PWNED_BY_STUDENT_HOST").exists()


def test_no_solution_reaches_the_course_folders(graded):
    """The symlinks a kernel left behind are neither copied back nor followed."""
    root, _, _, _ = graded
    secret = {path.read_bytes() for path in catalogue.SOLUTION_FILES}
    for folder in ("autograded", "feedback", "grading"):
        for path in (root / folder).rglob("*"):
            assert not (folder != "grading" and path.is_symlink()), f"{path}: a link copied back"
            if "_template" in path.parts:  # the instructor's template course, not a student's
                continue
            if path.is_file() and not path.is_symlink():
                assert path.read_bytes() not in secret, f"{path} is a solution file"
    assert not list((root / "autograded").rglob("leak.*"))


def test_feedback_pages_stay_small(graded):
    """10 MB of prints or 60 MB of images never make a feedback page a student cannot open."""
    root, _, _, _ = graded
    pages = list((root / "feedback").rglob("*.html"))
    assert len(pages) >= len(CASES) - 8  # not-graded notebooks have no page
    for page in pages:
        assert page.stat().st_size < 3_000_000, f"{page}: {page.stat().st_size} bytes"


def test_readme_table_is_the_catalogue():
    text = (ROOT / "autograder" / "README.md").read_text()
    assert catalogue.table() in text, "autograder/README.md: paste `python -m autograder.catalogue`"
