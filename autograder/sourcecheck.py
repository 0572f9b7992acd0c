"""Check that graded NumPy functions do not call PyTorch, SciPy or cnnlab.

The check reads the compiled code (its bytecode), not the text: a graded function, and every
notebook function it calls (followed through the global names it reads that resolve to functions
of the same namespace), must not

- import one of the forbidden modules inside the function (nested functions and comprehensions
  are searched too), nor
- use a global whose value comes from a forbidden module (``import torch`` at the top of a cell,
  ``F = torch.nn.functional``, ``from scipy.signal import correlate2d``, a tensor stored in a
  global), nor
- call ``__import__``/``importlib.import_module`` with a forbidden module's name.
"""

from __future__ import annotations

import dis
import types
from collections.abc import Callable, Iterator
from typing import Any

FORBIDDEN = ("torch", "scipy", "cnnlab")
_GLOBAL_LOADS = ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS")


class ForbiddenUse(AssertionError):
    """A graded function uses a module it must not use; the message says which and where."""


def _forbidden_root(module_name: Any) -> str | None:
    """The forbidden top-level package of a dotted module name, or None."""
    if not isinstance(module_name, str):
        return None
    root = module_name.split(".")[0]
    return root if root in FORBIDDEN else None


def _module_of(value: Any) -> str | None:
    """The name of the module a global value comes from (a module, a function, an object)."""
    if isinstance(value, types.ModuleType):
        return value.__name__
    module = getattr(value, "__module__", None)
    if isinstance(module, str):
        return module
    owner = getattr(value, "__self__", None)  # builtin methods of a module or of a class
    if owner is not None and owner is not value:
        return _module_of(owner)
    return type(value).__module__


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    """A code object and every code object nested in it (inner functions, comprehensions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _references(code: types.CodeType) -> tuple[set[str], set[str]]:
    """The global names one code object reads, and the modules it imports (not attributes)."""
    global_names: set[str] = set()
    imported: set[str] = set()
    for instruction in dis.get_instructions(code):
        if instruction.opname in _GLOBAL_LOADS:
            global_names.add(instruction.argval)
        elif instruction.opname == "IMPORT_NAME":
            imported.add(instruction.argval)
    return global_names, imported


def _problems(fn: types.FunctionType) -> tuple[list[str], list[types.FunctionType]]:
    """What is forbidden in one function, and the notebook functions it calls."""
    problems: list[str] = []
    callees: list[types.FunctionType] = []
    namespace = fn.__globals__
    for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or (), strict=False):
        try:
            root = _forbidden_root(_module_of(cell.cell_contents))
        except ValueError:  # an empty cell
            continue
        if root:
            problems.append(f"it uses {name}, which comes from {root}")
    for code in _code_objects(fn.__code__):
        global_names, imported = _references(code)
        problems += [f"it imports {name}" for name in sorted(imported) if _forbidden_root(name)]
        for name in sorted(global_names & namespace.keys()):
            value = namespace[name]
            root = _forbidden_root(_module_of(value))
            if root:
                problems.append(f"it uses {name}, which comes from {_module_of(value)}")
            elif isinstance(value, types.FunctionType) and value.__globals__ is namespace:
                callees.append(value)
        if set(code.co_names) & {"__import__", "import_module"}:
            for const in code.co_consts:
                if _forbidden_root(const):
                    problems.append(f"it imports {const}")
    return problems, callees


def violations(fn: Callable[..., Any]) -> list[str]:
    """Every forbidden use in ``fn`` and the notebook functions it calls, as sentences."""
    if not isinstance(fn, types.FunctionType):
        return []
    found: list[str] = []
    seen: set[int] = set()
    stack: list[tuple[types.FunctionType, str]] = [(fn, fn.__name__)]
    while stack:
        current, path = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        problems, callees = _problems(current)
        where = fn.__name__ if current is fn else f"{path} (called by {fn.__name__})"
        found += [f"{where}: {problem}" for problem in problems]
        stack += [(callee, callee.__name__) for callee in callees]
    return found


def check_function(name: str, fn: Callable[..., Any]) -> None:
    """Raise ForbiddenUse if ``fn`` or a notebook function it calls uses torch, scipy or cnnlab."""
    found = violations(fn)
    if found:
        raise ForbiddenUse(
            f"{name} must be written with NumPy only (no {', '.join(FORBIDDEN)}):\n  "
            + "\n  ".join(found)
        )
