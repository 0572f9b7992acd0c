"""Two guards against a notebook that tampers with the grader instead of answering.

nbgrader runs the hidden tests in the student's own kernel, after the student's code: anything a
test can do, the student's code could have undone first (patch ``cnnlab.checks``, replace
``autograder.check``, make ``numpy.allclose`` always true, silence IPython's error display). No
check inside that process can be made unbreakable, so there are two layers:

1. :func:`verify_untouched` (inside the kernel, first thing :func:`autograder.check` does): every
   function of the grading modules (``autograder.*``, ``cnnlab.checks.*``, ``cnnlab.gradcheck``,
   ``cnnlab.train``) must still be the one its source file defines, compared code object by
   code object with a fresh compile of that file, and the NumPy and builtin functions the checks
   compare with must still be NumPy's and Python's own. Monkeypatching any of them turns every
   later check into a failure that says what was patched.
2. :func:`scan_source` (outside the kernel, on the submitted text, before grading): the answer
   cells may not reach into the grader, the interpreter or the machine (assign to attributes of
   imported modules, ``setattr`` on them, ``sys.modules``, ``__code__``/``__globals__``/frames,
   ``builtins``, ``gc``/``ctypes``/``importlib``, ``exec``/``eval``/``__import__``, IPython's
   error display, sockets and subprocesses). A finding holds the notebook's automatic points for
   the instructor (``autograder.pipeline``): the text is what was submitted, so it cannot be
   forged from inside the kernel. It can be evaded by code clever enough to hide from an AST scan;
   the instructor's review of flagged and top-scoring notebooks remains the last line.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import numpy as np

# Modules whose every function must still be the one in its source file.
GUARDED_PREFIXES = ("autograder", "cnnlab.checks", "cnnlab.gradcheck", "cnnlab.train")
# NumPy functions the checks compare results with, by the name NumPy defines them under.
NUMPY_FUNCTIONS = ("allclose", "isclose", "array_equal", "asarray", "argwhere", "unravel_index")
NUMPY_UFUNCS = ("abs", "isnan", "isfinite", "maximum")
BUILTINS = ("isinstance", "len", "print", "callable", "getattr", "type", "zip", "range", "repr")
DATACLASS_METHODS = ("__init__", "__repr__", "__eq__", "__setattr__", "__delattr__", "__hash__")
BUILTIN_EXCEPTIONS = ("Exception", "AssertionError", "BaseException", "ValueError", "TypeError")


class TamperedGrader(AssertionError):
    """The notebook changed the grading code; the message names what was changed."""


def _code_objects(code: types.CodeType) -> Iterator[tuple[str, types.CodeType]]:
    """(qualified name, code object) of every function defined in a module's code."""
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield const.co_qualname, const
            yield from _code_objects(const)


def _same_code(a: types.CodeType, b: types.CodeType) -> bool:
    """Whether two code objects do the same thing (bytecode, names and constants, recursively)."""
    if a.co_code != b.co_code or a.co_names != b.co_names or a.co_varnames != b.co_varnames:
        return False
    consts_a = [c for c in a.co_consts if not isinstance(c, types.CodeType)]
    consts_b = [c for c in b.co_consts if not isinstance(c, types.CodeType)]
    nested_a = [c for c in a.co_consts if isinstance(c, types.CodeType)]
    nested_b = [c for c in b.co_consts if isinstance(c, types.CodeType)]
    return (
        repr(consts_a) == repr(consts_b)
        and len(nested_a) == len(nested_b)
        and all(_same_code(x, y) for x, y in zip(nested_a, nested_b, strict=True))
    )


_COMPILED: dict[str, dict[str, types.CodeType]] = {}  # the files do not change while grading


def _compiled(path: str, cache: dict[str, dict[str, types.CodeType]]) -> dict[str, types.CodeType]:
    """Qualified name -> code object of every function the source file ``path`` defines."""
    if path not in cache:
        source = Path(path).read_text(encoding="utf-8")
        module_code = compile(source, path, "exec", dont_inherit=True)
        cache[path] = dict(_code_objects(module_code))
    return cache[path]


