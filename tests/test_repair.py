"""cnnlab.repair: reading submitted files safely and repairing them against the release.

The release notebooks in assignments/numpy_cnn/ are the reference; a perfect student is the
release with the solutions' answers filled in (autograder.pipeline.fill_answers). Each case breaks
that notebook the way editors and students do and checks the exact repaired structure.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from test_colab import colab_saved  # how Colab writes a notebook (nbformat 4.0, no ids)

from autograder import notebooks, pipeline
from cnnlab.repair import (
    RepairResult,
    SubmissionError,
    parse_notebook,
    read_notebook,
    repair_notebook,
)

ROOT = Path(__file__).resolve().parents[1]
RELEASE = ROOT / "assignments" / "numpy_cnn"
NOTEBOOKS = sorted(p.stem for p in RELEASE.glob("*.ipynb"))


def release(name: str = "pooling") -> nbformat.NotebookNode:
    return notebooks.read(RELEASE / f"{name}.ipynb")


def solved(name: str = "pooling") -> nbformat.NotebookNode:
    """The release with the instructor's answers: what a perfect student submits."""
    nb = release(name)
    pipeline.fill_answers(nb, notebooks.read(ROOT / "solutions" / "numpy_cnn" / f"{name}.ipynb"))
    return nb


def graded(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if "nbgrader" in c.metadata]


def gids(nb: nbformat.NotebookNode) -> list[str]:
    return [c.metadata["nbgrader"]["grade_id"] for c in graded(nb)]


def index_of(nb: nbformat.NotebookNode, grade_id: str) -> int:
    return next(k for k, c in enumerate(nb.cells) if c.get("id") == grade_id)


def cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return nb.cells[index_of(nb, grade_id)]


def assert_release_structure(result: RepairResult, reference, answers=None) -> None:
    """Every graded cell of the release once, in order, with its metadata, type, id and text.

    ``answers`` maps an answer's grade id to the source it must have (default: the reference's).
    """
    nb = result.notebook
    assert result.problem is None, result.problem
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    nbformat.validate(nb)
    assert gids(nb) == gids(reference)
    ids = [c.id for c in nb.cells]
    assert len(ids) == len(set(ids)), "cell ids must be unique"
    answers = answers or {}
    for got, want in zip(graded(nb), graded(reference), strict=True):
        meta = want.metadata["nbgrader"]
        assert got.metadata["nbgrader"] == meta
        assert (got.cell_type, got.id) == (want.cell_type, want.id)
        assert got.source == answers.get(meta["grade_id"], want.source), meta["grade_id"]


def answers_of(nb: nbformat.NotebookNode) -> dict[str, str]:
    return {
        c.metadata["nbgrader"]["grade_id"]: c.source
        for c in graded(nb)
        if c.metadata["nbgrader"]["solution"]
    }


def mentions(repairs: list[str], *fragments: str) -> bool:
    return any(all(f in r for f in fragments) for r in repairs)


# ------------------------------------------------------------------------- nothing to repair


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_untouched_release_needs_no_repair(name):
    nb = release(name)
    result = repair_notebook(nb, nb)
    assert result.repairs == [] and result.problem is None
    assert result.notebook == nb


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solution_filled_release_needs_no_repair(name):
    nb = solved(name)
    result = repair_notebook(release(name), nb)
    assert result.repairs == [] and result.problem is None
    assert result.notebook == nb


def test_inputs_are_not_modified():
    ref, sub = release(), parse_notebook(colab_saved(solved(), strip_nbgrader=True))
    ref_copy, sub_copy = copy.deepcopy(ref), copy.deepcopy(sub)
    repair_notebook(ref, sub)
    assert ref == ref_copy and sub == sub_copy


# ------------------------------------------------------------------------- Colab


@pytest.mark.parametrize("strip", [False, True], ids=["colab", "colab-lost-nbgrader"])
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_colab_saved_correct_notebook_repairs_to_a_fully_gradable_one(name, strip):
    student = solved(name)
    result = repair_notebook(release(name), parse_notebook(colab_saved(student, strip)))
    assert_release_structure(result, release(name), answers_of(student))
    assert mentions(result.repairs, "nbformat 4.0", "4.5")
    if strip:
        assert mentions(result.repairs, f"all {len(graded(student))} graded cells", "metadata")
        written = [g for g, source in answers_of(release(name)).items() if "YOUR ANSWER" in source]
        assert mentions(result.repairs, *written, "found by their position")
    else:
        assert len(result.repairs) == 1, result.repairs
    # every cell kept, in the student's order, with Colab's outputs
    assert [c.source for c in result.notebook.cells] == [c.source for c in student.cells]
    setup = cell(result.notebook, "setup")
    assert setup.outputs[0]["text"] == "ran on Colab\n"


