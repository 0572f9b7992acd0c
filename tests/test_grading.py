"""cnnlab.grading: the autograding switch is on only under `nbgrader autograde`."""

import pytest

from cnnlab.grading import ENV_VAR, is_autograding, smoke_size


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


def test_smoke_size_picks_smoke_only_while_autograding(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
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