def _module_problems(
    module: types.ModuleType, cache: dict[str, dict[str, types.CodeType]]
) -> list[str]:
    """Functions of one grading module that are not what its source file defines."""
    path = getattr(module, "__file__", None)
    if not path or not path.endswith(".py"):
        return []
    defined = _compiled(path, cache)
    problems = []

    def own(fn: types.FunctionType, label: str) -> None:
        fn = inspect.unwrap(fn)  # a decorated function (contextmanager, wraps): its own code
        if fn.__code__.co_filename == "<string>" and fn.__name__ in DATACLASS_METHODS:
            return  # written by @dataclass from the class's fields
        original = defined.get(fn.__code__.co_qualname)
        if fn.__code__.co_filename != path or original is None:
            problems.append(f"{label} was replaced")
        elif not _same_code(fn.__code__, original):
            problems.append(f"{label} was changed")

    for name, value in list(vars(module).items()):
        label = f"{module.__name__}.{name}"
        if isinstance(value, type) and value.__module__ == module.__name__:
            for attr, fn in list(vars(value).items()):
                if isinstance(fn, types.FunctionType):
                    own(fn, f"{label}.{attr}")
        elif isinstance(value, types.FunctionType):
            owner = value.__module__
            if owner == module.__name__:
                own(value, label)
            elif isinstance(owner, str) and owner.startswith(GUARDED_PREFIXES):
                if getattr(sys.modules.get(owner), value.__name__, None) is not value:
                    problems.append(f"{label} was replaced")
            elif (
                owner == "__main__"
                or getattr(sys.modules.get(owner), value.__name__, None) is not value
            ):
                problems.append(f"{label} was replaced by notebook code")
    for qualname in defined:
        if "." not in qualname and "<" not in qualname and qualname not in vars(module):
            problems.append(f"{module.__name__}.{qualname} was deleted")
    return problems


def problems() -> list[str]:
    """Everything the notebook changed in the grading code, as phrases ([] when untouched)."""
    found: list[str] = []
    cache = _COMPILED
    for name, module in list(sys.modules.items()):
        if isinstance(module, types.ModuleType) and name.startswith(GUARDED_PREFIXES):
            try:
                found += _module_problems(module, cache)
            except (OSError, SyntaxError) as exc:
                found.append(f"{name} cannot be read back ({type(exc).__name__})")
    numpy = sys.modules.get("numpy")
    if numpy is not np:
        found.append("sys.modules['numpy'] was replaced")
    for name in NUMPY_FUNCTIONS:
        fn = getattr(np, name, None)
        if getattr(fn, "__name__", None) != name or not str(
            getattr(fn, "__module__", "")
        ).startswith("numpy"):
            found.append(f"numpy.{name} was replaced")
    for name in NUMPY_UFUNCS:
        if not isinstance(getattr(np, name, None), np.ufunc):
            found.append(f"numpy.{name} was replaced")
    for name in BUILTINS:
        fn = getattr(builtins, name, None)
        kind_ok = isinstance(fn, types.BuiltinFunctionType | type)
        if not (kind_ok and fn.__name__ == name and fn.__module__ == "builtins"):
            found.append(f"builtins.{name} was replaced")
    for name in BUILTIN_EXCEPTIONS:
        cls = getattr(builtins, name, None)
        if not (isinstance(cls, type) and cls.__module__ == "builtins" and cls.__name__ == name):
            found.append(f"builtins.{name} was replaced")
    return found


def verify_untouched() -> None:
    """Raise TamperedGrader naming what the notebook changed in the grading code, if anything."""
    try:
        found = problems()
    except Exception as exc:  # noqa: BLE001 (patched builtins break the verification itself)
        found = [f"the grading code could not check itself ({type(exc).__name__}: {exc})"]
    if found:
        listed = "; ".join(found[:5]) + (f"; and {len(found) - 5} more" if len(found) > 5 else "")
        raise TamperedGrader(
            "the notebook changed the grading code, so no check can be trusted: "
            f"{listed}. Remove the code that does this; nothing else is graded until then."
        )


# --- the static scan, outside the kernel -----------------------------------------------------