# ------------------------------------------------------------------------- the catalogue


def _strip(*grade_ids: str) -> Callable:
    def mutate(nb):
        for c in nb.cells:
            if c.metadata.get("nbgrader", {}).get("grade_id") in grade_ids:
                del c.metadata["nbgrader"]
        return nb

    return mutate


def _strip_all(nb):
    for c in nb.cells:
        c.metadata.pop("nbgrader", None)
    return nb


def _strip_ids(nb):
    data = json.loads(nbformat.writes(nb))
    data["nbformat_minor"] = 4
    for c in data["cells"]:
        del c["id"]
    return parse_notebook(json.dumps(data))


def _delete(grade_id):
    def mutate(nb):
        del nb.cells[index_of(nb, grade_id)]
        return nb

    return mutate


def _move(grade_id, before=None, to_end=False):
    def mutate(nb):
        moved = nb.cells.pop(index_of(nb, grade_id))
        where = len(nb.cells) if to_end else index_of(nb, before)
        nb.cells.insert(where, moved)
        return nb

    return mutate


def _retype(grade_id, cell_type):
    def mutate(nb):
        k = index_of(nb, grade_id)
        old = nb.cells[k]
        new = {
            "code": nbformat.v4.new_code_cell,
            "markdown": nbformat.v4.new_markdown_cell,
            "raw": nbformat.v4.new_raw_cell,
        }[cell_type](source=old.source, metadata=old.metadata)
        new.id = old.id
        nb.cells[k] = new
        return nb

    return mutate


def _edit(grade_id, extra):
    def mutate(nb):
        cell(nb, grade_id).source += extra
        return nb

    return mutate


def _then(*mutations):
    def mutate(nb):
        for m in mutations:
            nb = m(nb)
        return nb

    return mutate


HIDDEN_LOOKING = "\n### BEGIN HIDDEN TESTS\nassert True\n### END HIDDEN TESTS\n"

