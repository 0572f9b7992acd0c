"""The student bundle (autograder/bundle.py): what goes in, and a scan that catches every leak.

The bundle is built into a temporary folder (never dist/); nothing is pip-installed (too slow):
the student pyproject.toml is parsed and compared with the repository's instead. Every kind of
leak the scan looks for is planted in a copy of a real bundle, one per case, and the scan must
report exactly that file.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest

from autograder import __main__ as cli
from autograder import bundle
from autograder.notebooks import cell_by_id
from cnnlab import checks

REPO = bundle.REPO
RELEASE = REPO / "assignments" / "numpy_cnn"
SOLUTIONS = REPO / "solutions" / "numpy_cnn"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return bundle.build_student_bundle(tmp_path_factory.mktemp("bundle") / "student")


@pytest.fixture
def copy(built, tmp_path) -> Path:
    """A fresh copy of the built bundle to plant a leak in."""
    return Path(shutil.copytree(built, tmp_path / "student"))


def files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


# --- what is in it --------------------------------------------------------------------------------


def test_bundle_holds_the_release_cnnlab_data_and_the_student_files(built):
    release = {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "assignments").glob("*/*")
        if p.is_file() and not p.name.startswith(".")
    }
    package = {
        f"src/cnnlab/{p.relative_to(REPO / 'src' / 'cnnlab').as_posix()}"
        for p in (REPO / "src" / "cnnlab").rglob("*.py")
    }
    data = {"data/get_cifar10.py", "data/README.md"}
    assert len([p for p in release if p.startswith("assignments/numpy_cnn/")]) == 5
    assert "assignments/pytorch_cnn/train_ddp.py" in release  # a given script beside notebooks
    assert "src/cnnlab/checks/report.py" in package
    assert files(built) == release | package | data | {"pyproject.toml", "README.md"}


def test_notebooks_and_package_are_the_committed_files_byte_for_byte(built):
    for rel in files(built) - {"pyproject.toml", "README.md"}:
        assert (built / rel).read_bytes() == (REPO / rel).read_bytes(), rel


def test_built_bundle_scans_clean(built):
    assert bundle.scan_bundle(built) == []


def test_rebuilding_removes_the_old_bundle_first(tmp_path):
    dest = tmp_path / "student"
    bundle.build_student_bundle(dest)
    (dest / "solutions").mkdir()
    (dest / "solutions" / "old.ipynb").write_text("{}")
    (dest / "src" / "cnnlab" / "stale.py").write_text("x = 1\n")
    bundle.build_student_bundle(dest)
    assert not (dest / "solutions").exists()
    assert not (dest / "src" / "cnnlab" / "stale.py").exists()
    assert bundle.scan_bundle(dest) == []


@pytest.mark.parametrize(
    "dest",
    [REPO, REPO.parent, REPO / "src", REPO / "assignments", REPO / "dist" / ".." / "solutions"],
)
def test_refuses_to_replace_the_repository_or_its_folders(dest):
    with pytest.raises(ValueError, match="refusing to replace"):
        bundle.check_dest(dest.resolve())


def test_refuses_a_git_checkout_and_a_file(tmp_path):
    (tmp_path / "checkout" / ".git").mkdir(parents=True)
    with pytest.raises(ValueError, match="git checkout"):
        bundle.build_student_bundle(tmp_path / "checkout")
    assert (tmp_path / "checkout" / ".git").is_dir()
    (tmp_path / "file").write_text("keep me")
    with pytest.raises(ValueError, match="a file"):
        bundle.build_student_bundle(tmp_path / "file")
    assert (tmp_path / "file").read_text() == "keep me"
    bundle.check_dest(REPO / "dist" / "student")  # the default is allowed


def test_student_pyproject_installs_only_cnnlab_with_the_repository_pins(built):
    repo = tomllib.loads((REPO / "pyproject.toml").read_text())
    student = tomllib.loads((built / "pyproject.toml").read_text())
    project = student["project"]
    assert project["name"] == "cnnlab"
    assert project["version"] == repo["project"]["version"]
    assert project["requires-python"] == repo["project"]["requires-python"]
    assert project["dependencies"] == repo["project"]["dependencies"]
    assert {r.partition("==")[0] for r in project["dependencies"]} == {
        "numpy",
        "matplotlib",
        "tqdm",
    }
    assert project["optional-dependencies"] == {
        "torch": repo["project"]["optional-dependencies"]["torch"],
        "student": repo["project"]["optional-dependencies"]["student"],
    }
    assert "scripts" not in project  # the repository's script runs the instructor package
    assert student["build-system"] == repo["build-system"]
    setuptools = student["tool"]["setuptools"]
    assert setuptools["package-dir"] == {"cnnlab": "src/cnnlab"}
    # Every package folder of the bundle is listed (pip would silently leave one out) and no other.
    folders = {
        ".".join(p.parent.relative_to(built / "src").parts)
        for p in (built / "src").rglob("__init__.py")
    }
    assert set(setuptools["packages"]) == folders == {"cnnlab", "cnnlab.checks"}
    assert "autograder" not in (built / "pyproject.toml").read_text()


def test_student_readme_covers_setup_checks_and_submitting(built):
    text = (built / "README.md").read_text()
    for needed in [
        "python3 -m venv .venv",
        '.venv/bin/pip install -e ".[student]"',
        ".venv/bin/jupyter lab",
        "Colab",
        "Open in Colab",
        "Colab setup",
        "check cell",
        "CNNLAB_SMOKE=1",
        "OMP_NUM_THREADS=1",
        "Restart Kernel and Run All Cells",
        "Python 3.11",
        "`assignments/numpy_cnn/convolution.ipynb`",
    ]:
        assert needed in text, needed
    for assignment, order in checks.ASSIGNMENTS.items():
        listed = re.search(rf"- `assignments/{assignment}/`: (.*)", text).group(1)
        assert listed == ", ".join(f"`{n}.ipynb`" for n in order)
    assert "autograder" not in text and "solutions" not in text


# --- the scan catches each kind of leak -----------------------------------------------------------


def solution_function(notebook: str, name: str) -> ast.FunctionDef:
    """The solution's def of ``name`` (markers are comments: not in the AST)."""
    source = cell_by_id(nbformat.read(SOLUTIONS / f"{notebook}.ipynb", 4), f"{name}_answer").source
    return next(n for n in ast.walk(ast.parse(source)) if getattr(n, "name", None) == name)