# Modules a graded answer has no reason to touch at all.
FORBIDDEN_IMPORTS = {
    "builtins": "the builtins",
    "gc": "the garbage collector (reaching other objects)",
    "ctypes": "raw memory",
    "importlib": "the import machinery",
    "inspect": "frames and source of other code",
    "socket": "the network",
    "subprocess": "other programs",
    "multiprocessing": "other processes",
    "autograder": "the grader",
    "ipykernel": "the notebook's kernel",
}
FORBIDDEN_NAMES = {
    "exec": "runs code built from text",
    "eval": "runs code built from text",
    "compile": "compiles code built from text",
    "__import__": "imports modules by computed names",
    "get_ipython": "reaches the notebook's kernel",
}
FORBIDDEN_ATTRIBUTES = {
    "__code__": "rewrites compiled code",
    "__globals__": "reaches another module's globals",
    "__builtins__": "reaches the builtins",
    "__closure__": "reaches another function's variables",
    "__subclasses__": "walks the class tree",
    "f_back": "walks the call stack",
    "f_globals": "walks the call stack",
    "f_locals": "walks the call stack",
    "_getframe": "walks the call stack",
    "showtraceback": "silences error messages",
    "excepthook": "silences error messages",
}
OS_CALLS = {"system", "fork", "forkpty", "kill", "killpg", "execv", "execve", "popen", "spawnv"}


def _root_name(node: ast.AST) -> str | None:
    """``a`` for ``a.b.c`` (or ``a``), None for anything else."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def scan_source(source: str, modules: set[str] | None = None) -> list[str]:
    """Findings in one cell's source: ways it reaches into the grader, interpreter or machine.

    Inputs:
    - source: the cell's text (IPython magics and shell lines are ignored).
    - modules: names bound to imported modules by earlier cells (updated in place), so that
      ``np.allclose = ...`` is found when ``np`` was imported in another cell.

    Returns: one phrase per finding (``"line 3: assigns to np.allclose (an imported module)"``);
    [] for ordinary code, including code with errors (a syntax error is graded, not flagged).
    """
    modules = modules if modules is not None else set()
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return []
    found: list[tuple[int, str]] = []

    def flag(node: ast.AST, text: str) -> None:
        found.append((getattr(node, "lineno", 0), text))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in names:
                root = name.split(".")[0]
                if root in FORBIDDEN_IMPORTS:
                    flag(node, f"imports {name} ({FORBIDDEN_IMPORTS[root]})")
            if isinstance(node, ast.Import):
                modules.update((a.asname or a.name).split(".")[0] for a in node.names)
            elif node.module:
                if node.module == "os" or node.module.startswith("os."):
                    for alias in node.names:
                        if alias.name in OS_CALLS or alias.name == "environ":
                            flag(node, f"imports os.{alias.name}")
                modules.update(a.asname or a.name for a in node.names if a.name[:1].islower())
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            reason = FORBIDDEN_NAMES.get(node.id)
            if reason:
                flag(node, f"uses {node.id} ({reason})")
        elif isinstance(node, ast.Attribute):
            reason = FORBIDDEN_ATTRIBUTES.get(node.attr)
            root = _root_name(node)
            if reason:
                flag(node, f"uses .{node.attr} ({reason})")
            elif node.attr == "modules" and root == "sys":
                flag(node, "uses sys.modules (replaces modules)")
            elif node.attr in OS_CALLS and root == "os":
                flag(node, f"calls os.{node.attr}")
            elif node.attr == "environ" and root == "os" and isinstance(node.ctx, ast.Store):
                flag(node, "assigns os.environ")
            elif node.attr == "__module__" and isinstance(node.ctx, ast.Store):
                flag(node, "assigns .__module__ (disguises a function)")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Attribute | ast.Subscript):
                        root = _root_name(sub.value if isinstance(sub, ast.Subscript) else sub)
                        if root in modules and isinstance(sub, ast.Attribute):
                            flag(node, f"assigns to {ast.unparse(sub)} (an imported module)")
                        elif root == "os" or (
                            isinstance(sub, ast.Subscript)
                            and isinstance(sub.value, ast.Call)
                            and _root_name(sub.value.func) == "globals"
                        ):
                            flag(node, f"assigns to {ast.unparse(sub)}")
        elif isinstance(node, ast.Call):
            name = _root_name(node.func) if isinstance(node.func, ast.Name) else None
            if name in {"setattr", "delattr"} and node.args:
                target = _root_name(node.args[0])
                if target in modules or target in {"sys", "builtins", "np", "numpy"}:
                    flag(node, f"calls {name} on {target} (an imported module)")
    return [f"line {line}: {text}" for line, text in sorted(set(found))]


def scan_notebook(cells: list[tuple[str, str]]) -> list[str]:
    """Findings of every answer cell, ``"<grade_id> <finding>"``; cells are (grade_id, source)."""
    modules: set[str] = set()
    found = []
    for grade_id, source in cells:
        found += [f"{grade_id} {finding}" for finding in scan_source(source, modules)]
    return found
