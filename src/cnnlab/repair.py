"""Read a submitted notebook safely and repair it against the release before it is graded.

nbgrader finds the graded cells of a notebook by their ``metadata.nbgrader`` and trusts their
order. Students' editors break both without anyone noticing: Google Colab saves nbformat 4.0
without cell ids, some editors drop cell metadata, a copied cell duplicates a grade id (nbgrader
then aborts the whole batch), a test cell dragged above its answer fails with a NameError. Each
of these silently costs a correct student their points.

:func:`repair_notebook` puts the release's structure back before grading, and
``python -m cnnlab.check`` uses the same repair so that students see what the grader will see.

Matching. Every *graded cell* of the release (a cell with ``metadata.nbgrader``: answers, tests,
read-only text and setup) is looked up in the submission, in this order:

1. by cell id, then by nbgrader ``grade_id``. Several cells for one graded cell are duplicates:
   the one with the student's latest answer is kept (see :func:`_latest_first`), the others are
   removed;
2. by content, for cells still missing: the same source (whitespace aside) when that source is
   unique in the release; for code answer cells the functions and classes the stub defines (an
   answer keeps the ``def`` line of its stub, while two stubs of one notebook can be 87 % alike
   line by line, e.g. ``max_pool_forward_naive`` and ``avg_pool_forward``); for the other cells
   a line similarity of at least :data:`SIMILARITY_THRESHOLD`;
3. by position, for cells still missing between two matched neighbours: the unmatched cell of
   the same type between them (written answers, whose text shares nothing with the stub
   ``YOUR ANSWER HERE``; heavily edited test cells need :data:`GAP_THRESHOLD`).

Repairs. Matched cells get the release's ``metadata.nbgrader`` (exactly), cell type and cell id;
answer cells keep the student's source, every other graded cell gets the release's source back
(nbgrader would overwrite it anyway); graded cells are put back in release order; missing graded
cells are restored from the release (an answer as the blank stub, so it earns nothing). Ungraded
cells (the student's scratch work, demos) are kept right after the graded cell they followed.
Outputs are kept as they are. Every repair is recorded as one sentence naming the cell.

A submission in which no answer cell of the release can be found by id, grade id or content
(an empty notebook, another notebook) is not guessed at: :attr:`RepairResult.problem` says why,
so that the grader flags it for the instructor instead of giving a silent 0.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4.rwbase import rejoin_lines

__all__ = [
    "GAP_THRESHOLD",
    "SIMILARITY_THRESHOLD",
    "RepairResult",
    "SubmissionError",
    "read_notebook",
    "repair_notebook",
]

SIMILARITY_THRESHOLD = 0.6
"""Least line similarity (``difflib`` ratio on lines) for a content match of a non-answer cell.

Measured on the five ``numpy_cnn`` release notebooks: two *different* test, setup or read-only
cells of one notebook share at most 0.48 of their lines (their answer stubs up to 0.87, which is
why answers are matched by the names they define instead). 0.6 keeps a margin above that and
still matches a cell with a third of its lines edited.
"""

GAP_THRESHOLD = 0.3
"""Least line similarity for a test or read-only cell matched by position (step 3).