# (case id, mutation, fragments one repair sentence must contain (one tuple per sentence))
CASES = [
    (
        "strip-some-metadata",
        _strip("avg_pool_forward_answer", "avg_pool_forward", "q_translation", "intro"),
        [
            ("'avg_pool_forward_answer'", "lost its nbgrader metadata: restored"),
            ("'avg_pool_forward'", "lost its nbgrader metadata"),
            ("'q_translation'", "lost its nbgrader metadata: restored"),
            ("'intro'", "lost its nbgrader metadata"),
        ],
    ),
    (
        "strip-all-metadata",
        _strip_all,
        [("all 34 graded cells had lost their nbgrader metadata", "restored")],
    ),
    ("strip-ids", _strip_ids, [("nbformat 4.4", "without cell ids", "release's cell ids")]),
    (
        "strip-ids-and-metadata",
        _then(_strip_ids, _strip("receptive_field_answer", "receptive_field")),
        [("'receptive_field_answer'", "lost"), ("'receptive_field'", "lost"), ("nbformat 4.4",)],
    ),
    (
        "delete-test-cell",
        _delete("avg_pool_backward"),
        [("'avg_pool_backward'", "a test cell", "missing", "restored")],
    ),
    (
        "move-test-above-answer",
        _move("max_pool_forward_naive", before="max_pool_forward_naive_answer"),
        [("'max_pool_forward_naive'", "a test cell", "out of place", "after")],
    ),
    (
        "move-test-above-answer-without-metadata",
        _then(
            _move("max_pool_backward_naive", before="max_pool_backward_naive_answer"),
            _strip("max_pool_backward_naive", "max_pool_backward_naive_answer"),
        ),
        [
            ("'max_pool_backward_naive'", "out of place"),
            ("'max_pool_backward_naive'", "lost"),
            ("'max_pool_backward_naive_answer'", "lost"),
        ],
    ),
    (
        "move-answer-to-the-end",
        _move("avg_pool_forward_answer", to_end=True),
        [
            (
                "'avg_pool_forward_answer'",
                "an answer cell",
                "out of place",
                "'avg_pool_forward_intro'",
            )
        ],
    ),
    (
        "retype-answer-as-markdown",
        _retype("receptive_field_answer", "markdown"),
        [("'receptive_field_answer'", "from code to markdown", "back to code")],
    ),
    (
        "retype-test-as-raw",
        _retype("avg_pool_forward", "raw"),
        [("'avg_pool_forward'", "from code to raw", "back to code")],
    ),
    (
        "retype-written-answer-as-code",
        _retype("q_stacked_convs", "code"),
        [("'q_stacked_convs'", "from markdown to code", "back to markdown")],
    ),
    (
        "retype-without-metadata",
        _then(_retype("max_pool_forward_naive_answer", "raw"), _strip_all),
        [("'max_pool_forward_naive_answer'", "from code to raw"), ("all 34 graded cells",)],
    ),
    (
        "edit-test-cell",
        _edit("max_pool_backward_naive", HIDDEN_LOOKING),
        [("'max_pool_backward_naive'", "a test cell", "edited", "restored")],
    ),
    (
        "edit-test-cell-without-metadata",
        _then(_edit("avg_pool_backward", HIDDEN_LOOKING), _strip("avg_pool_backward"), _strip_ids),
        [
            ("'avg_pool_backward'", "edited"),
            ("'avg_pool_backward'", "lost", "found by its position"),
            ("nbformat 4.4",),
        ],
    ),
    (
        "edit-locked-markdown",
        _edit("how_to_work", "\n\nI can change the instructions!"),
        [("'how_to_work'", "a read-only cell", "edited", "restored")],
    ),
    (
        "edit-setup",
        _edit("setup", "\nchecks = None"),
        [("'setup'", "a read-only cell", "edited")],
    ),
    (
        "tamper-points",
        lambda nb: (cell(nb, "receptive_field").metadata["nbgrader"].update(points=100), nb)[1],
        [("'receptive_field'", "changed nbgrader metadata (points)", "restored")],
    ),
    (
        "other-kernel",
        lambda nb: (nb.metadata["kernelspec"].update(name="cs231n-env"), nb)[1],
        [("kernel 'cs231n-env'", "'python3'")],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_repair_catalogue(mutate, expected):
    student = solved()
    result = repair_notebook(release(), mutate(copy.deepcopy(student)))
    assert_release_structure(result, release(), answers_of(student))
    for fragments in expected:
        assert mentions(result.repairs, *fragments), (fragments, result.repairs)
    assert len(result.repairs) == len(expected), result.repairs


def test_deleted_answer_comes_back_as_the_stub():
    student = solved()
    result = repair_notebook(release(), _delete("avg_pool_backward_answer")(student))
    answers = answers_of(student) | {
        "avg_pool_backward_answer": answers_of(release())["avg_pool_backward_answer"]
    }
    assert_release_structure(result, release(), answers)
    assert result.repairs == [
        "cell 'avg_pool_backward_answer' (an answer cell) was missing: restored from the release "
        "as the blank stub (it earns no points)"
    ]


def test_moved_test_cell_goes_back_below_its_answer():
    student = _move("max_pool_forward_naive", before="max_pool_forward_naive_answer")(solved())
    nb = repair_notebook(release(), student).notebook
    assert (
        index_of(nb, "max_pool_forward_naive") == index_of(nb, "max_pool_forward_naive_answer") + 1
    )


# ------------------------------------------------------------------------- duplicates


def _duplicate(answer: str, copy_text: str | None, counts: tuple, copy_first: bool):
    """The solved notebook with a second copy of ``answer`` (same metadata, another id).

    ``copy_text`` None: the copy is the release stub. ``counts``: execution counts of
    (original, copy). ``copy_first``: the copy sits above the original.
    """
    nb = solved()
    k = index_of(nb, answer)
    original = nb.cells[k]
    dup = copy.deepcopy(original)
    dup.id = "pasted-copy"
    dup.source = answers_of(release())[answer] if copy_text is None else copy_text
    original.execution_count, dup.execution_count = counts
    nb.cells.insert(k if copy_first else k + 1, dup)
    return nb


DUPLICATES = [
    # (id, copy text, (original count, copy count), copy first, which one is kept)
    ("copy-after-run-last", "# v2\n", (3, 7), False, "copy"),
    ("copy-after-run-first", "# v2\n", (7, 3), False, "original"),
    ("copy-before-run-last", "# v2\n", (3, 7), True, "copy"),
    ("copy-before-run-first", "# v2\n", (7, 3), True, "original"),
    ("never-run-later-wins", "# v2\n", (None, None), False, "copy"),
    ("never-run-later-wins-copy-first", "# v2\n", (None, None), True, "original"),
    ("stub-run-last-loses", None, (3, 9), False, "original"),
    ("stub-first-loses", None, (None, None), True, "original"),
]


@pytest.mark.parametrize(
    ("copy_text", "counts", "copy_first", "kept"),
    [d[1:] for d in DUPLICATES],
    ids=[d[0] for d in DUPLICATES],
)
def test_duplicated_answer_keeps_the_latest(copy_text, counts, copy_first, kept):
    answer = "avg_pool_forward_answer"
    solution = answers_of(solved())[answer]
    if copy_text is not None:
        copy_text = solution + copy_text
    student = _duplicate(answer, copy_text, counts, copy_first)
    result = repair_notebook(release(), student)
    want = solution if kept == "original" else copy_text
    assert_release_structure(result, release(), answers_of(solved()) | {answer: want})
    assert len(result.repairs) == 1, result.repairs
    assert mentions(
        result.repairs, f"'{answer}'", "appeared 2 times", "latest", "removed the other 1"
    )


def test_duplicated_test_cell_is_dropped():
    nb = solved()
    k = index_of(nb, "avg_pool_forward")
    nb.cells.insert(k + 1, copy.deepcopy(nb.cells[k]))
    result = repair_notebook(release(), nb)
    assert_release_structure(result, release(), answers_of(solved()))
    assert result.repairs == [
        f"cell 'avg_pool_forward' (a test cell) appeared 2 times: kept cell {k + 1} of the "
        "notebook and removed the other 1"
    ]


# ------------------------------------------------------------------------- student cells


def test_extra_student_cells_stay_after_the_cell_they_followed():
    nb = solved()
    top = nbformat.v4.new_markdown_cell("my notes")
    scratch = nbformat.v4.new_code_cell("print(max_pool_forward_naive)")
    late = nbformat.v4.new_code_cell("x = 1")
    nb.cells.insert(0, top)
    nb.cells.insert(index_of(nb, "max_pool_forward_naive_answer") + 1, scratch)
    nb.cells.append(late)
    # moving the test cell above its answer must not separate the scratch from the answer
    nb = _move("max_pool_forward_naive", before="max_pool_forward_naive_answer")(nb)
    result = repair_notebook(release(), nb)
    assert_release_structure(result, release(), answers_of(solved()))
    out = result.notebook.cells
    assert out[0].source == "my notes"
    k = index_of(result.notebook, "max_pool_forward_naive_answer")
    assert [c.source for c in out[k + 1 : k + 3]] == [
        scratch.source,
        cell(release(), "max_pool_forward_naive").source,
    ]
    assert out[-1].source == "x = 1"
    assert len({c.id for c in out}) == len(out)
    assert len(result.repairs) == 1, result.repairs  # only the move


def test_scratch_cell_without_metadata_is_not_taken_for_a_deleted_test():
    nb = _delete("avg_pool_forward")(solved())
    nb.cells.insert(index_of(nb, "avg_pool_forward_answer") + 1, nbformat.v4.new_code_cell("1 + 1"))
    result = repair_notebook(release(), _strip_all(nb))
    assert_release_structure(result, release(), answers_of(solved()))
    assert mentions(result.repairs, "'avg_pool_forward'", "missing")
    k = index_of(result.notebook, "avg_pool_forward")
    assert result.notebook.cells[k - 1].source == "1 + 1"


def test_only_the_middle_written_answer_answered_without_metadata():
    student = solved()
    stub = answers_of(release())
    for gid in ("q_max_pool_gradient", "q_stacked_convs"):
        cell(student, gid).source = stub[gid]
    want = answers_of(student)
    result = repair_notebook(release(), _strip_all(copy.deepcopy(student)))
    assert_release_structure(result, release(), want)


def test_foreign_graded_cell_is_kept_without_metadata():
    nb = solved()
    stranger = copy.deepcopy(cell(solved("convolution"), "zero_pad_answer"))
    nb.cells.insert(index_of(nb, "setup") + 1, stranger)
    result = repair_notebook(release(), nb)
    assert_release_structure(result, release(), answers_of(solved()))
    assert result.repairs == [
        "cell 'zero_pad_answer' is not a graded cell of the release: kept as an ungraded cell "
        "(its nbgrader metadata removed)"
    ]
    kept = result.notebook.cells[index_of(result.notebook, "setup") + 1]
    assert kept.source == stranger.source and "nbgrader" not in kept.metadata


# ------------------------------------------------------------------------- cannot be matched


def test_a_different_notebook_is_a_problem():
    result = repair_notebook(release("pooling"), solved("convolution"))
    assert result.problem is not None
    assert "none of the release's 8 answer cells" in result.problem
    assert "another notebook (conv_output_size_intro" in result.problem


def test_a_different_notebook_saved_by_colab_is_a_problem():
    sub = parse_notebook(colab_saved(solved("convolution"), strip_nbgrader=True))
    result = repair_notebook(release("pooling"), sub)
    assert result.problem is not None and "answer cells" in result.problem


@pytest.mark.parametrize(
    "cells",
    [[], [nbformat.v4.new_markdown_cell("hello")], [nbformat.v4.new_code_cell("print(1)")]],
    ids=["empty", "one-markdown-cell", "one-code-cell"],
)
def test_notebook_without_any_answer_is_a_problem(cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    result = repair_notebook(release(), nb)
    assert result.problem == (
        "the notebook has no cells"
        if not cells
        else "none of the release's 8 answer cells (max_pool_forward_naive_answer, "
        "max_pool_backward_naive_answer, avg_pool_forward_answer, avg_pool_backward_answer, "
        "...) was found in the notebook by cell id, grade id or content: is it the right "
        "notebook?"
    )
    assert gids(result.notebook) == gids(release())  # best effort: the release's cells


def test_one_answer_left_is_graded_not_flagged():
    nb = solved()
    nb.cells = [cell(nb, "receptive_field_answer")]
    result = repair_notebook(release(), _strip_all(nb))
    assert result.problem is None
    assert gids(result.notebook) == gids(release())


@pytest.mark.parametrize("bad", [{"cells": "x"}, {"cells": [{"cell_type": "image"}]}, {}])
def test_repair_never_raises(bad):
    result = repair_notebook(release(), bad)
    assert result.problem and "could not be repaired" in result.problem


def test_malformed_outputs_are_cleared():
    nb = solved()
    cell(nb, "avg_pool_forward").outputs = [{"output_type": "stream", "text": "no name"}]
    result = repair_notebook(release(), nb)
    assert_release_structure(result, release(), answers_of(solved()))
    assert result.repairs == ["cell 'avg_pool_forward' had malformed outputs: cleared them"]


# ------------------------------------------------------------------------- reading files


def _v3_text() -> str:
    v3 = nbformat.v3
    nb = v3.new_notebook()
    ws = v3.new_worksheet()
    ws.cells.append(v3.new_code_cell(input="x = 1"))
    nb.worksheets.append(ws)
    return nbformat.writes(nb, version=3)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty (0 bytes)"),
        (b"  \n", "is empty (3 bytes)"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"cells": [', "is not valid JSON (corrupted or cut short?)"),
        (b"[1, 2]", "top level is a list"),
        (b'{"cells": []}', "it has no 'nbformat'"),
        (b'{"nbformat": 5, "cells": []}', "nbformat 5"),
        (b'{"nbformat": 4, "nbformat_minor": 5}', "no list 'cells'"),
        (b'{"nbformat": 4, "cells": [3]}', "cell 1 is not a notebook cell (a int"),
        (b'{"nbformat": 4, "cells": [{"cell_type": "image"}]}', "cell_type 'image'"),
        (b'{"nbformat": 3, "worksheets": 7}', "nbformat 3 notebook that could not be converted"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "truncated",
        "list",
        "no-nbformat",
        "nbformat-5",
        "no-cells",
        "cell-not-object",
        "bad-cell-type",
        "broken-v3",
    ],
)
def test_read_notebook_names_the_problem(tmp_path, content, message):
    path = tmp_path / "pooling.ipynb"
    path.write_bytes(content)
    with pytest.raises(SubmissionError, match="pooling.ipynb") as info:
        read_notebook(path)
    assert message in str(info.value)


def test_read_notebook_missing_file_and_folder(tmp_path):
    with pytest.raises(SubmissionError, match="no such file"):
        read_notebook(tmp_path / "nothing.ipynb")
    with pytest.raises(SubmissionError, match="cannot be read"):
        read_notebook(tmp_path)


def test_read_notebook_converts_nbformat_3(tmp_path):
    path = tmp_path / "old.ipynb"
    path.write_text(_v3_text())
    nb = read_notebook(path)
    assert nb.nbformat == 4 and nb.cells[0].source == "x = 1"


def test_read_notebook_joins_list_sources_and_keeps_colab_format(tmp_path):
    path = tmp_path / "colab.ipynb"
    path.write_text(colab_saved(solved()))
    nb = read_notebook(path)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 0)
    assert [c.source for c in nb.cells] == [c.source for c in solved().cells]


def test_read_then_repair_a_real_file_round_trip(tmp_path):
    path = tmp_path / "pooling.ipynb"
    nbformat.write(solved(), str(path))
    before = path.read_bytes()
    result = repair_notebook(release(), read_notebook(path))
    assert result.repairs == [] and path.read_bytes() == before
