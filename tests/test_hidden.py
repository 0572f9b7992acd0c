"""autograder.check: hidden tests of every registered grade id, substitution of earlier parts.

Notebook-specific hidden tests (the source check, named mistakes, geometry of the random cases)
are in tests/test_<notebook>.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import define, failure, grade_id_params, solution_path

from autograder import check, hidden, tasks
from autograder.notebooks import answer_namespace
from cnnlab import checks

GRADE_IDS = grade_id_params()


def fresh(grade_id: str) -> dict:
    """A fresh namespace of the grade id's solution notebook, for tests that change it."""
    return answer_namespace(solution_path(checks.NOTEBOOK_OF[grade_id]))


def test_every_grade_id_has_a_task() -> None:
    assert set(tasks.GENERATORS) == set(checks.FUNCTIONS)
    assert set(tasks.NUMPY_ONLY) == set(checks.FUNCTIONS)
    for grade_id, names in tasks.SUBSTITUTES.items():
        assert grade_id in checks.FUNCTIONS
        assert set(names) <= set(tasks.REFERENCES), names
    for names in checks.FUNCTIONS.values():
        assert set(names) <= set(tasks.REFERENCES), names


@pytest.mark.parametrize("grade_id", GRADE_IDS)
def test_hidden_check_passes_on_solution(grade_id: str, solution, capsys) -> None:
    check(grade_id, solution(checks.NOTEBOOK_OF[grade_id]))
    assert capsys.readouterr().out.strip().endswith(f"{grade_id}: hidden tests passed.")


@pytest.mark.parametrize("grade_id", GRADE_IDS)
def test_hidden_cases_are_deterministic_and_many(grade_id: str) -> None:
    first, second = hidden.hidden_cases(grade_id), hidden.hidden_cases(grade_id)
    assert len(first) >= 5
    for (name, a), (_, b) in zip(first, second, strict=True):
        assert name in checks.FUNCTIONS[grade_id]
        assert checks.describe(a) == checks.describe(b)
        assert _same(a.args, b.args)


def _same(x: object, y: object) -> bool:
    """Equal values, looking into tuples (a cache holds arrays)."""
    if isinstance(x, tuple) and isinstance(y, tuple):
        return len(x) == len(y) and all(_same(a, b) for a, b in zip(x, y, strict=True))
    return bool(np.array_equal(x, y))


@pytest.mark.parametrize("grade_id", GRADE_IDS)
def test_missing_function_fails_clearly(grade_id: str) -> None:
    ns = fresh(grade_id)
    name = checks.FUNCTIONS[grade_id][-1]
    del ns[name]
    assert failure(grade_id, ns).startswith(f"{name} is not defined")


@pytest.mark.parametrize("grade_id", grade_id_params(list(tasks.SUBSTITUTES)))
def test_broken_earlier_parts_cost_nothing_and_are_put_back(grade_id: str, capsys) -> None:
    ns = fresh(grade_id)

    def broken(*args, **kwargs):
        return None

    for name in tasks.SUBSTITUTES[grade_id]:
        ns[name] = broken
    before = dict(ns)
    check(grade_id, ns)
    assert ns == before
    assert f"{grade_id}: hidden tests passed." in capsys.readouterr().out


def test_unknown_grade_id_is_an_instructor_error(solution) -> None:
    with pytest.raises(KeyError):
        check("no_such_cell", solution(checks.NOTEBOOKS[0]))


# A graded function that returns the grader's own reference instead of computing anything, each
# way it can reach autograder.tasks.REFERENCES: (source, what the message names).
REFERENCE_THEFTS = {
    "import-inside": (
        """
        def {name}(*args, **kwargs):
            from autograder.tasks import REFERENCES
            return REFERENCES["{name}"](*args, **kwargs)
        """,
        "it imports autograder.tasks.REFERENCES",
    ),
    "module-global": (
        """
        from autograder import tasks
        def {name}(*args, **kwargs):
            return tasks.REFERENCES["{name}"](*args, **kwargs)
        """,
        "it uses tasks, which comes from autograder.tasks",
    ),
    "dict-global": (
        """
        from autograder.tasks import REFERENCES
        def {name}(*args, **kwargs):
            return REFERENCES["{name}"](*args, **kwargs)
        """,
        "it uses REFERENCES, which holds an object from autograder.tasks.",
    ),
    "function-global": (
        """
        from autograder.tasks import REFERENCES
        stolen = REFERENCES["{name}"]
        def {name}(*args, **kwargs):
            return stolen(*args, **kwargs)
        """,
        "it uses stolen, which comes from autograder.tasks.",
    ),
}


@pytest.mark.parametrize("way", list(REFERENCE_THEFTS))
def test_calling_the_graders_references_fails_the_source_check(way: str) -> None:
    grade_id = next(g for g in checks.FUNCTIONS if tasks.NUMPY_ONLY[g])
    name = checks.FUNCTIONS[grade_id][0]
    source, phrase = REFERENCE_THEFTS[way]
    ns = fresh(grade_id)
    define(ns, source.replace("{name}", name))
    message = failure(grade_id, ns)
    assert (
        f"{name} must be written with NumPy only (no torch, scipy, cnnlab, autograder)" in message
    )
    assert f"{name}: {phrase}" in message, message