A position match already has both neighbours right; this bar only keeps a student's unrelated
scratch cell from being taken for a deleted test cell. A check cell with three lines of
"hidden tests" added to its two lines scores 0.57.
"""

_CELL_TYPES = ("code", "markdown", "raw")
_DEFINED = re.compile(r"^(?:async[ \t]+)?(?:def|class)[ \t]+(\w+)", re.MULTILINE)
_VALID_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_MAX_LINES = 2000


class SubmissionError(ValueError):
    """A submitted file is not a notebook that can be graded; the message says why, in words."""


@dataclass
class RepairResult:
    """What :func:`repair_notebook` made of a submission.

    Attributes:
        notebook: the repaired notebook: nbformat 4.5 with cell ids; every graded cell of the
            release present once, in release order, with the release's ``metadata.nbgrader``,
            cell type and cell id.
        repairs: one plain sentence per repair, naming the cell by its grade id, e.g.
            ``"cell 'zero_pad_answer' had lost its nbgrader metadata: restored"``. Empty when the
            submission needed no repair.
        problem: ``None``, or why the submission cannot be matched to the release at all (then
            ``notebook`` is only a best effort and must not be graded silently).
    """

    notebook: nbformat.NotebookNode
    repairs: list[str] = field(default_factory=list)
    problem: str | None = None


# ---------------------------------------------------------------------------------- reading


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Read a submitted ``.ipynb`` file, whatever state it is in.

    nbformat 3 notebooks are converted to nbformat 4; nbformat 4.0-4.4 notebooks (no cell ids,
    as Colab saves them) are returned as they are: :func:`repair_notebook` upgrades them.
    Sources given as lists of lines are joined.

    Args:
        path: the notebook file.

    Returns:
        The notebook (nbformat 4, any minor version).

    Raises:
        SubmissionError: the file is missing or empty, is not UTF-8 text, is not valid JSON, is
            JSON but not a Jupyter notebook, or has an unsupported nbformat; the message names
            the file and the problem.
    """
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SubmissionError(f"{name}: no such file ({path})") from None
    except OSError as exc:
        raise SubmissionError(f"{name} cannot be read: {exc.strerror or exc}") from None
    if not data.strip():
        raise SubmissionError(f"{name} is empty ({len(data)} bytes): it is not a notebook")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            f"{name} is not a text file (not UTF-8 at byte {exc.start}): it is not a notebook"
        ) from None
    return parse_notebook(text, name)


def parse_notebook(text: str, name: str = "the notebook") -> nbformat.NotebookNode:
    """Parse the text of an ``.ipynb`` file; see :func:`read_notebook` (``name``: for messages)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(
            f"{name} is not valid JSON (corrupted or cut short?): {exc.msg} at line "
            f"{exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(data, dict):
        raise SubmissionError(
            f"{name} is JSON but not a Jupyter notebook: its top level is a "
            f"{type(data).__name__}, not an object with 'cells'"
        )
    version = data.get("nbformat")
    if version is None:
        raise SubmissionError(f"{name} is JSON but not a Jupyter notebook: it has no 'nbformat'")
    if version == 3:
        try:
            return nbformat.reads(text, as_version=4, capture_validation_error={})
        except Exception as exc:  # noqa: BLE001 (any failure of the converter is reported)
            raise SubmissionError(
                f"{name} is an nbformat 3 notebook that could not be converted to nbformat 4: {exc}"
            ) from None
    if version != 4:
        raise SubmissionError(
            f"{name} has nbformat {version!r}: only nbformat 4 (and 3, converted) is supported"
        )
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise SubmissionError(f"{name} is JSON but not a Jupyter notebook: it has no list 'cells'")
    for k, cell in enumerate(cells):
        problem = _cell_problem(cell)
        if problem:
            raise SubmissionError(f"{name}: cell {k + 1} is not a notebook cell ({problem})")
        _fill_cell(cell)
    if not isinstance(data.get("metadata"), dict):
        data["metadata"] = {}
    if not isinstance(data.get("nbformat_minor"), int):
        data["nbformat_minor"] = 0
    return _rejoined(nbformat.from_dict(data))


def _rejoined(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` with outputs saved as lists of lines joined (malformed outputs are left alone)."""
    try:
        return rejoin_lines(nb)
    except (AttributeError, TypeError):
        return nb


def _cell_problem(cell: Any) -> str:
    """Why ``cell`` (raw JSON) cannot be a notebook cell ('' if it can)."""
    if not isinstance(cell, dict):
        return f"a {type(cell).__name__}, not an object"
    if cell.get("cell_type") not in _CELL_TYPES:
        return f"cell_type {cell.get('cell_type')!r}, not one of {', '.join(_CELL_TYPES)}"
    source = cell.get("source", "")
    if not isinstance(source, str) and not (
        isinstance(source, list) and all(isinstance(line, str) for line in source)
    ):
        return "its source is neither a string nor a list of strings"
    return ""


def _fill_cell(cell: dict[str, Any]) -> None:
    """Join a list source and add the keys nbformat 4 requires, in place."""
    source = cell.get("source", "")
    cell["source"] = "".join(source) if isinstance(source, list) else source
    if not isinstance(cell.get("metadata"), dict):
        cell["metadata"] = {}
    if cell["cell_type"] == "code":
        if not isinstance(cell.get("outputs"), list):
            cell["outputs"] = []
        if not isinstance(cell.get("execution_count"), int):
            cell["execution_count"] = None


# ---------------------------------------------------------------------------------- repairing


