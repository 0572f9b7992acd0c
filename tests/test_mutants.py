"""autograder.mutants: every catalogued mistake loses its cell's points, with feedback naming it,
and costs no other cell of its notebook anything. Each mutant is applied to its own notebook."""

from __future__ import annotations

import pytest
from conftest import solution_path

from autograder import HiddenTestFailure, check, hidden, mutants
from autograder.notebooks import answer_namespace, cell_by_id, read
from cnnlab import checks

MUTANTS = [
    pytest.param(m, id=m.id, marks=getattr(pytest.mark, m.grade_id)) for m in mutants.MUTANTS
]


@pytest.fixture(scope="module")
def notebooks():
    """``notebooks(name)``: the solution notebook, read once."""
    cache = {}

    def get(name: str):
        if name not in cache:
            cache[name] = read(solution_path(name))
        return cache[name]

    return get


def mutant_namespace(mutant: mutants.Mutant, nb) -> dict:
    return answer_namespace(
        mutant.path, replace={mutant.answer_id: mutants.mutant_source(nb, mutant)}
    )


def test_catalogue() -> None:
    ids = [m.id for m in mutants.MUTANTS]
    assert len(ids) == len(set(ids))
    assert {m.grade_id for m in mutants.MUTANTS} == set(checks.FUNCTIONS)  # a mutant per grade id
    for m in mutants.MUTANTS:
        assert m.old != m.new and m.feedback and m.description
        assert m.notebook == checks.NOTEBOOK_OF[m.grade_id], m.id
        assert m.path == solution_path(m.notebook)
        assert mutants.by_id(m.id) is m


@pytest.mark.parametrize("mutant", MUTANTS)
def test_mutant_patches_exactly_one_place(mutant: mutants.Mutant, notebooks) -> None:
    nb = notebooks(mutant.notebook)
    source = cell_by_id(nb, mutant.answer_id).source
    assert source.count(mutant.old) == 1
    new_nb = mutants.apply(nb, mutant)
    assert cell_by_id(new_nb, mutant.answer_id).source == mutants.mutant_source(nb, mutant)
    assert mutant.new in cell_by_id(new_nb, mutant.answer_id).source
    assert cell_by_id(nb, mutant.answer_id).source == source  # the original is unchanged
    compile(mutants.mutant_source(nb, mutant), mutant.id, "exec")  # still valid Python


@pytest.mark.parametrize("mutant", MUTANTS)
def test_mutant_loses_its_points_with_feedback_and_only_those(
    mutant: mutants.Mutant, notebooks, capsys
) -> None:
    ns = mutant_namespace(mutant, notebooks(mutant.notebook))
    with pytest.raises(HiddenTestFailure) as info:
        check(mutant.grade_id, ns)
    assert mutant.feedback in info.value.message, info.value.message
    others = [g for g, nb in checks.NOTEBOOK_OF.items() if nb == mutant.notebook]
    for grade_id in others:
        if grade_id != mutant.grade_id:
            check(grade_id, ns)  # raises if the mistake leaks into another cell
    passed = capsys.readouterr().out.count("hidden tests passed.")
    assert passed == len(others) - 1


def test_apply_refuses_a_patch_that_does_not_match(notebooks) -> None:
    nb = notebooks("convolution")
    stale = mutants.Mutant("stale", "zero_pad", "text not in the cell", "no such text", "x", "y")
    with pytest.raises(AssertionError, match="occurs 0 times"):
        mutants.apply(nb, stale)
    twice = mutants.Mutant("twice", "conv_forward_naive", "ambiguous", "stride", "s", "y")
    with pytest.raises(AssertionError, match="expected exactly once"):
        mutants.mutant_source(nb, twice)


@pytest.mark.parametrize("mutant", MUTANTS)
def test_random_hidden_cases_alone_name_the_mistake(mutant: mutants.Mutant, notebooks) -> None:
    """The mistake is named by the randomised PyTorch cases too, not only by the visible ones."""
    ns = mutant_namespace(mutant, notebooks(mutant.notebook))
    fns = [ns[name] for name in checks.FUNCTIONS[mutant.grade_id]]
    with hidden.substituted(mutant.grade_id, ns, fns):
        with pytest.raises(checks.CheckFailure) as info:
            hidden.run_random(mutant.grade_id, *fns)
    assert mutant.feedback in str(info.value), str(info.value)
