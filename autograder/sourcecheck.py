"""Check that graded NumPy functions do not call PyTorch, SciPy, cnnlab or the autograder.

The check reads the compiled code (its bytecode), not the text: a graded function, and every
notebook function it calls (followed through the global names it reads that resolve to functions
of the same namespace), must not

- import one of the forbidden modules inside the function (nested functions and comprehensions
  are searched too), nor
- use a global whose value comes from a forbidden module (``import torch`` at the top of a cell,
  ``F = torch.nn.functional``, ``from scipy.signal import correlate2d``, a tensor stored in a
  global) or holds such a value in a dict, list, tuple or set (``ops = {"conv": F.conv2d}``),
  however deep, nor
- call ``__import__``/``importlib.import_module`` with a forbidden module's name.

A graded class is checked through its methods (and properties, static and class methods), its
class attributes and its base classes. A task may allow some modules of a forbidden package for
one grade id (``ALLOWED_MODULES`` of its task module, e.g. the given ``cnnlab.layers`` for the
cnn notebook's network): those modules and their submodules may then be imported and used.

``autograder`` is forbidden too: the hidden tests run in the student's kernel, so a graded
function could otherwise return the grader's own PyTorch references
(``autograder.tasks.REFERENCES``) instead of computing anything.

Graded PyTorch code may use torch, but not the one operation it has to write itself:
:func:`check_names` forbids names (``F.conv2d``, ``conv2d``, ``.backward()``,
``torch.autograd.grad`` ...) in a graded function or class and the notebook functions it calls,
and the autograder as above.
"""

from __future__ import annotations

import dis
import types
from collections.abc import Callable, Collection, Iterator
from typing import Any

FORBIDDEN = ("torch", "scipy", "cnnlab", "autograder")
"""The packages a graded function must not use (unless its grade id allows a module of one)."""
_GLOBAL_LOADS = ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_FROM_DICT_OR_GLOBALS")


class ForbiddenUse(AssertionError):
    """A graded function uses a module it must not use; the message says which and where."""


def _forbidden_root(module_name: Any, allowed: tuple[str, ...] = ()) -> str | None:
    """The forbidden top-level package of a dotted module name, or None.

    A module in ``allowed``, or a submodule of one, is not forbidden.
    """
    if not isinstance(module_name, str):
        return None
    if any(module_name == a or module_name.startswith(f"{a}.") for a in allowed):
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


def _contents(value: Any) -> Iterator[Any]:
    """``value`` and every object inside it (dict keys and values, list, tuple and set items).

    Nested containers are searched however deep; each object is yielded once.
    """
    todo, seen = [value], set()
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        if isinstance(item, dict):
            todo += [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple | set | frozenset):
            todo += list(item)