@dataclass
class _Graded:
    """A graded cell of the release."""

    index: int  # position among the release's graded cells
    cell: nbformat.NotebookNode
    meta: dict[str, Any]

    @property
    def grade_id(self) -> str:
        return str(self.meta.get("grade_id", ""))

    @property
    def is_answer(self) -> bool:
        return bool(self.meta.get("solution"))

    @property
    def kind(self) -> str:
        if self.is_answer:
            return "an answer cell" if self.cell.cell_type == "code" else "a written answer"
        return "a test cell" if self.meta.get("grade") else "a read-only cell"


def repair_notebook(reference: Mapping[str, Any], submission: Mapping[str, Any]) -> RepairResult:
    """Match a submission to the release notebook and repair what the student's editor broke.

    See the module docstring for the matching rules. Neither argument is modified.

    Args:
        reference: the release notebook (the student version generated by nbgrader), nbformat 4.
        submission: the student's notebook, as :func:`read_notebook` returns it (nbformat 4,
            any minor version; plain JSON dicts are accepted too).

    Returns:
        A :class:`RepairResult`. Never raises for a bad submission: what cannot be repaired is
        reported in ``problem``.
    """
    try:
        return _Repair(_as_notebook(reference), _as_notebook(submission)).run()
    except Exception as exc:  # noqa: BLE001 (a submission must never crash the grader)
        try:
            notebook = _as_notebook(submission)
        except Exception:  # noqa: BLE001
            notebook = nbformat.v4.new_notebook()
        return RepairResult(
            notebook, [], f"the notebook could not be repaired ({type(exc).__name__}: {exc})"
        )


def _as_notebook(nb: Mapping[str, Any]) -> nbformat.NotebookNode:
    """A deep copy of ``nb`` as a NotebookNode with string sources and the required keys."""
    data = copy.deepcopy(dict(nb))
    cells = data.get("cells")
    if not isinstance(cells, list):
        raise ValueError("it has no list of cells")
    for cell in cells:
        problem = _cell_problem(cell)
        if problem:
            raise ValueError(problem)
        _fill_cell(cell)
    if not isinstance(data.get("metadata"), dict):
        data["metadata"] = {}
    return _rejoined(nbformat.from_dict(data))


def _nbgrader(cell: Mapping[str, Any]) -> Any:
    """The cell's ``metadata.nbgrader`` (``None`` if absent)."""
    return cell.get("metadata", {}).get("nbgrader")


def _grade_id(cell: Mapping[str, Any]) -> str | None:
    """The cell's nbgrader grade id (``None`` if it has none)."""
    meta = _nbgrader(cell)
    if isinstance(meta, Mapping) and isinstance(meta.get("grade_id"), str):
        return meta["grade_id"]
    return None


def _normalised(source: str) -> str:
    """``source`` without trailing spaces on its lines and without blank lines around it."""
    return "\n".join(line.rstrip() for line in source.strip("\n").splitlines()).strip()