def edit_cell(path: Path, grade_id: str, edit) -> int:
    """Apply ``edit`` to the source of one cell of a bundle notebook; return the cell's index."""
    nb = nbformat.read(path, 4)
    cell = cell_by_id(nb, grade_id)
    cell.source = edit(cell.source)
    nbformat.write(nb, path)
    return nb.cells.index(cell)


def plant_solution_marker(root: Path) -> list[str]:
    path = root / "assignments/numpy_cnn/pooling.ipynb"
    k = edit_cell(
        path,
        "max_pool_forward_naive_answer",
        lambda s: s.replace("# YOUR CODE HERE", "### BEGIN SOLUTION"),
    )
    return [
        f"assignments/numpy_cnn/pooling.ipynb cell {k}: contains the nbgrader marker "
        "'BEGIN SOLUTION'"
    ]


def plant_hidden_tests(root: Path) -> list[str]:
    block = '\n### BEGIN HIDDEN TESTS\nfrom autograder import check\n\ncheck("zero_pad", globals())'
    block += "\n### END HIDDEN TESTS"
    k = edit_cell(root / "assignments/numpy_cnn/convolution.ipynb", "zero_pad", lambda s: s + block)
    where = f"assignments/numpy_cnn/convolution.ipynb cell {k}"
    return [
        f"{where}: contains the nbgrader marker 'BEGIN HIDDEN TESTS'",
        f"{where}: contains the nbgrader marker 'END HIDDEN TESTS'",
        f"{where}: names the 'autograder' package (line 4)",
    ]


def plant_solution_cell(root: Path) -> list[str]:
    """The whole solution answer cell, with its markers gone (a release nbgrader never saw)."""
    solution = nbformat.read(SOLUTIONS / "pooling.ipynb", 4)
    source = cell_by_id(solution, "avg_pool_forward_answer").source
    source = re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION\n", "", source, flags=re.M)
    path = root / "assignments/numpy_cnn/pooling.ipynb"
    k = edit_cell(path, "avg_pool_forward_answer", lambda _: source)
    return [
        f"assignments/numpy_cnn/pooling.ipynb cell {k}: avg_pool_forward (line 1) is the "
        "solution's avg_pool_forward in solutions/numpy_cnn/pooling.ipynb"
    ]


def plant_renamed_solution_in_a_module(root: Path) -> list[str]:
    """conv_forward_naive copied into a new cnnlab module, renamed, re-documented, reformatted."""
    fn = solution_function("convolution", "conv_forward_naive")
    fn.name = "fast_forward"
    fn.body[0] = ast.Expr(ast.Constant("A helper (nothing to see here)."))
    text = '"""Extras."""\n\nimport numpy as np\n\n\n' + ast.unparse(fn) + "\n"
    (root / "src/cnnlab/extras.py").write_text(text)
    return [
        "src/cnnlab/extras.py: fast_forward (line 6) is the solution's conv_forward_naive in "
        "solutions/numpy_cnn/convolution.ipynb"
    ]


def plant_import(root: Path) -> list[str]:
    (root / "src/cnnlab/helpers.py").write_text('"""Helpers."""\n\nfrom autograder import check\n')
    return ["src/cnnlab/helpers.py: names the 'autograder' package (line 3)"]


