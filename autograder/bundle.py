"""The student bundle: what a student downloads, and a scan that nothing instructor-only leaked.

:func:`build_student_bundle` writes ``dist/student/`` (by default) from the committed files::

    assignments/<a>/*.ipynb   the committed release, byte for byte
    src/cnnlab/               the student-facing package (no __pycache__)
    pyproject.toml            installs cnnlab only, with the repository's pins and student extras
    data/                     get_cifar10.py and its README
    README.md                 from templates/student_README.md: setup, checks, submitting

:func:`scan_bundle` lists what must never reach a student: nbgrader solution or hidden-test
markers, code that imports or names the instructor package, a function or class whose code
(AST, without names and docstrings) equals one a solution notebook defines in its solution
regions, and any file under a ``solutions`` or ``autograder`` folder. ``python -m autograder
bundle`` builds, scans, and fails naming each problem's file.
"""

from __future__ import annotations

import ast
import io
import json
import re
import shutil
import string
import tokenize
import tomllib
from collections.abc import Iterable
from pathlib import Path

from autograder import notebooks
from cnnlab.checks import ASSIGNMENTS as ASSIGNMENTS_OF_COURSE

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DEST = REPO / "dist" / "student"
TEMPLATE = Path(__file__).resolve().parent / "templates" / "student_README.md"
ASSIGNMENTS = tuple(ASSIGNMENTS_OF_COURSE)
"""The assignments bundled by default: all of them (:data:`cnnlab.checks.ASSIGNMENTS`)."""
PACKAGE = "cnnlab"
STUDENT_EXTRAS = ("torch", "student")
"""The optional-dependency groups of the repository's pyproject.toml that students get."""
DESCRIPTION = (
    "The cnnlab helpers of the course notebooks: checks, gradient checks, data, layers, plots"
)
DATA_FILES = ("get_cifar10.py", "README.md")
"""The files of ``data/`` that go into the bundle."""

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
"""nbgrader markers: their text anywhere in the bundle means instructor content leaked."""
FORBIDDEN_FOLDERS = ("solutions", "autograder")
INSTRUCTOR_MODULE = "autograder"
_SOLUTION_REGION = re.compile(r"^\s*###?\s*(BEGIN|END) SOLUTION", re.M)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
Def = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def build_student_bundle(
    dest: Path = DEFAULT_DEST, assignments: Iterable[str] = ASSIGNMENTS
) -> Path:
    """Write the student bundle into ``dest``, removing what was there first; return ``dest``.

    Inputs:
    - dest: the bundle folder; an existing one is deleted first, so it may not be the repository,
      one of its parents, a folder of the repository outside ``dist/``, or a git checkout
    - assignments: the assignments whose committed release (``assignments/<a>/``: the notebooks
      and the given files beside them, e.g. a script) goes in

    Raises ValueError for an unsafe ``dest`` or an assignment without release notebooks.
    """
    dest = Path(dest).resolve()
    assignments = tuple(assignments)
    check_dest(dest)
    releases = {a: sorted((REPO / "assignments" / a).glob("*.ipynb")) for a in assignments}
    for assignment, paths in releases.items():
        if not paths:
            raise ValueError(
                f"assignment {assignment!r} has no release notebooks in "
                f"{REPO / 'assignments' / assignment} (run `make release` first)"
            )
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)

    for assignment in releases:
        (dest / "assignments" / assignment).mkdir(parents=True)
        for path in sorted((REPO / "assignments" / assignment).iterdir()):
            if path.is_file() and not path.name.startswith("."):  # notebooks and given scripts
                shutil.copyfile(path, dest / "assignments" / assignment / path.name)
    shutil.copytree(
        REPO / "src" / PACKAGE,
        dest / "src" / PACKAGE,
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", ".ipynb_checkpoints"),
    )
    (dest / "data").mkdir()
    for name in DATA_FILES:
        shutil.copyfile(REPO / "data" / name, dest / "data" / name)
    (dest / "pyproject.toml").write_text(student_pyproject())
    (dest / "README.md").write_text(student_readme(releases))
    return dest


def check_dest(dest: Path) -> None:
    """Refuse a ``dest`` whose deletion would lose work (see :func:`build_student_bundle`)."""
    if dest == REPO or dest in REPO.parents:
        raise ValueError(f"refusing to replace {dest}: it is the repository or contains it")
    if dest.is_relative_to(REPO) and not dest.is_relative_to(REPO / "dist"):
        raise ValueError(f"refusing to replace {dest}: inside the repository, use a dist/ folder")
    if (dest / ".git").exists():
        raise ValueError(f"refusing to replace {dest}: it is a git checkout")
    if dest.exists() and not dest.is_dir():
        raise ValueError(f"refusing to replace {dest}: it is a file, not a folder")