def _line_ratio(a: str, b: str, floor: float = 0.0) -> float:
    """Similarity of two sources in [0, 1]: ``difflib`` ratio of their non-blank lines.

    Returns 0.0 without the full comparison when the ratio cannot reach ``floor``; only the first
    :data:`_MAX_LINES` lines count (a pasted megabyte must not stall the grader).
    """
    a_lines = [line.rstrip() for line in a.splitlines() if line.strip()][:_MAX_LINES]
    b_lines = [line.rstrip() for line in b.splitlines() if line.strip()][:_MAX_LINES]
    if not a_lines and not b_lines:
        return 1.0
    matcher = difflib.SequenceMatcher(None, a_lines, b_lines, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def _defined_names(source: str) -> set[str]:
    """Names of the top-level functions and classes a source defines (no parsing needed)."""
    return set(_DEFINED.findall(source))


def _execution_count(cell: Mapping[str, Any]) -> int:
    """The cell's execution count (-1 if it never ran or is not a code cell)."""
    count = cell.get("execution_count")
    return count if isinstance(count, int) else -1


class _Repair:
    """One repair of ``submission`` against ``reference`` (both already copies)."""

    def __init__(self, reference: nbformat.NotebookNode, submission: nbformat.NotebookNode):
        self.reference = reference
        self.submission = submission
        self.cells: list[nbformat.NotebookNode] = list(submission.cells)
        self.graded = [
            _Graded(k, cell, dict(meta))
            for k, (cell, meta) in enumerate(
                (c, _nbgrader(c)) for c in reference.cells if isinstance(_nbgrader(c), Mapping)
            )
        ]
        self.match: dict[int, int] = {}  # graded index -> submission index
        self.how: dict[int, str] = {}  # graded index -> "id", "grade_id", "content", "position"
        self.dropped: set[int] = set()  # submission indices removed as duplicates
        self.repairs: list[str] = []
        self._lost: list[tuple[str, str, int]] = []  # (grade id, how found, sentence index)

    # ------------------------------------------------------------------ matching

    def run(self) -> RepairResult:
        """Match, then build the repaired notebook."""
        self._match_by_id()
        self._match_by_content()
        found = [g for g in self.graded if g.is_answer and g.index in self.match]
        self._match_by_position()
        notebook = self._build()
        return RepairResult(notebook, self.repairs, self._problem(found))

    def _taken(self) -> set[int]:
        return set(self.match.values()) | self.dropped

    def _match_by_id(self) -> None:
        """Step 1: cell id, then grade id; duplicates are resolved by :meth:`_latest_first`."""
        by_id = {g.cell.get("id"): g for g in self.graded if g.cell.get("id")}
        by_grade_id = {g.grade_id: g for g in self.graded}
        candidates: dict[int, list[int]] = {}
        for j, cell in enumerate(self.cells):
            graded = by_id.get(cell.get("id")) or by_grade_id.get(_grade_id(cell))
            if graded is not None:
                candidates.setdefault(graded.index, []).append(j)
        for k, found in sorted(candidates.items()):
            graded = self.graded[k]
            ranked = self._latest_first(graded, found)
            self.match[k] = ranked[0]
            same_id = self.cells[ranked[0]].get("id") == graded.cell.get("id")
            self.how[k] = "id" if same_id else "grade_id"
            if len(ranked) > 1:
                self.dropped.update(ranked[1:])
                self.repairs.append(self._duplicate_sentence(graded, ranked))

    def _duplicate_sentence(self, graded: _Graded, ranked: list[int]) -> str:
        """The repair note for a graded cell found more than once (``ranked[0]`` kept)."""
        kept = ranked[0]
        if graded.is_answer:
            count = _execution_count(self.cells[kept])
            run = f", execution count {count}" if count >= 0 else ""
            why = f"kept the student's latest answer (cell {kept + 1} of the notebook{run})"
        else:
            why = f"kept cell {kept + 1} of the notebook"
        return (
            f"cell '{graded.grade_id}' ({graded.kind}) appeared {len(ranked)} times: {why} and "
            f"removed the other {len(ranked) - 1}"
        )

    def _latest_first(self, graded: _Graded, found: list[int]) -> list[int]:
        """The submission cells ``found`` for ``graded``, the one to keep first.

        Answer cells: a cell that differs from the release stub beats the stub (a stub is never
        the student's latest answer), then the highest execution count (the one run last), then
        the later cell in the notebook. Other cells: the one equal to the release first, then the
        one with the release's cell id, then the earlier one.
        """
        stub = _normalised(graded.cell.source)

        def answer_key(j: int) -> tuple:
            cell = self.cells[j]
            return (_normalised(cell.source) != stub, _execution_count(cell), j)

        def other_key(j: int) -> tuple:
            cell = self.cells[j]
            same_id = cell.get("id") == graded.cell.get("id")
            return (_normalised(cell.source) == stub, same_id, -j)

        return sorted(found, key=answer_key if graded.is_answer else other_key, reverse=True)

    def _content_score(self, graded: _Graded, cell: nbformat.NotebookNode, unique: bool) -> float:
        """How surely ``cell`` is ``graded`` by its content alone (0: not at all)."""
        if unique and _normalised(cell.source) == _normalised(graded.cell.source):
            return 1.0
        if graded.is_answer:
            if graded.cell.cell_type != "code":
                return 0.0  # a written answer shares nothing with its stub: step 3
            names = _defined_names(graded.cell.source)
            if not names:
                return 0.0
            share = len(names & _defined_names(cell.source)) / len(names)
            return share if share >= SIMILARITY_THRESHOLD else 0.0
        ratio = _line_ratio(graded.cell.source, cell.source, SIMILARITY_THRESHOLD)
        return ratio if ratio >= SIMILARITY_THRESHOLD else 0.0

    def _match_by_content(self) -> None:
        """Step 2: the surest content matches first, each cell used once.

        Equal scores go, for an answer, to the student's latest answer (as for duplicates), for
        other cells to the earlier cell of the notebook.
        """
        counts: dict[str, int] = {}
        for g in self.graded:
            key = _normalised(g.cell.source)
            counts[key] = counts.get(key, 0) + 1
        taken = self._taken()
        pairs = []
        for g in self.graded:
            if g.index in self.match:
                continue
            unique = counts[_normalised(g.cell.source)] == 1
            stub = _normalised(g.cell.source)
            for j, cell in enumerate(self.cells):
                if j in taken:
                    continue
                score = self._content_score(g, cell, unique)
                if score == 0:
                    continue
                if g.is_answer:
                    prefer = (_normalised(cell.source) != stub, _execution_count(cell), j)
                else:
                    prefer = (False, 0, -j)
                pairs.append((score, prefer, -g.index, j))
        for _, _, minus_k, j in sorted(pairs, reverse=True):
            k = -minus_k
            if k in self.match or j in self.match.values():
                continue
            self.match[k] = j
            self.how[k] = "content"

    def _match_by_position(self) -> None:
        """Step 3: missing cells between matched neighbours take the unmatched cells there."""
        n = len(self.graded)
        k = 0
        while k < n:
            if k in self.match:
                k += 1
                continue
            end = k
            while end + 1 < n and end + 1 not in self.match:
                end += 1
            self._fill_gap(list(range(k, end + 1)))
            k = end + 1

    def _fill_gap(self, run: list[int]) -> None:
        """Match the run of missing graded cells ``run`` to unmatched cells between its anchors."""
        before, after = run[0] - 1, run[-1] + 1
        lo = self.match.get(before) if before >= 0 else None
        hi = self.match.get(after) if after < len(self.graded) else None
        if lo is None and hi is None:
            return  # nothing to stand on
        if (lo is None or hi is None) and len(run) > 1:
            return  # at the notebook's edge only a single missing cell is taken by position
        lo = -1 if lo is None else lo
        hi = len(self.cells) if hi is None else hi
        taken = self._taken()
        free = [j for j in range(lo + 1, hi) if j not in taken and _nbgrader(self.cells[j]) is None]
        start = 0
        for k in run:
            graded = self.graded[k]
            best, best_score = None, -1.0
            for t in range(start, len(free)):
                cell = self.cells[free[t]]
                if cell.cell_type != graded.cell.cell_type:
                    continue
                floor = 0.0 if graded.is_answer else GAP_THRESHOLD
                score = _line_ratio(graded.cell.source, cell.source, floor)
                if not graded.is_answer and score < GAP_THRESHOLD:
                    continue
                if score > best_score:
                    best, best_score = t, score
            if best is not None:
                self.match[k] = free[best]
                self.how[k] = "position"
                start = best + 1

    # ------------------------------------------------------------------ building

    def _problem(self, found: list[_Graded]) -> str | None:
        """Why the submission cannot be graded (None if it can)."""
        answers = [g for g in self.graded if g.is_answer]
        if not answers or found:
            return None
        if not self.cells:
            return "the notebook has no cells"
        names = ", ".join(g.grade_id for g in answers[:4]) + (", ..." if len(answers) > 4 else "")
        problem = (
            f"none of the release's {len(answers)} answer cells ({names}) was found in the "
            "notebook by cell id, grade id or content"
        )
        known = {g.grade_id for g in self.graded}
        foreign = [gid for c in self.cells if (gid := _grade_id(c)) and gid not in known]
        if foreign:
            shown = ", ".join(foreign[:4]) + (", ..." if len(foreign) > 4 else "")
            problem += f"; its graded cells belong to another notebook ({shown})"
        return problem + ": is it the right notebook?"

    def _build(self) -> nbformat.NotebookNode:
        """The repaired notebook, and the sentences for everything that changed."""
        sub_to_k = {j: k for k, j in self.match.items()}
        attached: dict[int, list[int]] = {}  # graded index (-1: the top) -> ungraded cells after it
        anchor = -1
        for j in range(len(self.cells)):
            if j in sub_to_k:
                anchor = sub_to_k[j]
            elif j not in self.dropped:
                attached.setdefault(anchor, []).append(j)
        self._report_moves(sub_to_k)

        cells = [self._ungraded(j) for j in attached.get(-1, [])]
        for graded in self.graded:
            cells.append(self._graded_cell(graded))
            cells.extend(self._ungraded(j) for j in attached.get(graded.index, []))
        self._give_ids(cells)
        self._summarise_lost_metadata()

        notebook = nbformat.from_dict(
            {
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": self.submission.metadata,
                "cells": cells,
            }
        )
        self._check_format(notebook)
        self._check_kernel(notebook)
        self._check_outputs(notebook)
        return notebook

    def _report_moves(self, sub_to_k: dict[int, int]) -> None:
        """Name the graded cells that were out of release order (not on the longest in-order chain).

        The chain is the heaviest increasing subsequence of the matched cells' release positions
        in notebook order, an answer cell weighing 2: when a test cell and its answer swap
        places, the test cell is the one reported as moved.
        """
        order = [sub_to_k[j] for j in sorted(sub_to_k)]
        weight = [2 if self.graded[k].is_answer else 1 for k in order]
        best = list(weight)
        prev = [-1] * len(order)
        for b in range(len(order)):
            for a in range(b):
                if order[a] < order[b] and best[a] + weight[b] > best[b]:
                    best[b], prev[b] = best[a] + weight[b], a
        chain: set[int] = set()
        b = max(range(len(order)), key=best.__getitem__, default=-1)
        while b >= 0:
            chain.add(order[b])
            b = prev[b]
        for k in sorted(set(order) - chain):
            graded = self.graded[k]
            where = (
                f"after '{self.graded[k - 1].grade_id}'" if k > 0 else "at the top of the notebook"
            )
            self.repairs.append(
                f"cell '{graded.grade_id}' ({graded.kind}) was out of place: moved back {where}, "
                "as in the release"
            )

    def _graded_cell(self, graded: _Graded) -> nbformat.NotebookNode:
        """The repaired cell for a graded cell of the release."""
        gid, kind = graded.grade_id, graded.kind
        ref = graded.cell
        if graded.index not in self.match:
            restored = copy.deepcopy(ref)
            if graded.is_answer:
                what = "restored from the release as the blank stub (it earns no points)"
            else:
                what = "restored from the release"
            self.repairs.append(f"cell '{gid}' ({kind}) was missing: {what}")
            return restored

        cell = self.cells[self.match[graded.index]]
        how = self.how[graded.index]
        found = {"content": " (found by its content)", "position": " (found by its position)"}
        old = _nbgrader(cell)
        if old is None:
            self._lost.append((gid, how, len(self.repairs)))
            self.repairs.append(
                f"cell '{gid}' had lost its nbgrader metadata{found.get(how, '')}: restored"
            )
        elif old != graded.meta:
            if isinstance(old, Mapping) and _grade_id(cell) not in (None, gid):
                change = f"the nbgrader metadata of another cell ('{_grade_id(cell)}')"
            elif isinstance(old, Mapping):
                keys = sorted(
                    k for k in set(old) | set(graded.meta) if old.get(k) != graded.meta.get(k)
                )
                change = f"changed nbgrader metadata ({', '.join(keys)})"
            else:
                change = "broken nbgrader metadata"
            self.repairs.append(f"cell '{gid}' had {change}: restored the release's")

        metadata = copy.deepcopy(dict(cell.metadata))
        metadata["nbgrader"] = copy.deepcopy(graded.meta)
        source = cell.source if graded.is_answer else ref.source
        if not graded.is_answer and _normalised(cell.source) != _normalised(ref.source):
            self.repairs.append(
                f"cell '{gid}' ({kind}) had been edited: the release's text was restored"
            )
        if cell.cell_type != ref.cell_type:
            self.repairs.append(
                f"cell '{gid}' had been changed from {ref.cell_type} to {cell.cell_type}: "
                f"changed back to {ref.cell_type}"
            )
        if ref.cell_type == "code":
            new = nbformat.v4.new_code_cell(source=source, metadata=metadata)
            if cell.cell_type == "code":
                new.outputs = copy.deepcopy(cell.outputs)
                new.execution_count = cell.execution_count
        elif ref.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(source=source, metadata=metadata)
        else:
            new = nbformat.v4.new_raw_cell(source=source, metadata=metadata)
        if ref.cell_type != "code" and cell.cell_type != "code" and "attachments" in cell:
            new.attachments = copy.deepcopy(cell.attachments)
        new.id = ref.get("id") or new.id
        return new

    def _summarise_lost_metadata(self) -> None:
        """One sentence instead of one per cell when every graded cell lost its metadata."""
        if len(self._lost) < 4 or len(self._lost) != len(self.match):
            return
        by_position = [f"'{gid}'" for gid, how, _ in self._lost if how == "position"]
        sentence = (
            f"all {len(self._lost)} graded cells had lost their nbgrader metadata (as some "
            "editors save notebooks): restored"
        )
        if by_position:
            sentence += f" ({', '.join(by_position)} found by their position)"
        drop = {index for _, _, index in self._lost}
        first = min(drop)
        self.repairs[:] = [
            sentence if n == first else text
            for n, text in enumerate(self.repairs)
            if n == first or n not in drop
        ]

    def _ungraded(self, j: int) -> nbformat.NotebookNode:
        """A copy of the submission's ungraded cell ``j`` (foreign nbgrader metadata removed)."""
        cell = copy.deepcopy(self.cells[j])
        meta = _nbgrader(cell)
        if meta is not None:
            del cell.metadata["nbgrader"]
            gid = _grade_id({"metadata": {"nbgrader": meta}})
            name = f"cell '{gid}'" if gid else f"cell {j + 1} of the notebook"
            self.repairs.append(
                f"{name} is not a graded cell of the release: kept as an ungraded cell "
                "(its nbgrader metadata removed)"
            )
        return cell

    def _give_ids(self, cells: list[nbformat.NotebookNode]) -> None:
        """Unique, valid ids: graded cells already have the release's; ungraded keep theirs."""
        graded_ids = {g.cell.get("id") for g in self.graded}
        ungraded_ids = {
            _normalised(c.source): c.get("id")
            for c in self.reference.cells
            if _nbgrader(c) is None and c.get("id")
        }
        used = set(graded_ids)
        for n, cell in enumerate(cells):
            if isinstance(_nbgrader(cell), Mapping) and cell.get("id") in graded_ids:
                continue
            own = cell.get("id")
            if isinstance(own, str) and _VALID_ID.match(own) and own not in used:
                used.add(own)
                continue
            new = ungraded_ids.get(_normalised(cell.source))
            if new is None or new in used:
                new = f"cell-{n}"
                while new in used:
                    new += "x"
            cell.id = new
            used.add(new)

    def _check_format(self, notebook: nbformat.NotebookNode) -> None:
        """Record an upgrade from nbformat 3 or 4.0-4.4 (no cell ids)."""
        meta = notebook.metadata
        major = meta.pop("orig_nbformat", None) or self.submission.get("nbformat", 4)
        minor = meta.pop("orig_nbformat_minor", None)
        if minor is None:
            minor = self.submission.get("nbformat_minor", 5)
        if (major, minor) < (4, 5):
            self.repairs.append(
                f"the notebook was saved as nbformat {major}.{minor} without cell ids (as Google "
                "Colab saves it): converted to nbformat 4.5 with the release's cell ids"
            )

    def _check_kernel(self, notebook: nbformat.NotebookNode) -> None:
        """Use the release's kernel if the notebook names another one (the grader has no other)."""
        want = self.reference.metadata.get("kernelspec")
        have = notebook.metadata.get("kernelspec")
        if not isinstance(want, Mapping):
            return
        if not isinstance(have, Mapping) or have.get("name") != want.get("name"):
            notebook.metadata["kernelspec"] = copy.deepcopy(want)
            if isinstance(have, Mapping):
                self.repairs.append(
                    f"the notebook asked for the kernel {have.get('name')!r}: set back to the "
                    f"release's {want.get('name')!r}"
                )

    def _check_outputs(self, notebook: nbformat.NotebookNode) -> None:
        """Clear the outputs of code cells that make the notebook invalid (nbgrader reruns them)."""
        try:
            nbformat.validate(notebook)
            return
        except nbformat.ValidationError:
            pass
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            try:
                nbformat.validate(cell, ref="code_cell", version=4, version_minor=5)
            except nbformat.ValidationError:
                cell.outputs, cell.execution_count = [], None
                name = _grade_id(cell) or cell.get("id")
                self.repairs.append(f"cell '{name}' had malformed outputs: cleared them")
