"""The two guards against tampering: the in-kernel verification and the static scan."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cnnlab.checks
from autograder import hidden, notebooks, tamper

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "solutions").glob("*/*.ipynb"))


def test_untouched_grader_verifies():
    assert tamper.problems() == []
    tamper.verify_untouched()


@pytest.mark.parametrize(
    ("target", "name", "expected"),
    [
        (cnnlab.checks, "run_case", "cnnlab.checks.run_case was replaced by notebook code"),
        (cnnlab.checks.report, "assert_close", "cnnlab.checks.report.assert_close was replaced"),
        (hidden, "run_random", "autograder.hidden.run_random was replaced"),
        (np, "allclose", "numpy.allclose was replaced"),
    ],
)
def test_monkeypatching_the_grader_is_found(monkeypatch, target, name, expected):
    monkeypatch.setattr(target, name, lambda *args, **kwargs: True)
    with pytest.raises(tamper.TamperedGrader) as info:
        tamper.verify_untouched()
    assert "changed the grading code" in str(info.value)
    assert expected in str(info.value)


@pytest.mark.parametrize(
    "patch",
    [
        "builtins.isinstance = lambda obj, cls: True",  # breaks the verification itself
        "builtins.AssertionError = Exception",
        "builtins.len = lambda obj: 0",
    ],
)
def test_patched_builtins_are_found(patch):
    """In a fresh interpreter: patched builtins would break pytest itself."""
    code = (
        "import builtins, cnnlab.checks\n"
        "from autograder import tamper\n"
        f"{patch}\n"
        "try:\n"
        "    tamper.verify_untouched()\n"
        "except tamper.TamperedGrader as exc:\n"
        "    print('FOUND', exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("FOUND the notebook changed the grading code"), out.stdout


def test_rewriting_a_function_code_is_found(monkeypatch):
    monkeypatch.setattr(cnnlab.checks.report.assert_close, "__code__", (lambda *a, **k: 0).__code__)
    assert "cnnlab.checks.report.assert_close was replaced" in tamper.problems()


def test_hidden_check_refuses_to_grade_after_tampering(monkeypatch):
    """A wrong answer plus a patched comparison must not pass the hidden check."""
    monkeypatch.setattr(cnnlab.checks.report, "assert_close", lambda *args, **kwargs: None)

    def zero_pad(x, pad):  # wrong: no padding at all
        return x

    with pytest.raises(hidden.HiddenTestFailure, match="changed the grading code"):
        hidden.check("zero_pad", {"zero_pad": zero_pad})


@pytest.mark.parametrize(
    ("source", "finding"),
    [
        ("import cnnlab.checks\ncnnlab.checks.run_case = lambda *a: None", "assigns to cnnlab"),
        ("from cnnlab import checks\nchecks.run_case = print", "assigns to checks.run_case"),
        ("np.allclose = lambda *a, **k: True", "assigns to np.allclose"),
        ("import builtins\nbuiltins.AssertionError = Exception", "imports builtins"),
        ("import autograder\nautograder.check = print", "imports autograder"),
        ("import sys\nsys.modules['autograder'] = None", "sys.modules"),
        ("def f(): pass\nf.__code__ = g.__code__", "__code__"),
        ("get_ipython().showtraceback = lambda *a: None", "get_ipython"),
        ("exec('x = 1')", "uses exec"),
        ("m = __import__('cnn' + 'lab')", "uses __import__"),
        ("import socket\nsocket.create_connection(('1.1.1.1', 80))", "imports socket"),
        ("import os\nos.system('ls')", "calls os.system"),
        ("import os\nwhile True:\n    os.fork()", "calls os.fork"),
        ("setattr(np, 'allclose', max)", "calls setattr on np"),
        ("globals()['check'] = print", "assigns to globals()['check']"),
        ("def f(): pass\nf.__module__ = 'numpy'", "__module__"),
    ],
)
def test_scan_finds_reaching_into_the_grader(source, finding):
    found = tamper.scan_source(source, {"np"})
    assert any(finding in f for f in found), found
    assert all(f.startswith("line ") for f in found)


@pytest.mark.parametrize(
    "source",
    [
        "import numpy as np\n\ndef f(x):\n    out = np.zeros_like(x)\n    out[0] = 1\n"
        "    return out",
        "x = np.arange(4).reshape(2, 2)\nx[0, 1] = 3\nresult = x.T",
        "class Net:\n    def __init__(self):\n        self.params = {}\n"
        "        self.params['W1'] = 0",
        "%matplotlib inline\nprint('All tests passed')",
        "from IPython.display import Image, display\ndisplay(Image(data=b''))",
        "def broken(:\n    pass",  # a syntax error is graded as it is, not flagged
    ],
)
def test_scan_leaves_ordinary_code_alone(source):
    assert tamper.scan_source(source, {"np"}) == []


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_solution_answer_is_flagged(path):
    """No false alarm on the instructor's own answers (they are what a good student writes)."""
    nb = notebooks.read(path)
    cells = [
        (notebooks.nbgrader_meta(c).get("grade_id", "?"), c.source)
        for c in notebooks.answer_cells(nb)
    ]
    assert tamper.scan_notebook(cells) == []