def student_pyproject() -> str:
    """The bundle's pyproject.toml: cnnlab only, pins and extras read from the repository's."""
    repo = tomllib.loads((REPO / "pyproject.toml").read_text())
    project = repo["project"]
    packages = [p for p in repo["tool"]["setuptools"]["packages"] if p.split(".")[0] == PACKAGE]
    extras = {name: project["optional-dependencies"][name] for name in STUDENT_EXTRAS}
    lines = [
        "# The cnnlab package of the course's student bundle. Generated from the course",
        "# repository's pyproject.toml (the same pins); edits here are lost on the next bundle.",
        "[build-system]",
        f"requires = {_toml(repo['build-system']['requires'])}",
        f"build-backend = {_toml(repo['build-system']['build-backend'])}",
        "",
        "[project]",
        f"name = {_toml(PACKAGE)}",
        f"version = {_toml(project['version'])}",
        f"description = {_toml(DESCRIPTION)}",
        'readme = "README.md"',
        f"requires-python = {_toml(project['requires-python'])}",
        f"license = {_toml(project['license'])}",
        f"dependencies = {_toml(project['dependencies'])}",
        "",
        "[project.optional-dependencies]",
        *(f"{name} = {_toml(reqs)}" for name, reqs in extras.items()),
        "",
        "[tool.setuptools]",
        f"package-dir = {_toml({PACKAGE: f'src/{PACKAGE}'})}",
        f"packages = {_toml(packages)}",
        "",
    ]
    return "\n".join(lines)


