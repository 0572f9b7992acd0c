"""The machinery of the visible checks, shared by every notebook (no notebook's content is here).

A notebook module (``cnnlab/checks/<notebook>.py``) declares its cases as data; this module runs
them and explains what is wrong: :func:`run_case` calls the student's function on copies of the
arguments, compares the result with the literal expected value (:func:`assert_close`,
:func:`assert_int`), names the first wrong entry, how many are wrong and the likely cause (the
``mistakes`` of the case), and checks that no input was changed in place.

The per-function and per-grade-id data of all notebooks are merged into the registries below by
:func:`register` (``cnnlab/checks/__init__.py`` calls it for every notebook in ``NOTEBOOKS``).
"""

from __future__ import annotations

import copy
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cnnlab.grading import is_autograding


class CheckFailure(AssertionError):
    """A check failed; the message says what was expected and what the function returned."""

    def _render_traceback_(self) -> list[str]:
        """Let IPython show only the message (the check's own code is not the student's bug)."""
        return [f"CheckFailure: {self}"]


RAISES = "ValueError"
"""``Case.expected`` for a call that must raise ``ValueError``."""

Mistake = tuple[str, Any]
"""``(likely cause, the wrong result that this mistake produces)``."""


@dataclass(frozen=True)
class Case:
    """One call of a student's function and its literal expected result.

    ``call`` names the function, ``expected`` is the result (or :data:`RAISES`), ``mistakes`` are
    the wrong results of well-known mistakes, ``note`` says what the case is about and ``dtype``
    (when set) is the dtype the result must have.
    """

    call: str
    args: tuple[Any, ...]
    expected: Any
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    mistakes: tuple[Mistake, ...] = ()
    note: str = ""
    dtype: str | None = None


class Cache(tuple):
    """A layer's cache: a plain tuple for the student's code that reads well in messages.

    Messages show its arrays by shape, ``cache=(x: (1, 1, 3, 3), w: (1, 1, 2, 2), stride=1)``,
    instead of every number. A notebook subclasses it with the names of the parts
    (``NAMES``, keyed by the number of parts).
    """

    __slots__ = ()
    NAMES: dict[int, tuple[str, ...]] = {}

    def __repr__(self) -> str:
        """``cache=(name: shape [dtype], name=value, ...)``."""
        names = self.NAMES.get(len(self), tuple(f"[{k}]" for k in range(len(self))))
        parts = []
        for name, value in zip(names, self, strict=True):
            if isinstance(value, np.ndarray):
                dtype = "" if value.dtype == np.float64 else f" {value.dtype}"
                parts.append(f"{name}: {value.shape}{dtype}")
            else:
                parts.append(f"{name}={value!r}")
        return f"cache=({', '.join(parts)})"


