"""The bad-submission catalogue: what students (and a few attackers) really hand in, graded.

Each :class:`BadSubmission` builds one student's ``submitted/<student>/numpy_cnn/`` folder from
the release of ``pooling.ipynb`` (the fastest notebook: 10 automatic points in five cells) with the
instructor's answers filled in, then breaks it one way. :attr:`BadSubmission.score` is the
automatic score the pipeline must give that notebook, :attr:`lost` the graded cells it must lose,
:attr:`says` a pattern the student's or instructor's report must contain (a repair, a flag, the
reason a notebook was not graded). tests/test_catalogue.py grades the whole catalogue through the
real pipeline (repair, sandbox, nbgrader, gradebook, feedback) and checks every row; the table in
``autograder/README.md`` is :func:`table` (``python -m autograder.catalogue``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import mutants, notebooks

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "numpy_cnn"
NOTEBOOK = "pooling"
POINTS = 10  # automatic points of pooling.ipynb
FORWARD, BACKWARD = "max_pool_forward_naive", "max_pool_backward_naive"
AVG_FORWARD, AVG_BACKWARD, RECEPTIVE = "avg_pool_forward", "avg_pool_backward", "receptive_field"
# The limits the catalogue is graded under (tests/test_catalogue.py): cell, notebook, memory.
CELL_TIMEOUT = 30
WALL_SECONDS = 100
MEMORY_BYTES = 4 * 2**30
WRONG_BACKWARD = "max_ties_double_counted"  # a real mutant of max_pool_backward_naive (3 points)

Files = dict[str, bytes]


@dataclass(frozen=True)
class BadSubmission:
    """One catalogue row: how the submission is broken and what grading must make of it."""

    id: str
    description: str
    build: Callable[[nbformat.NotebookNode], Files]
    score: float
    lost: tuple[str, ...] = ()
    says: str = ""
    """A regular expression the student's grading report must match (repairs, flags, reasons)."""
    flagged: bool = False
    """Whether the student must be flagged for the instructor."""
    outcome: str = ""
    """The outcome in words, for the table."""
    markers_absent: tuple[str, ...] = field(default=())
    """Text that must not appear in the graded notebook's outputs (proof an attack failed)."""


def _write(nb: nbformat.NotebookNode, name: str = f"{NOTEBOOK}.ipynb") -> Files:
    return {name: nbformat.writes(nb).encode()}


