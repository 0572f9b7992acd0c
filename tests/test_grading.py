"""cnnlab.grading: autograding only under `nbgrader autograde`; smoke mode also by CNNLAB_SMOKE."""

import pytest

from cnnlab.grading import ENV_VAR, SMOKE_VAR, is_autograding, is_smoke, smoke_size


def test_env_var_is_nbgraders():
    assert ENV_VAR == "NBGRADER_EXECUTION"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("autograde", True),
        ("validate", False),
        ("", False),
        ("Autograde", False),
    ],
    ids=["unset", "autograde", "validate", "empty", "wrong_case"],
)
def test_is_autograding(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    else:
        monkeypatch.setenv("NBGRADER_EXECUTION", value)
    assert is_autograding() is expected


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    """Each test starts with neither variable set (CI may set CNNLAB_SMOKE for the notebooks)."""
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("CNNLAB_SMOKE", raising=False)


def test_smoke_size_picks_smoke_only_while_autograding(monkeypatch):
    assert smoke_size(10, 1) == 10
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert smoke_size(10, 1) == 10
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert smoke_size(10, 1) == 1
    assert smoke_size((50000, 10000), (512, 128)) == (512, 128)


def test_switch_is_read_at_call_time(monkeypatch):
    # The environment is read on every call, not once when cnnlab is imported.
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert is_autograding()
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert not is_autograding()


def test_smoke_var_name():
    assert SMOKE_VAR == "CNNLAB_SMOKE"


@pytest.mark.parametrize(
    ("grading", "smoke", "expected"),
    [
        (None, None, False),
        (None, "1", True),
        (None, "0", False),
        (None, "", False),
        (None, " True ", True),
        (None, "yes", True),
        (None, "on", True),
        (None, "false", False),
        (None, "OFF", False),
        ("autograde", None, True),
        ("autograde", "0", True),
        ("autograde", "1", True),
        ("validate", None, False),
        ("validate", "1", True),
    ],
)
def test_is_smoke(monkeypatch, grading, smoke, expected):
    for var, value in (("NBGRADER_EXECUTION", grading), ("CNNLAB_SMOKE", smoke)):
        if value is not None:
            monkeypatch.setenv(var, value)
    assert is_smoke() is expected
    assert smoke_size("full", "smoke") == ("smoke" if expected else "full")


def test_smoke_does_not_make_it_autograding(monkeypatch):
    # The visible checks step aside only while autograding, not in smoke mode.
    monkeypatch.setenv("CNNLAB_SMOKE", "1")
    assert is_smoke()
    assert not is_autograding()


@pytest.mark.parametrize("value", ["2", "smoke", "y e s"])
def test_unknown_smoke_value_is_an_error(monkeypatch, value):
    monkeypatch.setenv("CNNLAB_SMOKE", value)
    with pytest.raises(ValueError, match=f"CNNLAB_SMOKE={value!r}"):
        is_smoke()