def literal(values: Any, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """A float64 array from a literal (reshaped when ``shape`` is given)."""
    out = np.array(values, dtype=np.float64)
    return out if shape is None else out.reshape(shape)


# ---------------------------------------------------------------------------------------------
# Registries: every notebook's data, merged by register(). Keys are grade ids or function names.

FUNCTIONS: dict[str, tuple[str, ...]] = {}
"""grade id -> the functions its check takes, in order."""
CASES: dict[str, tuple[Case, ...]] = {}
"""grade id -> its visible cases."""
ARG_NAMES: dict[str, tuple[str, ...]] = {}
"""function -> the names of its positional arguments (used in messages)."""
NAMED_SCALARS: set[str] = set()
"""Functions whose non-array positional arguments are shown as ``name=value`` in messages."""
OUTPUTS: dict[str, tuple[str, ...]] = {}
"""function -> the names of the parts of its tuple result, e.g. ``("out", "cache")``."""
COMPARED: dict[str, tuple[str, ...]] = {}
"""function -> the parts of OUTPUTS that ``Case.expected`` holds (default: all of them)."""
SHAPE_HINTS: dict[str, Callable[[Case, np.ndarray], str]] = {}
"""function -> hint(case, expected) shown when the result has the wrong shape."""
RESULT_CHECKS: dict[str, Callable[[Case, Any, tuple[Any, ...]], None]] = {}
"""function -> check(case, full result, argument copies), run once the compared parts are right."""
EXTRA_CHECKS: dict[str, Callable[..., None]] = {}
"""grade id -> check(*fns) run after the cases (raises CheckFailure); counts as one check."""
HARNESSES: dict[str, Callable[[Any], Callable[..., Any]]] = {}
"""name -> harness(student's object) -> the function that a case of that name calls.

For graded objects that are not plain functions (a class: build it, set its parameters, call its
methods) or whose result is not an array or a tuple (a dict): the harness returns a function of
the case's arguments whose result is compared as usual. It may raise CheckFailure itself."""
PASSED_NOTES: dict[str, str] = {}
"""grade id -> a line printed under "<grade_id>: all N visible checks passed."."""
NOTEBOOK_OF: dict[str, str] = {}
"""grade id -> the notebook (file stem in solutions/<assignment>/) whose check module defines it."""

_DICTS = ("FUNCTIONS", "CASES", "ARG_NAMES", "OUTPUTS", "COMPARED", "SHAPE_HINTS",
          "RESULT_CHECKS", "EXTRA_CHECKS", "PASSED_NOTES", "HARNESSES")  # fmt: skip


def register(notebook: str, module: Any) -> None:
    """Merge a notebook module's data into the registries (a name defined twice is an error)."""
    for name in _DICTS:
        own, merged = getattr(module, name, {}), globals()[name]
        twice = set(own) & set(merged)
        if twice:
            raise ValueError(f"{notebook}: {name} already defines {', '.join(sorted(twice))}")
        merged.update(own)
    NAMED_SCALARS.update(getattr(module, "NAMED_SCALARS", ()))
    NOTEBOOK_OF.update(dict.fromkeys(module.FUNCTIONS, notebook))


def parts_word(names: Sequence[str]) -> str:
    """``a pair (out, cache)``: how a tuple result with these parts is called in messages."""
    word = {2: "a pair", 3: "a triple"}.get(len(names), f"a tuple of {len(names)}")
    return f"{word} ({', '.join(names)})"


def compared(call_name: str, result: Any) -> Any:
    """The parts of a result that ``Case.expected`` holds (COMPARED), e.g. ``out`` of (out, cache).

    A function without OUTPUTS, or whose COMPARED parts are all of its OUTPUTS, is compared whole.
    """
    outputs = OUTPUTS.get(call_name, ())
    keep = COMPARED.get(call_name, outputs)
    if tuple(keep) == tuple(outputs):
        return result
    picked = tuple(result[outputs.index(name)] for name in keep)
    return picked[0] if len(picked) == 1 else picked


# ---------------------------------------------------------------------------------------------
# Reporting: run one case, compare, and explain what is wrong.


def _fmt(value: Any) -> str:
    """Numbers and small arrays the way a student writes them (12, 0.25, [[1 2] [3 4]])."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, formatter={"float_kind": lambda v: f"{v:.6g}"})
        return "\n    " + text.replace("\n", "\n    ") if value.ndim > 1 else text
    if isinstance(value, float | np.floating):
        return f"{float(value):.6g}"
    return repr(value)


def describe(case: Case) -> str:
    """The call of a case, with arrays shown by shape: ``f(x: (1, 1, 3, 3), w: ..., stride=2)``."""
    names = ARG_NAMES.get(case.call, ())
    parts = []
    for k, arg in enumerate(case.args):
        label = f"{names[k]}: " if k < len(names) and isinstance(arg, np.ndarray) else ""
        if isinstance(arg, np.ndarray):
            dtype = "" if arg.dtype == np.float64 else f" {arg.dtype}"
            parts.append(f"{label}{arg.shape}{dtype}")
        elif isinstance(arg, Cache):
            parts.append(repr(arg))  # already reads ``cache=(...)``
        elif k < len(names) and case.call in NAMED_SCALARS:
            parts.append(f"{names[k]}={arg!r}")
        else:
            parts.append(repr(arg))
    parts += [f"{key}={value!r}" for key, value in case.kwargs.items()]
    note = f"  [{case.note}]" if case.note else ""
    return f"{case.call}({', '.join(parts)}){note}"


def _inputs(case: Case) -> list[str]:
    """Lines that show the small array inputs of a visible case."""
    names = ARG_NAMES.get(case.call, ())
    lines = []
    for k, arg in enumerate(case.args):
        if isinstance(arg, np.ndarray) and arg.size <= 24:
            name = names[k] if k < len(names) else f"argument {k + 1}"
            lines.append(f"{name} = {_fmt(arg)}")
    return lines


def student_line(exc: BaseException) -> str:
    """Where in the student's code an exception happened (the last frame outside libraries)."""
    own = str(Path(__file__).parents[1])  # cnnlab
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        name = frame.filename
        library = "site-packages" in name or "dist-packages" in name or "/autograder/" in name
        if not (name.startswith(own) or library):
            code = f": {frame.line.strip()}" if frame.line else ""
            return f" (in {frame.name}, line {frame.lineno}{code})"
    return ""


def call(fn: Callable[..., Any], case: Case, args: tuple[Any, ...] | None = None) -> Any:
    """Call a student's function on a case (or on ``args``, copies of its arguments).

    An exception becomes a CheckFailure that says in words what happened and where.
    """
    try:
        return fn(*(case.args if args is None else args), **case.kwargs)
    except CheckFailure:  # raised by a harness (HARNESSES): already a teaching message
        raise
    except NotImplementedError:
        raise CheckFailure(
            f"{case.call} is not implemented yet: it raised NotImplementedError.\n"
            "  Replace the `raise NotImplementedError` line in its cell with your code."
        ) from None
    except Exception as exc:  # noqa: BLE001 (any student error is reported, not re-raised)
        raise CheckFailure(
            f"{case.call} raised {type(exc).__name__} on {describe(case)}:\n"
            f"  {exc}{student_line(exc)}"
        ) from None


def likely_cause(got: Any, mistakes: Sequence[Mistake], rtol: float, atol: float) -> str:
    """The description of the first mistake whose wrong result equals ``got`` ('' if none)."""
    for description, wrong in mistakes:
        if _matches(got, wrong, rtol, atol):
            return description
    return ""


def _matches(got: Any, wrong: Any, rtol: float, atol: float) -> bool:
    """Whether ``got`` equals ``wrong`` (arrays within tolerance; tuples part by part)."""
    if isinstance(wrong, tuple):
        return (
            isinstance(got, tuple | list)
            and len(got) == len(wrong)
            and all(_matches(g, w, rtol, atol) for g, w in zip(got, wrong, strict=True))
        )
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    wrong_arr = np.asarray(wrong, dtype=np.float64)
    return got_arr.shape == wrong_arr.shape and bool(np.allclose(got_arr, wrong_arr, rtol, atol))


def assert_close(
    name: str,
    got: Any,
    expected: np.ndarray,
    *,
    case: str = "",
    mistakes: Sequence[Mistake] = (),
    hint: str = "",
    rtol: float = 1e-7,
    atol: float = 1e-9,
    details: Sequence[str] = (),
) -> None:
    """Raise CheckFailure unless ``got`` is an array of ``expected``'s shape and values.

    The message names the case, compares the shapes (adding ``hint`` when they differ), gives the
    first wrong index with both values and the number of wrong entries, and the likely cause when
    ``got`` equals one of the ``mistakes``. ``details`` are extra lines (the inputs, for example).
    """
    head = f"{name} is wrong for {case}" if case else f"{name} is wrong"
    if got is None:
        raise CheckFailure(f"{head}: it returned None. Did you forget `return`?")
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise CheckFailure(f"{head}: expected an array, got {type(got).__name__}.") from None
    lines = list(details)
    if got_arr.shape != expected.shape:
        lines.append(f"expected shape {expected.shape}, got shape {got_arr.shape}.")
        if hint:
            lines.append(hint)
    else:
        bad = ~np.isclose(got_arr, expected, rtol=rtol, atol=atol)
        if not bad.any():
            return
        first = tuple(int(k) for k in np.argwhere(bad)[0])
        want, have = float(expected[first]), float(got_arr[first])
        digits = ".6g" if f"{want:.6g}" != f"{have:.6g}" else ".12g"
        lines.append(
            f"{int(bad.sum())} of {bad.size} entries are wrong; the first is at index {first}: "
            f"expected {want:{digits}}, got {have:{digits}}."
        )
        if np.allclose(got_arr, expected, rtol=1e-3, atol=1e-3):
            lines.append(
                f"The values are close but not equal within rtol={rtol:g}, atol={atol:g}: is an "
                "array created with a lower precision (float32) than the inputs?"
            )
    if expected.size <= 36 and got_arr.size <= 36:
        lines += [f"expected: {_fmt(expected)}", f"got: {_fmt(got_arr)}"]
    cause = likely_cause(got_arr, mistakes, rtol, atol)
    if cause:
        lines.append(f"Likely cause: {cause}.")
    text = head + ".\n" + "\n".join("  " + line for line in lines)
    raise CheckFailure("\n".join(line.rstrip() for line in text.splitlines()))


def assert_int(
    name: str, got: Any, expected: int, *, case: str = "", mistakes: Sequence[Mistake] = ()
) -> None:
    """Raise CheckFailure unless ``got`` is the integer ``expected``."""
    head = f"{name} is wrong for {case}" if case else f"{name} is wrong"
    if isinstance(got, bool) or not isinstance(got, int | np.integer):
        advice = " Use floor division // to keep it whole." if isinstance(got, float) else ""
        raise CheckFailure(f"{head}: expected the int {expected}, got {got!r}.{advice}")
    if got != expected:
        cause = likely_cause(got, mistakes, 0.0, 0.0)
        because = f"\n  Likely cause: {cause}." if cause else ""
        raise CheckFailure(f"{head}: expected {expected}, got {int(got)}.{because}")


def run_case(
    fn: Callable[..., Any],
    case: Case,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    show_inputs: bool = True,
) -> None:
    """Run one case and raise CheckFailure with a teaching message if the result is wrong."""
    if case.call in HARNESSES:
        fn = HARNESSES[case.call](fn)
    where = describe(case)
    args = copy.deepcopy(case.args)  # the student's function gets copies: the case stays intact
    if case.expected is RAISES:
        try:
            got = fn(*args, **case.kwargs)
        except ValueError:
            return
        except NotImplementedError:
            raise CheckFailure(
                f"{case.call} is not implemented yet: it raised NotImplementedError."
            ) from None
        except Exception as exc:  # noqa: BLE001
            raise CheckFailure(
                f"{case.call} should raise ValueError for {where}, but raised "
                f"{type(exc).__name__}: {exc}{student_line(exc)}"
            ) from None
        raise CheckFailure(
            f"{case.call} should raise ValueError for {where}, but returned {_fmt(got)}."
        )
    got = call(fn, case, args)
    _check_not_mutated(case, args)
    details = _inputs(case) if show_inputs else []
    expected = case.expected
    result = got
    outputs = OUTPUTS.get(case.call, ())
    if tuple(COMPARED.get(case.call, outputs)) != tuple(outputs):  # e.g. out of (out, cache)
        if not (isinstance(got, tuple) and len(got) == len(outputs)):
            raise CheckFailure(
                f"{case.call} must return {parts_word(outputs)}, got {type(got).__name__}."
            )
        got = compared(case.call, got)
    if isinstance(expected, int):
        assert_int(case.call, got, expected, case=where, mistakes=case.mistakes)
    elif isinstance(expected, tuple):  # several parts, e.g. sobel_kernels: (kx, ky)
        names = COMPARED.get(case.call, outputs) or [f"result[{k}]" for k in range(len(expected))]
        if not (isinstance(got, tuple | list) and len(got) == len(expected)):
            raise CheckFailure(f"{case.call} must return {parts_word(names)}, got {got!r}.")
        cause = likely_cause(got, case.mistakes, rtol, atol)
        for part, (g, e) in zip(names, zip(got, expected, strict=True), strict=True):
            assert_close(
                f"{case.call}: {part}",
                g,
                e,
                case=where,
                mistakes=[(cause, g)] if cause else (),
                rtol=rtol,
                atol=atol,
            )
    else:
        hint = SHAPE_HINTS.get(case.call)
        assert_close(
            case.call,
            got,
            expected,
            case=where,
            mistakes=case.mistakes,
            rtol=rtol,
            atol=atol,
            hint=hint(case, expected) if hint else "",
            details=details,
        )
    if case.dtype is not None and np.asarray(got).dtype != np.dtype(case.dtype):
        raise CheckFailure(
            f"{case.call} changed the dtype for {where}: expected {case.dtype}, got "
            f"{np.asarray(got).dtype}. Create new arrays with dtype=x.dtype."
        )
    if case.call in RESULT_CHECKS:
        RESULT_CHECKS[case.call](case, result, args)


def _check_not_mutated(case: Case, args: tuple[Any, ...]) -> None:
    """Raise CheckFailure if the call changed one of its array arguments in place."""
    names = ARG_NAMES.get(case.call, ())
    for k, (before, after) in enumerate(zip(case.args, args, strict=True)):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after):
            name = names[k] if k < len(names) else f"argument {k + 1}"
            raise CheckFailure(
                f"{case.call} changed its input {name} in place for {describe(case)}.\n"
                "  Inputs must never be modified: work on a new array (np.zeros, .copy())."
            )


def run_visible(grade_id: str, *fns: Callable[..., Any]) -> int:
    """Run the visible cases of ``grade_id`` on ``fns`` (even while autograding).

    Returns the number of checks run; raises CheckFailure at the first failing case.
    """
    names = FUNCTIONS[grade_id]
    if len(fns) != len(names):
        raise TypeError(f"{grade_id} checks {len(names)} function(s): {', '.join(names)}")
    by_name = dict(zip(names, fns, strict=True))
    for case in CASES[grade_id]:
        run_case(by_name[case.call], case)
    count = len(CASES[grade_id])
    if grade_id in EXTRA_CHECKS:
        EXTRA_CHECKS[grade_id](*fns)
        count += 1
    return count


def public(grade_id: str, *fns: Callable[..., Any]) -> None:
    """Run the visible check of ``grade_id`` and print one line (skipped while autograding).

    Every notebook's public check function (named like its grade id) is one call of this.
    """
    if is_autograding():
        print("(visible check skipped while autograding: the hidden tests re-run these cases)")
        return
    count = run_visible(grade_id, *fns)
    print(f"{grade_id}: all {count} visible checks passed.")
    if grade_id in PASSED_NOTES:
        print(PASSED_NOTES[grade_id])