def _cell(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    return notebooks.cell_by_id(nb, grade_id)


def _index(nb: nbformat.NotebookNode, grade_id: str) -> int:
    return nb.cells.index(_cell(nb, grade_id))


def _mutated(nb: nbformat.NotebookNode, mutant_id: str = WRONG_BACKWARD) -> nbformat.NotebookNode:
    return mutants.apply(nb, mutants.by_id(mutant_id))


def _prepend(nb: nbformat.NotebookNode, grade_id: str, code: str) -> nbformat.NotebookNode:
    """Put ``code`` at the top of the answer cell of ``grade_id``."""
    cell = _cell(nb, f"{grade_id}_answer")
    cell.source = code + "\n" + cell.source
    return nb


def _strip_metadata(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)
    return nb


def _legacy(nb: nbformat.NotebookNode, minor: int) -> Files:
    """Saved by an older editor: nbformat 4.<minor>, no cell ids."""
    data = json.loads(nbformat.writes(nb))
    data["nbformat_minor"] = minor
    for cell in data["cells"]:
        cell.pop("id", None)
    return {f"{NOTEBOOK}.ipynb": json.dumps(data, indent=1).encode()}


def _colab(nb: nbformat.NotebookNode) -> Files:
    data = json.loads(_legacy(nb, 0)[f"{NOTEBOOK}.ipynb"])
    data["metadata"].update({"colab": {"provenance": []}, "accelerator": "GPU"})
    for cell in data["cells"]:
        cell["metadata"]["colab"] = {"base_uri": "https://localhost:8080/"}
        cell["metadata"].pop("nbgrader", None)
    return {f"{NOTEBOOK}.ipynb": json.dumps(data, indent=2).encode()}


def _duplicate_answer(nb: nbformat.NotebookNode, wrong_first: bool) -> nbformat.NotebookNode:
    """Two copies of the backward answer cell, one wrong; execution counts say which is newer."""
    wrong = _mutated(copy.deepcopy(nb))
    good_cell = _cell(nb, f"{BACKWARD}_answer")
    bad_cell = copy.deepcopy(_cell(wrong, f"{BACKWARD}_answer"))
    bad_cell.id = "duplicated-answer"  # a copy made in JupyterLab gets a new cell id
    good_cell.execution_count, bad_cell.execution_count = (7, 3) if wrong_first else (9, 12)
    at = nb.cells.index(good_cell)
    nb.cells.insert(at if wrong_first else at + 1, bad_cell)
    return nb


def _move(nb: nbformat.NotebookNode, grade_id: str, to: int) -> nbformat.NotebookNode:
    cell = nb.cells.pop(_index(nb, grade_id))
    nb.cells.insert(to if to >= 0 else len(nb.cells), cell)
    return nb


def _retype(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    cell = _cell(nb, grade_id)
    nb.cells[_index(nb, grade_id)] = nbformat.v4.new_markdown_cell(
        cell.source, metadata=cell.metadata, id=cell.get("id")
    )
    return nb


def _edit(nb: nbformat.NotebookNode, grade_id: str, source: str) -> nbformat.NotebookNode:
    _cell(nb, grade_id).source = source
    return nb


def _delete(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    del nb.cells[_index(nb, grade_id)]
    return nb


def _all_answers(nb: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    """Every code answer cell replaced by ``code`` (nothing implemented)."""
    for grade_id in (FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE):
        _cell(nb, f"{grade_id}_answer").source = code
    return nb


def _try(action: str, marker: str) -> str:
    """Code that prints ``marker``-OK if ``action`` worked, ``marker``-FAILED if it raised."""
    return (
        "try:\n"
        f"    {action}\n"
        f"    print('{marker}-' + 'OK')\n"
        "except Exception as exc:\n"
        f"    print('{marker}-FAILED', type(exc).__name__)\n"
    )


SOLUTION_FILES = [
    REPO_ROOT / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb",
    REPO_ROOT / "autograder" / "mutants" / f"{NOTEBOOK}.py",
]

CATALOGUE: list[BadSubmission] = [
    BadSubmission("perfect", "the instructor's answers", _write, POINTS, outcome="full marks"),
    BadSubmission(
        "blank",
        "the untouched release",
        lambda nb: _write(_all_answers(nb, "# YOUR CODE HERE\nraise NotImplementedError()")),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        outcome="0, every cell says it is not implemented",
    ),
    BadSubmission(
        "stripped_metadata_correct",
        "correct answers, nbgrader metadata lost on every cell (an editor or Colab)",
        lambda nb: _write(_strip_metadata(nb)),
        POINTS,
        says=r"metadata",
        outcome="full marks; the repair is reported",
    ),
    BadSubmission(
        "stripped_metadata_wrong",
        "metadata lost and one wrong answer",
        lambda nb: _write(_strip_metadata(_mutated(nb))),
        POINTS - 3,
        lost=(BACKWARD,),
        says=r"metadata",
        outcome="loses exactly the wrong cell",
    ),
    BadSubmission(
        "stripped_cell_ids",
        "saved as nbformat 4.4 without cell ids",
        lambda nb: _legacy(nb, 4),
        POINTS,
        outcome="full marks",
    ),
    BadSubmission(
        "colab_saved",
        "saved by Colab: nbformat 4.0, colab metadata, nbgrader metadata dropped",
        _colab,
        POINTS,
        says=r"metadata",
        outcome="full marks; the repair is reported",
    ),
    BadSubmission(
        "duplicated_answer_newer_correct",
        "answer cell duplicated; the newer run (higher execution count) is correct",
        lambda nb: _write(_duplicate_answer(nb, wrong_first=True)),
        POINTS,
        says=r"appeared 2 times: kept the student's latest answer",
        outcome="the newer answer is graded: full marks",
    ),
    BadSubmission(
        "duplicated_answer_newer_wrong",
        "answer cell duplicated; the newer run is wrong",
        lambda nb: _write(_duplicate_answer(nb, wrong_first=False)),
        POINTS - 3,
        lost=(BACKWARD,),
        says=r"appeared 2 times: kept the student's latest answer",
        outcome="the newer answer is graded: loses that cell",
    ),
    BadSubmission(
        "duplicated_test_cell",
        "a check cell duplicated (aborts a whole nbgrader batch unrepaired)",
        lambda nb: _write(_dup_test(nb)),
        POINTS,
        says=r"appeared 2 times",
        outcome="full marks; the copy is dropped",
    ),
    BadSubmission(
        "deleted_answer",
        "the avg_pool_forward answer cell deleted",
        lambda nb: _write(_delete(nb, f"{AVG_FORWARD}_answer")),
        POINTS - 1,
        lost=(AVG_FORWARD,),
        says=r"restored|missing|deleted",
        outcome="loses that cell only",
    ),
    BadSubmission(
        "deleted_test_cell",
        "a check cell deleted",
        lambda nb: _write(_delete(nb, FORWARD)),
        POINTS,
        says=r"restored|missing|deleted",
        outcome="the check is restored and run: full marks",
    ),
    BadSubmission(
        "moved_test_cell",
        "a check cell moved above its answer (NameError unrepaired)",
        lambda nb: _write(_move(nb, RECEPTIVE, _index(nb, f"{RECEPTIVE}_answer"))),
        POINTS,
        says=r"order|moved",
        outcome="put back in order: full marks",
    ),
    BadSubmission(
        "moved_answer_to_end",
        "an answer cell moved to the end of the notebook",
        lambda nb: _write(_move(nb, f"{AVG_BACKWARD}_answer", -1)),
        POINTS,
        says=r"order|moved",
        outcome="put back in order: full marks",
    ),
    BadSubmission(
        "retyped_answer",
        "an answer cell turned into a Markdown cell",
        lambda nb: _write(_retype(nb, f"{AVG_FORWARD}_answer")),
        POINTS,
        says=r"changed from code to markdown",
        outcome="turned back into code: full marks",
    ),
    BadSubmission(
        "edited_test_cell",
        "a check cell replaced by `pass`, with a wrong answer above it",
        lambda nb: _write(_edit(_mutated(nb), BACKWARD, "pass")),
        POINTS - 3,
        lost=(BACKWARD,),
        outcome="the check is restored: loses the wrong cell",
    ),
    BadSubmission(
        "edited_locked_markdown",
        "the instructions (a locked Markdown cell) edited",
        lambda nb: _write(_edit(nb, "intro", "my notes")),
        POINTS,
        outcome="restored: full marks",
    ),
    BadSubmission(
        "syntax_error",
        "a syntax error in one answer",
        lambda nb: _write(_prepend(nb, AVG_FORWARD, "def oops(:")),
        POINTS - 1,
        lost=(AVG_FORWARD,),
        outcome="loses that cell only",
    ),
    BadSubmission(
        "exception_at_import",
        "an answer cell imports a package that does not exist",
        lambda nb: _write(_prepend(nb, FORWARD, "import package_that_does_not_exist")),
        POINTS - 2,
        lost=(FORWARD,),
        outcome="loses that cell only",
    ),
    BadSubmission(
        "infinite_loop_in_cell",
        "`while True: pass` at the top of an answer cell",
        lambda nb: _write(_prepend(nb, AVG_FORWARD, "while True:\n    pass")),
        POINTS - 1,
        lost=(AVG_FORWARD,),
        outcome="the cell times out and is interrupted; loses that cell only",
    ),
    BadSubmission(
        "infinite_loop_in_function",
        "the graded function never returns",
        lambda nb: _write(_edit(nb, f"{AVG_BACKWARD}_answer", _loop_forever(AVG_BACKWARD))),
        POINTS - 2,
        lost=(AVG_BACKWARD,),
        says=r"graded again with only its graded cells",
        outcome="its check and the demos calling it time out past the wall clock; graded again "
        "with only the graded cells: loses that cell only",
    ),
    BadSubmission(
        "hang_past_wall_clock",
        "every answer cell sleeps just under the per-cell limit, past the notebook's wall clock",
        lambda nb: _write(_all_answers_sleep(nb)),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        says=r"wall-clock|time limit|timed out",
        flagged=True,
        outcome="stopped at the notebook's wall-clock limit: 0, flagged with the reason",
    ),
    BadSubmission(
        "fork_bomb",
        "an answer cell forks forever",
        lambda nb: _write(_prepend(nb, AVG_FORWARD, "import os\nwhile True:\n    os.fork()")),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        says=r"os\.fork",
        flagged=True,
        outcome="held for review (0 until the instructor looks); the process limit contains it",
    ),
    BadSubmission(
        "allocate_4gb",
        "an answer cell allocates 4 GB",
        lambda nb: _write(
            _prepend(nb, AVG_FORWARD, "import numpy as np\nbig = np.ones(4 * 2**30 // 8 + 1)")
        ),
        POINTS - 1,
        lost=(AVG_FORWARD,),
        outcome="MemoryError under the memory cap; loses that cell only",
    ),
    BadSubmission(
        "print_10mb",
        "an answer cell prints 10 MB",
        lambda nb: _write(
            _prepend(nb, AVG_FORWARD, "for _ in range(100_000):\n    print('x' * 99)")
        ),
        POINTS,
        outcome="full marks; the output is truncated",
    ),
    BadSubmission(
        "huge_image_outputs",
        "an answer cell shows twenty 1000x1000 noise images (60 MB of PNG)",
        lambda nb: _write(_prepend(nb, AVG_FORWARD, _HUGE_IMAGES)),
        POINTS,
        outcome="full marks; the feedback keeps a note in place of each image over 1 MB",
    ),
    BadSubmission(
        "corrupt_json",
        "the file is not valid JSON (a half-written save)",
        lambda nb: {f"{NOTEBOOK}.ipynb": b'{"cells": [ this is not json'},
        0,
        says=r"JSON|not a notebook|could not be read",
        flagged=True,
        outcome="0 for that notebook, flagged with the reason; the file is kept",
    ),
    BadSubmission(
        "empty_file",
        "an empty file (0 bytes)",
        lambda nb: {f"{NOTEBOOK}.ipynb": b""},
        0,
        says=r"empty",
        flagged=True,
        outcome="0 for that notebook, flagged with the reason; the file is kept",
    ),
    BadSubmission(
        "missing_notebook",
        "the notebook was not handed in (only a text file)",
        lambda nb: {"notes.txt": b"I ran out of time"},
        0,
        says=r"missing|not submitted|no notebook",
        outcome="0 for that notebook, reported as missing",
    ),
    BadSubmission(
        "extra_notebooks",
        "extra notebooks beside the real one",
        lambda nb: {**_write(nb), **_write(nb, "scratch.ipynb"), "data.npy": b"\x93NUMPY"},
        POINTS,
        says=r"scratch\.ipynb",
        outcome="full marks; the extra files are reported and kept, not graded",
    ),
    BadSubmission(
        "forged_passed_message",
        'no code, only `print("All tests passed")` and the hidden check\'s success line',
        lambda nb: _write(
            _all_answers(nb, 'print("All tests passed")\nprint("hidden tests passed.")')
        ),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        outcome="0: a check passes only when it runs without error",
    ),
    BadSubmission(
        "redefine_assertion_error",
        "`builtins.AssertionError = Exception` with wrong answers",
        lambda nb: _write(
            _prepend(_mutated(nb), FORWARD, "import builtins\nbuiltins.AssertionError = Exception")
        ),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        says=r"builtins",
        flagged=True,
        outcome="held for review (0); the in-kernel check also refuses to grade",
    ),
    BadSubmission(
        "monkeypatch_checks",
        "patches cnnlab.checks so every comparison passes, with a wrong answer",
        lambda nb: _write(
            _prepend(
                _mutated(nb),
                FORWARD,
                "import cnnlab.checks\ncnnlab.checks.run_case = lambda *a, **k: None\n"
                "cnnlab.checks.report.assert_close = lambda *a, **k: None",
            )
        ),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        says=r"cnnlab\.checks",
        flagged=True,
        outcome="held for review (0); the in-kernel check also refuses to grade",
    ),
    BadSubmission(
        "replace_hidden_check",
        "replaces autograder.check in sys.modules, with a wrong answer",
        lambda nb: _write(
            _prepend(
                _mutated(nb),
                FORWARD,
                "import sys, types\nfake = types.ModuleType('autograder')\n"
                "fake.check = lambda *a, **k: None\nsys.modules['autograder'] = fake",
            )
        ),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        says=r"sys\.modules",
        flagged=True,
        outcome="held for review (0)",
    ),
    BadSubmission(
        "silence_errors",
        "silences IPython's error display so failing checks look clean",
        lambda nb: _write(
            _prepend(
                _mutated(nb),
                FORWARD,
                "get_ipython().showtraceback = lambda *a, **k: None",
            )
        ),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        says=r"get_ipython|showtraceback",
        flagged=True,
        outcome="held for review (0)",
    ),
    BadSubmission(
        "read_instructor_files",
        "reads the solutions and autograder/ of the grading machine",
        lambda nb: _write(
            _prepend(
                nb,
                AVG_FORWARD,
                "".join(_try(f"open({str(p)!r}).read()", "READ") for p in SOLUTION_FILES),
            )
        ),
        POINTS,
        says=r"removed autograder",
        flagged=True,
        markers_absent=("READ-OK",),
        outcome="the files are not there for it (sandbox): full marks for the answers; flagged "
        "because its feedback had to be cleaned of the word autograder",
    ),
    BadSubmission(
        "read_other_student",
        "walks the grading folders for other students' notebooks",
        lambda nb: _write(_prepend(nb, AVG_FORWARD, _READ_OTHERS)),
        POINTS,
        markers_absent=("OTHER-OK",),  # OTHER-FAILED: nothing found
        outcome="no other submission is visible (sandbox); full marks",
    ),
    BadSubmission(
        "network_access",
        "downloads from the internet and from the host's loopback",
        lambda nb: _write(
            _prepend(
                nb,
                AVG_FORWARD,
                "import urllib.request\n"
                + _try("urllib.request.urlopen('http://1.1.1.1', timeout=3)", "NET"),
            )
        ),
        POINTS,
        markers_absent=("NET-OK",),
        outcome="no network in the sandbox; full marks",
    ),
    BadSubmission(
        "write_outside_folder",
        "writes into the repository, /root and the grading gradebook",
        lambda nb: _write(_prepend(nb, AVG_FORWARD, _WRITE_OUTSIDE)),
        POINTS,
        markers_absent=("WRITE-OK",),
        outcome="read-only outside its folder (sandbox); nothing written; full marks",
    ),
    BadSubmission(
        "overwrite_gradebook",
        "the kernel tries to overwrite the grading gradebook and its own submission",
        lambda nb: _write(
            _prepend(
                nb,
                AVG_FORWARD,
                _try("open('../../../gradebook.db', 'wb').write(b'0')", "WRITE")
                + _try(
                    "open('../../../submitted/overwrite_gradebook/numpy_cnn/pooling.ipynb', 'w')",
                    "WRITE",
                ),
            )
        ),
        POINTS,
        markers_absent=("WRITE-OK",),
        outcome="the kernel sees the grading folder read-only; full marks",
    ),
    BadSubmission(
        "symlink_to_solutions",
        "leaves symlinks to the solutions in its output folder, hoping they are copied back",
        lambda nb: _write(_prepend(nb, AVG_FORWARD, _SYMLINKS)),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        says=r"nbgrader autograde failed",
        flagged=True,
        outcome="nbgrader cannot finish beside the dangling links: 0, flagged with the reason; "
        "links are never followed when results are copied back",
    ),
    BadSubmission(
        "plant_fake_autograder",
        "writes an autograder.py (check always passes) beside the notebook; one wrong answer",
        lambda nb: _write(_prepend(_mutated(nb), FORWARD, _FAKE_AUTOGRADER)),
        POINTS - 3,
        lost=(BACKWARD,),
        says=r"removed autograder",
        flagged=True,
        outcome="the kernel never imports from its own folder (python -P): loses the wrong cell; "
        "flagged (feedback cleaned of the word autograder)",
    ),
    BadSubmission(
        "kernel_crash",
        "an answer cell kills its own kernel (`os._exit(1)`)",
        lambda nb: _write(_prepend(nb, RECEPTIVE, "import os\nos._exit(1)")),
        0,
        lost=(FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE),
        says=r"kernel died",
        flagged=True,
        outcome="nbgrader stops that notebook: 0, flagged: the kernel died while running it",
    ),
]


def _dup_test(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cell = _cell(nb, FORWARD)
    duplicate = copy.deepcopy(cell)
    duplicate.id = "duplicated-check"
    nb.cells.insert(nb.cells.index(cell) + 1, duplicate)
    return nb


def _loop_forever(grade_id: str) -> str:
    """The answer with the graded function replaced by one that never returns."""
    return f"def {grade_id}(*args, **kwargs):\n    while True:\n        pass\n"


def _all_answers_sleep(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for grade_id in (FORWARD, BACKWARD, AVG_FORWARD, AVG_BACKWARD, RECEPTIVE):
        _prepend(nb, grade_id, f"import time\ntime.sleep({CELL_TIMEOUT - 5})")
    return nb


_HUGE_IMAGES = (  # about 3 MB of PNG each, shown as image outputs whatever the plot backend
    "import io\nimport numpy as np\nimport matplotlib.pyplot as plt\n"
    "from IPython.display import Image, display\n"
    "for seed in range(20):\n"
    "    png = io.BytesIO()\n"
    "    plt.imsave(png, np.random.default_rng(seed).random((1000, 1000, 3)), format='png')\n"
    "    display(Image(data=png.getvalue()))\n"
)
_READ_OTHERS = (  # the kernel runs in <scratch root>/autograded/<student>/numpy_cnn/
    "import glob\n"
    "patterns = ['../../../../*/submitted/*/*/*.ipynb',\n"
    "            '../../../../../../submitted/*/*/*.ipynb',\n"
    "            '../../../../../../autograded/*/*/*.ipynb', '/tmp/*/submitted/*/*/*.ipynb']\n"
    "found = [p for pattern in patterns for p in glob.glob(pattern)\n"
    "         if 'read_other_student' not in p]\n"
    "print('OTHER-' + ('OK' if found else 'FAILED'), found[:3])\n"
)
_SYMLINKS = "import os\n" + "".join(
    _try(f"os.symlink({str(p)!r}, {name!r})", "LINK")
    for p, name in zip(SOLUTION_FILES, ("leak.ipynb", "leak.py"), strict=True)
)
_FAKE_AUTOGRADER = (
    "with open('autograder.py', 'w') as f:\n"
    "    f.write('def check(*args, **kwargs):\\n    print(\"hidden tests passed.\")\\n')\n"
    "with open('numpy.py', 'w') as f:\n"
    "    f.write('raise SystemExit\\n')\n"
)
_WRITE_OUTSIDE = "".join(
    _try(f"open({path!r}, 'w').write('pwned')", "WRITE")
    for path in (
        str(REPO_ROOT / "PWNED_BY_STUDENT"),
        "/root/PWNED_BY_STUDENT",
        "../../../gradebook.db",
    )
)


def by_id(case_id: str) -> BadSubmission:
    """The catalogue row with this id; KeyError naming the known ids otherwise."""
    for case in CATALOGUE:
        if case.id == case_id:
            return case
    raise KeyError(f"no catalogue case {case_id!r}; known: {', '.join(c.id for c in CATALOGUE)}")


def submission_files(case: BadSubmission, release: Path, solution: Path) -> Files:
    """The files of one catalogue submission, built from the release and solution notebooks."""
    from autograder.pipeline import fill_answers

    nb = notebooks.read(release)
    fill_answers(nb, notebooks.read(solution))
    return case.build(nb)


def table() -> str:
    """The catalogue as a Markdown table (case, what was handed in, expected outcome)."""
    rows = ["| case | submission | score (of 10) | outcome |", "|---|---|---|---|"]
    for case in CATALOGUE:
        rows.append(f"| `{case.id}` | {case.description} | {case.score:g} | {case.outcome} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table())