def plant_dynamic_import(root: Path) -> list[str]:
    code = 'import importlib\n\nhidden = importlib.import_module("autograder.hidden")\n'
    (root / "src/cnnlab/sneaky.py").write_text(code)
    return ["src/cnnlab/sneaky.py: names the 'autograder' package (line 3)"]


def plant_solutions_folder(root: Path) -> list[str]:
    (root / "solutions/numpy_cnn").mkdir(parents=True)
    (root / "solutions/numpy_cnn/notes.txt").write_text("nothing secret in the text itself\n")
    return [
        "solutions/numpy_cnn/notes.txt: a file under a folder named 'solutions' (instructor-only)"
    ]


def plant_autograder_folder(root: Path) -> list[str]:
    (root / "src/autograder").mkdir()
    (root / "src/autograder/__init__.py").write_text("")
    return [
        "src/autograder/__init__.py: a file under a folder named 'autograder' (instructor-only)"
    ]


@pytest.mark.parametrize(
    "plant",
    [
        plant_solution_marker,
        plant_hidden_tests,
        plant_solution_cell,
        plant_renamed_solution_in_a_module,
        plant_import,
        plant_dynamic_import,
        plant_solutions_folder,
        plant_autograder_folder,
    ],
)
def test_scan_reports_exactly_the_planted_leak(copy, plant):
    expected = plant(copy)
    assert bundle.scan_bundle(copy) == expected


def test_scan_ignores_prose_and_different_code(copy):
    """Comments and prose naming the grader are fine; a changed body is not the solution's."""
    fn = solution_function("convolution", "conv_forward_naive")
    fn.body.insert(1, ast.parse("x = x + 0").body[0])
    text = "# The autograder compares this with PyTorch.\n"
    text += 'NOTE = "see the autograder docs"\n\n' + ast.unparse(fn) + "\n"
    (copy / "src/cnnlab/own.py").write_text(text)
    assert bundle.scan_bundle(copy) == []


def test_only_solution_code_counts_as_the_solution(tmp_path):
    """Given code in a graded cell is not secret; code around a solution region, or in a solution
    cell without markers (nbgrader hides all of it), is."""
    meta = {"grade": False, "solution": True, "locked": False, "schema_version": 3}
    given = "def given(x):\n    return x + 1\n"
    answer = "def answer(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
    whole = "def whole(x):\n    return 3 * x\n"
    nb = nbformat.v4.new_notebook()
    for k, source in enumerate([given + "\n\n" + answer, whole, "%%time\ndef broken(:"]):
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = {**meta, "grade_id": f"cell{k}_answer"}
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell("def plain(x):\n    return x - 1\n"))  # not graded
    (tmp_path / "solutions" / "a").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "solutions" / "a" / "nb.ipynb")
    known = bundle.solution_fingerprints(tmp_path / "solutions")
    assert sorted(known.values()) == [
        "answer in solutions/a/nb.ipynb",
        "whole in solutions/a/nb.ipynb",
    ]

    student = tmp_path / "student"
    student.mkdir()
    code = (
        given
        + re.sub("(BEGIN|END) SOLUTION", "here", answer)
        + whole
        + "def plain(x):\n    return x - 1\n"
    )
    (student / "m.py").write_text(code.replace("def answer", "def twice"))
    assert bundle.scan_bundle(student, solutions=tmp_path / "solutions") == [
        "m.py: twice (line 3) is the solution's answer in solutions/a/nb.ipynb",
        "m.py: whole (line 7) is the solution's whole in solutions/a/nb.ipynb",
    ]


# --- the command ----------------------------------------------------------------------------------


def test_bundle_command_builds_a_clean_bundle(tmp_path):
    dest = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "autograder", "bundle", "--dest", str(dest)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"student bundle written to {dest} (scanned: clean)" in result.stdout
    assert {p.name for p in (dest / "assignments/numpy_cnn").iterdir()} == {
        p.name for p in RELEASE.glob("*.ipynb")
    }


def test_bundle_command_fails_naming_the_leaking_file(tmp_path, monkeypatch, capsys):
    build = bundle.build_student_bundle

    def build_with_leak(dest, assignments):
        out = build(dest, assignments)
        plant_import(out)
        return out

    monkeypatch.setattr(bundle, "build_student_bundle", build_with_leak)
    assert cli.main(["bundle", "--dest", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'out'}/src/cnnlab/helpers.py: names the 'autograder' package" in err
    assert "NOT clean: 1 problem(s)" in err


def test_bundle_command_refuses_an_unsafe_dest(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    assert cli.main(["bundle", "--dest", str(tmp_path)]) == 2
    assert "git checkout" in capsys.readouterr().err
    assert (tmp_path / ".git").is_dir()