def _toml(value: object) -> str:
    """A TOML value for a string, a list of strings or a flat table of strings (inline)."""
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string of printable text is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml(k)} = {_toml(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML form for {type(value).__name__} {value!r}")


def student_readme(releases: dict[str, list[Path]]) -> str:
    """The bundle's README.md: the template with the notebooks of each assignment, in order."""
    from cnnlab.checks import NOTEBOOKS  # the course order of the notebooks

    def order(path: Path) -> tuple[int, str]:
        stem = path.stem
        return (NOTEBOOKS.index(stem) if stem in NOTEBOOKS else len(NOTEBOOKS), stem)

    lines = []
    for assignment, paths in releases.items():
        names = [f"`{p.name}`" for p in sorted(paths, key=order)]
        lines.append(f"- `assignments/{assignment}/`: " + ", ".join(names))
    first = sorted(next(iter(releases.values())), key=order)[0]
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return string.Template(TEMPLATE.read_text()).substitute(
        notebooks="\n".join(lines),
        first_notebook=first.relative_to(REPO).as_posix(),
        python=project["requires-python"].removeprefix(">="),
    )


# --- the scan ------------------------------------------------------------------------------


def scan_bundle(path: Path, solutions: Path = REPO / "solutions") -> list[str]:
    """Every problem found in the bundle at ``path``, one line each, starting with the file.

    Problems: the text of an nbgrader marker (:data:`MARKERS`) in any file; Python code (``.py``
    files, notebook code cells) that imports or names the ``autograder`` package; a function or
    class defined in that code whose AST, without its name and docstrings, equals one that a
    solution notebook (``solutions/*/*.ipynb``) defines around a ``BEGIN SOLUTION`` region; any
    file under a ``solutions`` or ``autograder`` folder; a notebook that cannot be read.
    An empty list means the bundle is clean.
    """
    path = Path(path)
    known = solution_fingerprints(solutions)
    problems = []
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        folders = [part for part in file.relative_to(path).parts[:-1] if part in FORBIDDEN_FOLDERS]
        if folders:
            problems.append(f"{rel}: a file under a folder named {folders[0]!r} (instructor-only)")
        text = file.read_bytes().decode("utf-8", errors="replace")
        if file.suffix != ".ipynb":
            problems += [f"{rel}: {p}" for p in _markers(text)]
            if file.suffix == ".py":
                problems += [f"{rel}: {p}" for p in _scan_code(text, known)]
            continue
        try:
            nb = notebooks.read(file)
        except Exception as exc:  # noqa: BLE001 (any unreadable notebook is a problem)
            problems.append(f"{rel}: not a readable notebook ({type(exc).__name__}: {exc})")
            problems += [f"{rel}: {p}" for p in _markers(text)]
            continue
        problems += [f"{rel} metadata: {p}" for p in _markers(json.dumps(nb.metadata))]
        for k, cell in enumerate(nb.cells):  # the cell's source, outputs and metadata
            problems += [f"{rel} cell {k}: {p}" for p in _markers(json.dumps(cell))]
            if cell.cell_type == "code":
                problems += [f"{rel} cell {k}: {p}" for p in _scan_code(cell.source, known)]
    return problems


def _markers(text: str) -> list[str]:
    return [f"contains the nbgrader marker {m!r}" for m in MARKERS if m in text]


def solution_fingerprints(solutions: Path) -> dict[str, str]:
    """``{fingerprint: "<name> in <notebook>"}`` of every def or class with solution code.

    Read from the graded cells (nbgrader ``solution`` or ``grade``) of ``solutions/*/*.ipynb``: a
    def or class counts when a ``BEGIN SOLUTION``/``END SOLUTION`` line lies within it, or, in a
    solution cell without markers (nbgrader then hides the whole cell), always. Cells that do not
    parse as Python are skipped.
    """
    known = {}
    for path in sorted(Path(solutions).glob("*/*.ipynb")):
        where = path.relative_to(Path(solutions).parent).as_posix()
        for cell in notebooks.read(path).cells:
            meta = notebooks.nbgrader_meta(cell)
            if cell.cell_type != "code" or not (meta.get("solution") or meta.get("grade")):
                continue
            tree = _parse(cell.source)
            if tree is None:
                continue
            regions = _SOLUTION_REGION.finditer(cell.source)
            marks = [cell.source.count("\n", 0, m.start()) + 1 for m in regions]
            whole = meta.get("solution") and not marks
            for node, fingerprint in definitions(tree):
                if whole or any(node.lineno <= m <= node.end_lineno for m in marks):
                    known.setdefault(fingerprint, f"{node.name} in {where}")
    return known


def definitions(tree: ast.Module) -> list[tuple[Def, str]]:
    """Every def and class in ``tree`` with its fingerprint; removes the tree's docstrings.

    The fingerprint is ``ast.dump`` of the def or class without its own name and without any
    docstring inside it. Comments, blank lines and formatting are not in the AST, so renaming,
    re-documenting or reformatting a copied solution does not change its fingerprint.
    """
    defs = [node for node in ast.walk(tree) if isinstance(node, _DEFS)]
    for node in defs:  # each docstring once, before any dump
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            if isinstance(first.value.value, str):
                node.body = node.body[1:] or [ast.Pass()]
    found = []
    for node in defs:
        name, node.name = node.name, ""
        found.append((node, ast.dump(node)))
        node.name = name
    return found


def _parse(source: str) -> ast.Module | None:
    """The AST of a code cell or file, magic lines (``%``, ``!``) blanked; None if invalid."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        return ast.parse("\n".join(lines))
    except (SyntaxError, ValueError):
        return None


def _scan_code(source: str, known: dict[str, str]) -> list[str]:
    """Problems in one piece of Python: the instructor package named, solution code copied."""
    problems = []
    named = _names_instructor_module(source)
    if named:
        problems.append(f"names the {INSTRUCTOR_MODULE!r} package (line {named})")
    tree = _parse(source)
    if tree is not None:
        for node, fingerprint in definitions(tree):
            if fingerprint in known:
                problems.append(
                    f"{node.name} (line {node.lineno}) is the solution's {known[fingerprint]}"
                )
    return problems


def _names_instructor_module(source: str) -> int | None:
    """The first line where code imports or names ``autograder``, or None.

    Comments and prose strings do not count; a name token ``autograder`` does (``import
    autograder``, ``from autograder import check``, ``autograder.check``), and so does a string
    that is the module's name (``importlib.import_module("autograder.hidden")``). Code that does
    not tokenize is searched as text.
    """
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.NAME and tok.string == INSTRUCTOR_MODULE:
                return tok.start[0]
            if tok.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(tok.string)
                except (ValueError, SyntaxError):
                    continue
                if isinstance(value, str) and value.split(".")[0] == INSTRUCTOR_MODULE:
                    return tok.start[0]
    except (tokenize.TokenError, SyntaxError):
        match = re.search(rf"\b{INSTRUCTOR_MODULE}\b", source)
        if match:
            return source.count("\n", 0, match.start()) + 1
    return None