def _forbidden_source(value: Any, allowed: tuple[str, ...]) -> str | None:
    """How ``value`` is forbidden (``"comes from <module>"``, ``"holds an object from <module>"``).

    None when neither it nor anything inside it (:func:`_contents`) comes from a forbidden module.
    """
    for part in _contents(value):
        module = _module_of(part)
        if _forbidden_root(module, allowed):
            return f"comes from {module}" if part is value else f"holds an object from {module}"
    return None


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    """A code object and every code object nested in it (inner functions, comprehensions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _references(code: types.CodeType) -> tuple[set[str], set[str]]:
    """The global names one code object reads, and the modules it imports.

    ``from a import b`` counts as importing ``a.b`` (a submodule or a name of ``a``), so that an
    allowed submodule can be imported from its package; ``import a`` as importing ``a``.
    """
    global_names: set[str] = set()
    imported: set[str] = set()
    module, names = None, []  # the last IMPORT_NAME and the IMPORT_FROM names read after it
    for instruction in [*dis.get_instructions(code), None]:
        if instruction is None or instruction.opname == "IMPORT_NAME":
            if module is not None:
                imported.update([f"{module}.{name}" for name in names] if names else [module])
            module, names = (instruction.argval, []) if instruction is not None else (None, [])
        elif instruction.opname == "IMPORT_FROM":
            names.append(instruction.argval)
        elif instruction.opname in _GLOBAL_LOADS:
            global_names.add(instruction.argval)
    return global_names, imported


def _named(value: Any, names: Collection[str]) -> str | None:
    """``"module.name"`` if ``value`` (or an object inside it) is a function or class in ``names``.

    That is how ``conv2d`` imported under another name is found; None if there is none.
    """
    for part in _contents(value):
        own = getattr(part, "__name__", None)
        if own in names and callable(part):
            return f"{_module_of(part)}.{own}"
    return None


def _problems(
    fn: types.FunctionType,
    allowed: tuple[str, ...] = (),
    names: Collection[str] = (),
    ignore: Collection[str] = (),
) -> tuple[list[str], list[types.FunctionType]]:
    """What is forbidden in one function, and the notebook functions it calls.

    ``names``: attribute and global names that are forbidden too (see :func:`check_names`);
    ``ignore``: global names that are neither searched nor followed.
    """
    problems: list[str] = []
    callees: list[types.FunctionType] = []
    namespace = fn.__globals__
    for name, cell in zip(fn.__code__.co_freevars, fn.__closure__ or (), strict=False):
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        source = _forbidden_source(value, allowed)
        if source:
            problems.append(f"it uses {name}, which {source}")
        elif names and (named := _named(value, names)):
            problems.append(f"it uses {name}, which is {named}")
    for code in _code_objects(fn.__code__):
        global_names, imported = _references(code)
        problems += [
            f"it imports {name}" for name in sorted(imported) if _forbidden_root(name, allowed)
        ]
        problems += [f"it uses {name}" for name in sorted(set(code.co_names) & set(names))]
        for name in sorted((global_names & namespace.keys()) - set(ignore) - set(names)):
            value = namespace[name]
            source = _forbidden_source(value, allowed)
            if source:
                problems.append(f"it uses {name}, which {source}")
                continue
            if names and (named := _named(value, names)):
                problems.append(f"it uses {name}, which is {named}")
                continue
            callees += [  # notebook functions, also those held in a dict, list ...
                part
                for part in _contents(value)
                if isinstance(part, types.FunctionType) and part.__globals__ is namespace
            ]
        if set(code.co_names) & {"__import__", "import_module"}:
            for const in code.co_consts:
                if _forbidden_root(const, allowed):
                    problems.append(f"it imports {const}")
    return problems, callees


def _class_entries(
    cls: type, allowed: tuple[str, ...], names: Collection[str] = ()
) -> tuple[list[tuple[types.FunctionType, str]], list[str]]:
    """The functions of a graded class (methods, properties ...) and what is forbidden in it.

    Base classes defined in the notebook are searched too; a base class or a class attribute
    that comes from a forbidden module, or is named in ``names``, is a problem.
    """
    entries: list[tuple[types.FunctionType, str]] = []
    problems: list[str] = []
    for klass in cls.__mro__:
        if klass is object:
            continue
        if klass is not cls and klass.__module__ != cls.__module__:  # not the notebook's
            root = _forbidden_root(klass.__module__, allowed)
            if root or klass.__name__ in names:
                problems.append(f"it subclasses {klass.__qualname__} from {klass.__module__}")
            continue
        for name, value in vars(klass).items():
            if isinstance(value, staticmethod | classmethod):
                value = value.__func__
            parts = [value.fget, value.fset, value.fdel] if isinstance(value, property) else [value]
            functions = [part for part in parts if isinstance(part, types.FunctionType)]
            entries += [(f, f"{klass.__name__}.{f.__name__}") for f in functions]
            if not functions and not (name.startswith("__") and name.endswith("__")):
                source = _forbidden_source(value, allowed)
                if source:
                    problems.append(f"its attribute {name} {source}")
                elif names and (named := _named(value, names)):
                    problems.append(f"its attribute {name} is {named}")
    return entries, problems


def violations(
    fn: Callable[..., Any],
    allowed: tuple[str, ...] = (),
    *,
    names: Collection[str] = (),
    ignore: Collection[str] = (),
) -> list[str]:
    """Every forbidden use in ``fn`` and the notebook functions it calls, as sentences.

    ``fn`` is a function or a class (its methods are checked); the modules in ``allowed`` (and
    their submodules) may be used. ``names`` are forbidden attribute and global names (see
    :func:`check_names`); the globals named in ``ignore`` are not searched.
    """
    found: list[str] = []
    if isinstance(fn, type):
        entries, problems = _class_entries(fn, allowed, names)
        found += [f"{fn.__name__}: {problem}" for problem in problems]
    elif isinstance(fn, types.FunctionType):
        qualified = "<locals>" not in fn.__qualname__  # a method given alone: "Class.method"
        entries = [(fn, fn.__qualname__ if qualified else fn.__name__)]
    else:
        return []
    entry_ids = {id(entry) for entry, _ in entries}
    seen: set[int] = set()
    stack = list(reversed(entries))
    while stack:
        current, path = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        problems, callees = _problems(current, allowed, names, ignore)
        where = path if id(current) in entry_ids else f"{path} (called by {fn.__name__})"
        found += [f"{where}: {problem}" for problem in problems]
        stack += [(callee, callee.__name__) for callee in callees]
    return found


def check_function(name: str, fn: Callable[..., Any], allowed: tuple[str, ...] = ()) -> None:
    """Raise ForbiddenUse if ``fn`` or a notebook function it calls uses a FORBIDDEN package.

    ``allowed`` names modules that this graded function (or class) may use all the same.
    """
    found = violations(fn, allowed)
    if not found:
        return
    if allowed:
        rule = f"NumPy and {', '.join(allowed)} only (nothing else from {', '.join(FORBIDDEN)})"
    else:
        rule = f"NumPy only (no {', '.join(FORBIDDEN)})"
    raise ForbiddenUse(f"{name} must be written with {rule}:\n  " + "\n  ".join(found))


def check_names(
    name: str,
    fn: Callable[..., Any],
    names: Collection[str],
    rule: str,
    ignore: Collection[str] = (),
) -> None:
    """Raise ForbiddenUse if ``fn`` uses one of ``names`` or the autograder (graded PyTorch code).

    ``fn`` is a function or a class (its methods, properties and notebook base classes); the
    notebook functions it calls are searched too. A use of a name is an attribute or a global
    read by that name (``F.conv2d(...)``, ``conv2d(...)``, ``loss.backward()``), an import of it
    inside the function, or a global or closure value that is a function or class of that name
    (``from torch.nn.functional import conv2d as c``). Every module but the autograder may be
    used (see the module docstring for why it is forbidden).

    Inputs:
    - name: what the message calls ``fn`` (e.g. ``"Conv2dFunction.backward"``)
    - fn: the graded function or class
    - names: the forbidden attribute and global names
    - rule: the sentence that says what is expected, first in the message
    - ignore: global names that are not searched (those the hidden test replaces by references)
    """
    pytorch = tuple(package for package in FORBIDDEN if package != "autograder")
    found = violations(fn, pytorch, names=names, ignore=ignore)
    if found:
        raise ForbiddenUse(f"{name}: {rule}\n  " + "\n  ".join(found))
