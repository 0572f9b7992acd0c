"""Run one grading command in a sandbox: bubblewrap namespaces, resource limits, a wall clock.

``run(argv, workdir, limits)`` runs ``argv`` (e.g. ``python -m nbgrader autograde ...``) as one
process tree that

- sees a read-only system (``/usr``, ``/etc``, ``/bin``, ``/lib*``), the Python installation, the
  virtual environment, the ``cnnlab`` package and a *runtime-only copy* of ``autograder`` (the files
  that hidden tests import, :func:`runtime_files`; never ``pipeline.py``, ``sandbox.py``,
  ``bundle.py`` ...), and nothing else of the host: not the repository's ``solutions/``, the course
  root, other students' folders or the host's ``/tmp`` and ``$HOME``;
- can write only in ``workdir`` (bound read-write at its own path; the working directory), a
  private ``/tmp`` and ``/dev/shm`` (memory file systems of at most ``limits.file_bytes`` each;
  the sandbox's own root and ``/dev`` are remounted read-only);
- has no network but a private loopback (nbgrader talks to its kernel over 127.0.0.1), its own
  process, IPC, UTS and cgroup namespaces, no controlling terminal, no capabilities and
  ``no_new_privs`` (set-user-ID programs do not raise privileges);
- runs under the rlimits of :class:`Limits` (address space, CPU time per process, processes,
  file size, no core dumps) and is killed as a whole when the wall-clock limit is reached;
- gets a small explicit environment (:func:`environment`), not the caller's;
- starts Jupyter kernels (``python3``, the kernel of every course notebook) through a kernelspec
  of its own (:data:`KERNEL_DIR`, :data:`_KERNEL_WRAPPER`): the student's code runs in a nested
  bubblewrap where all of ``workdir`` except the kernel's own folder is read-only (nbgrader's
  ``gradebook.db``, its config, ``submitted/``), in a process namespace of its own (whatever the
  student's code started dies with the kernel, before nbgrader saves the scores), in a user
  namespace of its own (so it cannot reach nbgrader's files through ``/proc/<pid>/root``) and
  unable to make further namespaces.

The tool is Debian's ``bubblewrap`` (``bwrap``): the unprivileged sandbox that Flatpak uses, one
small setuid-free binary, no daemon, no image to build, and available in every distribution.

As root, ``bwrap`` sets up the namespaces with root's rights (so it can bind the Python
installation even under ``/root``), then the launcher drops to a uid of its own for this run
(:data:`UID_BASE` + a slot held with a lock file, so that concurrent runs never share one):
root is exempt from ``RLIMIT_NPROC``, and a uid per run keeps one sandbox's fork bomb from using
another's process budget. ``workdir`` is handed to that uid for the run and back to its owner
afterwards. As an ordinary user, ``bwrap`` makes a user namespace and the tree keeps the user's uid
(``RLIMIT_NPROC`` then counts per namespace).

``sandbox=False`` runs the same command without bubblewrap (rlimits, environment and wall clock
only) for machines where :func:`unavailable_reason` says bubblewrap cannot work.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import fcntl
import functools
import importlib.util
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
"""The ``autograder`` package folder; the sandbox sees the runtime-only copy at this path."""

RUNTIME_ROOTS = ("__init__.py", "tasks")
"""Where the runtime-only copy of ``autograder`` starts: what ``from autograder import check``
runs, and every task module (``autograder.tasks`` imports them by name). :func:`runtime_files`
adds every ``autograder`` module these import, directly or not."""

OUTPUT_CAP = 1 << 20
"""The last this many bytes of stdout and of stderr are kept (the rest is counted, not kept)."""

UID_BASE = 1_800_000_000
"""As root, run ``k`` of this machine's concurrent sandboxes runs as uid and gid UID_BASE + k."""
UID_SLOTS = 4096
"""How many sandboxes may run at once on one machine (as root)."""

LOCK_DIR = Path(tempfile.gettempdir()) / "cnnlab-sandbox-uids"
"""The lock files of the uid slots in use (as root)."""

DRAIN_SECONDS = 5.0
"""After the command ended (or was killed), how long to wait for the rest of its output."""

LAUNCHER_ERROR = 125
"""The launcher's exit code when it could not set the limits or the uid (a grader problem)."""

_LAUNCHER = """\
import os, resource, sys
mem, cpu, nproc, fsize, uid = (int(a) for a in sys.argv[1:6])
argv = sys.argv[7:]
try:
    for res, soft, hard in (
        (resource.RLIMIT_AS, mem, mem),
        (resource.RLIMIT_CPU, cpu, cpu + 5),
        (resource.RLIMIT_NPROC, nproc, nproc),
        (resource.RLIMIT_FSIZE, fsize, fsize),
        (resource.RLIMIT_CORE, 0, 0),
    ):
        top = resource.getrlimit(res)[1]  # never above the caller's own hard limit
        if top != resource.RLIM_INFINITY:
            soft, hard = min(soft, top), min(hard, top)
        resource.setrlimit(res, (soft, hard))
    os.makedirs(os.environ["HOME"], exist_ok=True)
    if uid >= 0:
        os.chown(os.environ["HOME"], uid, uid)
        argv = [
            "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", *argv,
        ]
except OSError as exc:
    sys.stderr.write(f"cnnlab-sandbox launcher: {exc}\\n")
    sys.exit(125)
try:
    os.execvp(argv[0], argv)
except OSError as exc:
    sys.stderr.write(f"cannot run {argv[0]!r}: {exc}\\n")
    sys.exit(127)
"""
"""Runs first in the sandbox: sets the rlimits, makes HOME, execs argv (as root: through
``setpriv``, which drops to the run's uid with no capabilities left, not even inheritable)."""


KERNEL_DIR = "/run/cnnlab-sandbox/jupyter"
"""Where the sandbox sees its Jupyter data folder (JUPYTER_PATH): the kernelspec ``python3``."""

_KERNEL_WRAPPER = """\
import os, sys
workdir, bwrap = sys.argv[1], sys.argv[2]
cwd = os.getcwd()
args = [bwrap, "--unshare-user", "--unshare-pid", "--die-with-parent", "--disable-userns"]
args += ["--unsetenv", "JPY_PARENT_PID"]  # its parent is now pid 1: no polling for it
args += ["--dev-bind", "/", "/", "--ro-bind", workdir, workdir]
if cwd.startswith(workdir + "/"):
    args += ["--bind", cwd, cwd]
args += ["--chdir", cwd, "--"] + sys.argv[4:]
os.execv(bwrap, args)
"""
"""The sandbox's ``python3`` kernel: ipykernel in a nested bubblewrap where the whole ``workdir``
but the kernel's own folder is read-only (nbgrader's gradebook.db, config, submitted/), in its own
process namespace (everything the student's code started dies with the kernel, before nbgrader
saves the scores) and unable to make user namespaces. No braces: jupyter_client formats argv."""


class SandboxError(RuntimeError):
    """The sandbox itself could not start (not the command's fault): the message says why."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed run.

    Attributes:
        wall_seconds: the whole command (e.g. a whole notebook; nbgrader's per-cell timeout stays
            too); then the whole process tree is killed.
        cpu_seconds: RLIMIT_CPU of every process in the tree (SIGXCPU, then SIGKILL 5 s later).
        memory_bytes: RLIMIT_AS (address space) of every process: allocations beyond it fail
            (MemoryError in Python). Must leave room for importing torch (about 1.5 GiB).
        processes: RLIMIT_NPROC: processes and threads of the tree (fork bombs).
        file_bytes: RLIMIT_FSIZE (largest file written); also the size of the private /tmp.
    """

    wall_seconds: float = 900
    cpu_seconds: int = 1800
    memory_bytes: int = 6 * 2**30
    processes: int = 512
    file_bytes: int = 2 * 2**30

    def __post_init__(self) -> None:
        for name in ("wall_seconds", "cpu_seconds", "memory_bytes", "processes", "file_bytes"):
            value = getattr(self, name)
            if not value > 0:
                raise ValueError(f"Limits.{name} must be positive, got {value!r}")


@dataclass
class Completed:
    """What a sandboxed command did.

    Attributes:
        returncode: the command's exit code; a command killed by signal N gives 128 + N in the
            sandbox (bubblewrap's convention) and -N without it.
        stdout, stderr: the output, decoded as UTF-8 (invalid bytes replaced), each cut to its
            last :data:`OUTPUT_CAP` bytes with a note of how much was dropped.
        seconds: wall-clock time of the run.
        timed_out: True when the wall-clock limit killed it.
        reason: what happened, in words ("exit code 0", "killed after the 900 s wall-clock
            limit", "killed by the CPU-time limit (SIGXCPU) ...", "killed by signal 9 (SIGKILL)").
    """

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool
    reason: str


def bwrap_path() -> str | None:
    """The ``bwrap`` executable (on PATH, else /usr/bin/bwrap), or None when not installed."""
    found = shutil.which("bwrap")
    if found:
        return found
    return "/usr/bin/bwrap" if os.access("/usr/bin/bwrap", os.X_OK) else None


@functools.lru_cache(maxsize=1)
def unavailable_reason() -> str | None:
    """None when the sandbox works on this machine, else a sentence saying why not and what to do.

    Tries a real sandboxed run of the current Python (once per process; the answer is cached).
    """
    if bwrap_path() is None:
        return (
            "bubblewrap is not installed (no bwrap executable): install Debian's bubblewrap "
            "(make setup does: apt-get install bubblewrap)"
        )
    with tempfile.TemporaryDirectory(prefix="cnnlab-sandbox-probe-") as tmp:
        try:
            result = run([sys.executable, "-c", "import sys; sys.exit(0)"], Path(tmp), Limits(60))
        except SandboxError as exc:
            text = str(exc)
            if any(
                word in text
                for word in ("namespace", "uid map", "uid_map", "Operation not permitted")
            ):
                return (
                    f"bubblewrap cannot create its namespaces here ({text}): user namespaces are "
                    "disabled (sysctl user.max_user_namespaces=0, "
                    "kernel.unprivileged_userns_clone=0 or Ubuntu's AppArmor restriction "
                    "kernel.apparmor_restrict_unprivileged_userns=1) or a container forbids them"
                )
            return f"bubblewrap does not work here: {text}"
    if result.returncode != 0:
        return f"a sandboxed Python does not start here ({result.reason}): {result.stderr[-500:]}"
    return None


def environment(home: str, tmp: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The whole environment of a sandboxed command (the caller's ``extra`` wins).

    PATH is the virtual environment's bin (nbgrader runs ``alembic`` from it) and the system's;
    HOME, TMPDIR and the Jupyter, IPython and Matplotlib folders are under ``tmp``; one thread per
    numerical library (the tree's process limit counts threads).
    """
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin:/usr/bin:/bin"]),
        "HOME": home,
        "TMPDIR": tmp,
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{tmp}/matplotlib",
        "JUPYTER_RUNTIME_DIR": f"{tmp}/jupyter-runtime",
        "JUPYTER_PLATFORM_DIRS": "1",
        "IPYTHONDIR": f"{tmp}/ipython",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    env.update(extra or {})
    return env


def run(
    argv: Sequence[str],
    workdir: Path,
    limits: Limits = Limits(),  # noqa: B008 (frozen dataclass: an immutable default)
    env: Mapping[str, str] | None = None,
    sandbox: bool = True,
    readonly: Sequence[Path] = (),
) -> Completed:
    """Run ``argv`` in ``workdir`` under ``limits``; never raises for anything the command does.

    Inputs:
        argv: the command, e.g. ``[sys.executable, "-m", "nbgrader", "autograde", ...]``.
        workdir: an existing folder: the working directory and the only host folder the command
            may write (seen at the same path inside the sandbox).
        limits: the resource limits.
        env: extra environment variables on top of :func:`environment`.
        sandbox: False runs without bubblewrap (rlimits, environment and wall clock only).
        readonly: more host folders the command may read (same path inside; e.g. a data set).

    Returns:
        A :class:`Completed`.

    Raises:
        ValueError: empty argv or workdir not a folder.
        SandboxError: bubblewrap is missing or could not set the sandbox up (never the
            command's fault).
    """
    if not argv:
        raise ValueError("run() needs a command, got an empty argv")
    workdir = Path(workdir).resolve()
    if not workdir.is_dir():
        raise ValueError(f"workdir {workdir} is not an existing folder")
    with contextlib.ExitStack() as stack:
        if not sandbox:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="cnnlab-nosandbox-"))
            full_env = environment(f"{tmp}/home", tmp, env)
            command = _launcher(limits, uid=-1) + list(argv)
            return _execute(command, workdir, full_env, limits, sandboxed=False)
        bwrap = bwrap_path()
        if bwrap is None:
            raise SandboxError(str(unavailable_reason()))
        as_root = os.geteuid() == 0
        uid = stack.enter_context(_uid_slot()) if as_root else -1
        staged = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cnnlab-sandbox-")))
        stage_runtime(staged / "autograder")
        stage_kernel(staged / "jupyter", workdir, bwrap)
        if as_root:
            owner = workdir.stat()
            _chown_tree(workdir, uid, uid)
            stack.callback(_chown_tree, workdir, owner.st_uid, owner.st_gid)
        status_read, status_write = os.pipe()
        stack.callback(os.close, status_read)
        command = [
            bwrap,
            *_bwrap_args(workdir, staged, limits, as_root, readonly),
            "--json-status-fd",
            str(status_write),
            "--",
            *_launcher(limits, uid),
            *argv,
        ]
        full_env = environment("/tmp/home", "/tmp", {"JUPYTER_PATH": KERNEL_DIR, **(env or {})})
        completed = _execute(
            command, workdir, full_env, limits, sandboxed=True, pass_fds=(status_write,)
        )
        status = _read_all(status_read)  # bwrap reports "exit-code" once the command ran
        if not completed.timed_out and '"exit-code"' not in status:
            raise SandboxError(_sandbox_failure(completed.stderr, bwrap))
        launcher_failed = "cnnlab-sandbox launcher:" in completed.stderr
        if completed.returncode == LAUNCHER_ERROR and launcher_failed:
            raise SandboxError(_sandbox_failure(completed.stderr, "cnnlab-sandbox launcher"))
        return completed
    raise AssertionError("unreachable")  # pragma: no cover


def _module_file(module: str) -> Path | None:
    """The file of an ``autograder`` module (``autograder.tasks`` -> tasks/__init__.py), or None."""
    parts = module.split(".")
    if parts[0] != PACKAGE_DIR.name:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _imported_modules(path: Path) -> frozenset[str]:
    """The modules a Python file imports (absolute names; ``from a import b`` gives a and a.b)."""
    stat = path.stat()
    return _imports_of(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=256)
def _imports_of(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    """:func:`_imported_modules` of one version of a file (parsing is the slow part: cached)."""
    module = ".".join(path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts)
    package = module.rpartition(".")[0].split(".")  # a.b for a/b/__init__.py and a/b/c.py
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return frozenset(found)


def runtime_files() -> list[Path]:
    """The files of ``autograder`` that the hidden tests need, relative to the package folder.

    Starts from :data:`RUNTIME_ROOTS` and follows every import of an ``autograder`` module
    (and the ``__init__.py`` of each package on the way), reading the sources, not running them.
    """
    todo = [PACKAGE_DIR / "__init__.py"]
    for root in RUNTIME_ROOTS:
        path = PACKAGE_DIR / root
        todo.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    files: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in files:
            continue
        files.add(path)
        for parent in path.relative_to(PACKAGE_DIR).parents:
            if (PACKAGE_DIR / parent / "__init__.py") not in files:
                todo.append(PACKAGE_DIR / parent / "__init__.py")
        for module in _imported_modules(path):
            found = _module_file(module)
            if found is not None:
                todo.append(found)
    return sorted(path.relative_to(PACKAGE_DIR) for path in files)


def stage_runtime(dest: Path) -> list[Path]:
    """Copy the runtime-only part of ``autograder`` (:func:`runtime_files`) into ``dest``.

    Returns the files copied, relative to ``dest``. Files and folders are made world-readable
    (the sandboxed uid reads them).
    """
    files = runtime_files()
    dest.mkdir(parents=True, exist_ok=True)
    dest.chmod(0o755)
    for name in files:
        target = dest / name
        target.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        shutil.copyfile(PACKAGE_DIR / name, target)
        target.chmod(0o644)
    return files


def stage_kernel(dest: Path, workdir: Path, bwrap: str) -> Path:
    """Write the sandbox's ``python3`` kernelspec (:data:`_KERNEL_WRAPPER`) under ``dest``.

    Returns the kernel.json written (``dest/kernels/python3/kernel.json``).
    """
    spec = {
        "argv": [
            sys.executable,
            "-I",
            "-S",
            "-c",
            _KERNEL_WRAPPER,
            str(workdir),
            bwrap,
            "--",
            sys.executable,
            "-P",  # nothing imports from the kernel's folder: no planted autograder.py
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
        ],
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    kernel = dest / "kernels" / "python3" / "kernel.json"
    kernel.parent.mkdir(parents=True)
    kernel.write_text(json.dumps(spec, indent=1))
    for path in [dest, *dest.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return kernel


def _launcher(limits: Limits, uid: int) -> list[str]:
    """The argv prefix that sets the rlimits, switches to ``uid`` (unless -1) and execs the rest."""
    return [
        sys.executable,
        "-I",
        "-S",
        "-c",
        _LAUNCHER,
        str(limits.memory_bytes),
        str(limits.cpu_seconds),
        str(limits.processes),
        str(limits.file_bytes),
        str(uid),
        "--",
    ]


def _readonly_paths() -> list[Path]:
    """Host folders the sandbox sees read-only (besides /usr, /etc and the /bin, /lib links)."""
    paths = [Path(sys.base_prefix), Path(sys.prefix), Path(sys.exec_prefix)]
    spec = importlib.util.find_spec("cnnlab")
    if spec is not None and spec.submodule_search_locations:
        paths.extend(Path(p) for p in spec.submodule_search_locations)
    return paths


def _bwrap_args(
    workdir: Path, staged: Path, limits: Limits, as_root: bool, readonly: Sequence[Path] = ()
) -> list[str]:
    """The bubblewrap options (everything before ``--``)."""
    if as_root:  # root sets up; the launcher drops to the run's uid (needs CAP_SETUID/SETGID only)
        args = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
        args += ["--unshare-cgroup-try", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:  # an unprivileged user namespace (the kernel's nested sandbox makes one more)
        args = ["--unshare-all", "--unshare-user"]
    args += ["--die-with-parent", "--new-session", "--hostname", "cnnlab-sandbox"]
    args += ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/", top)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    args += ["--proc", "/proc", "--dev", "/dev"]
    size = str(limits.file_bytes)
    args += ["--perms", "1777", "--size", size, "--tmpfs", "/tmp"]
    args += ["--perms", "1777", "--size", size, "--tmpfs", "/dev/shm"]
    made = {Path("/"), Path("/tmp"), Path("/dev/shm")}

    def mount(option: str, source: Path, dest: Path) -> None:
        """Bind ``source`` at ``dest``, first making its missing parents world-searchable."""
        for parent in reversed(dest.parents):
            if parent not in made:
                made.add(parent)
                args.extend(["--perms", "0755", "--dir", str(parent)])
        made.add(dest)
        args.extend([option, str(source), str(dest)])

    for path in _readonly_paths():
        real = path.resolve()
        for dest in dict.fromkeys([path, real]):
            if dest not in made and not dest.is_relative_to("/usr") and dest != PACKAGE_DIR:
                mount("--ro-bind", real, dest)
    for path in readonly:
        real = Path(path).resolve()
        if real not in made:
            mount("--ro-bind", real, real)
    mount("--bind", workdir, workdir)
    mount("--ro-bind", staged / "autograder", PACKAGE_DIR)
    mount("--ro-bind", staged / "jupyter", Path(KERNEL_DIR))
    args += ["--remount-ro", "/", "--remount-ro", "/dev"]  # writable: workdir, /tmp, /dev/shm
    args += ["--chdir", str(workdir)]
    return args


@contextlib.contextmanager
def _uid_slot() -> Iterator[int]:
    """A uid that no other sandbox on this machine uses meanwhile (held by a lock file)."""
    LOCK_DIR.mkdir(mode=0o700, exist_ok=True)
    if LOCK_DIR.stat().st_uid != os.geteuid() or LOCK_DIR.is_symlink():
        raise SandboxError(f"{LOCK_DIR} belongs to another user: remove it")
    start = os.getpid() % UID_SLOTS
    for k in range(UID_SLOTS):
        slot = (start + k) % UID_SLOTS
        fd = os.open(LOCK_DIR / f"{slot}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                continue
            raise
        try:
            yield UID_BASE + slot
        finally:
            os.close(fd)
        return
    raise SandboxError(f"all {UID_SLOTS} sandbox uids are in use")


def _chown_tree(root: Path, uid: int, gid: int) -> None:
    """Give ``root`` and everything under it to uid:gid (links themselves, never followed)."""
    os.chown(root, uid, gid, follow_symlinks=False)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            with contextlib.suppress(FileNotFoundError):
                os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


class _Tail:
    """The last ``cap`` bytes of a stream, and how many bytes came before them."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.data = bytearray()
        self.dropped = 0

    def add(self, chunk: bytes) -> None:
        self.data += chunk
        extra = len(self.data) - self.cap
        if extra > 0:
            del self.data[:extra]
            self.dropped += extra

    def text(self) -> str:
        text = self.data.decode("utf-8", errors="replace")
        if self.dropped:
            return f"[... {self.dropped} bytes of output dropped ...]\n{text}"
        return text


def _execute(
    command: list[str],
    workdir: Path,
    env: dict[str, str],
    limits: Limits,
    sandboxed: bool,
    pass_fds: tuple[int, ...] = (),
) -> Completed:
    """Start ``command``, collect capped output, enforce the wall clock; the Completed."""
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            command,
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            pass_fds=pass_fds,
        )
    finally:
        for fd in pass_fds:
            os.close(fd)
    assert proc.stdout is not None and proc.stderr is not None
    tails = {proc.stdout.fileno(): _Tail(OUTPUT_CAP), proc.stderr.fileno(): _Tail(OUTPUT_CAP)}
    selector = selectors.DefaultSelector()
    for fd in tails:
        os.set_blocking(fd, False)
        selector.register(fd, selectors.EVENT_READ)
    deadline = start + limits.wall_seconds
    drain_until: float | None = None
    timed_out = False
    while selector.get_map():
        now = time.monotonic()
        if drain_until is None:
            if proc.poll() is not None:
                drain_until = now + DRAIN_SECONDS
            elif now >= deadline:
                timed_out = True
                _kill(proc, sandboxed)
                drain_until = now + DRAIN_SECONDS
        if drain_until is not None and now >= drain_until:
            break
        wait = (drain_until if drain_until is not None else deadline) - now
        for key, _ in selector.select(timeout=max(0.0, min(wait, 0.5))):
            try:
                chunk = os.read(key.fd, 1 << 16)
            except BlockingIOError:
                continue
            if chunk:
                tails[key.fd].add(chunk)
            else:
                selector.unregister(key.fd)
    selector.close()
    if not timed_out and proc.poll() is None and time.monotonic() >= deadline:
        timed_out = True
    if proc.poll() is None:  # output closed early, or the wall clock: wait for the end
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill(proc, sandboxed)
            proc.wait()
    if not sandboxed:
        _kill_session(proc.pid)  # anything the command left behind
    proc.stdout.close()
    proc.stderr.close()
    seconds = time.monotonic() - start
    stdout, stderr = (tail.text() for tail in tails.values())
    reason = _describe(proc.returncode, timed_out, limits, sandboxed)
    return Completed(proc.returncode, stdout, stderr, seconds, timed_out, reason)


def _kill(proc: subprocess.Popen[bytes], sandboxed: bool) -> None:
    """Kill the whole tree: bubblewrap's pid namespace dies with it; else every descendant."""
    if not sandboxed:
        for pid in _descendants(proc.pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()


def _processes() -> list[tuple[int, int, int]]:
    """(pid, parent pid, session id) of every process, from /proc."""
    rows = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        rows.append((int(entry.name), int(fields[1]), int(fields[3])))
    return rows


def _descendants(root: int) -> list[int]:
    """Every process below ``root`` (children first found, then theirs)."""
    children: dict[int, list[int]] = {}
    for pid, ppid, _ in _processes():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_session(session: int) -> None:
    """Kill what is left of the session the command started (without the sandbox)."""
    for pid, _, sid in _processes():
        if sid == session and pid != os.getpid():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)


def _read_all(fd: int) -> str:
    """What is waiting in a pipe whose write end is closed."""
    os.set_blocking(fd, False)
    chunks = []
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")


def _sandbox_failure(stderr: str, who: str) -> str:
    """The sandbox's own error message from the command's stderr."""
    prefix = Path(who).name
    lines = [line for line in stderr.splitlines() if line.startswith(f"{prefix}:")]
    detail = lines[-1] if lines else stderr.strip()[-500:] or "no message"
    return f"the sandbox could not start: {detail}"


def _signal_name(number: int) -> str:
    """``SIGKILL`` for 9 (or ``signal N`` when unknown)."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _describe(returncode: int, timed_out: bool, limits: Limits, sandboxed: bool) -> str:
    """What happened, in words."""
    if timed_out:
        return f"killed after the {limits.wall_seconds:g} s wall-clock limit"
    if returncode == 0:
        return "exit code 0"
    number = -returncode if returncode < 0 else returncode - 128 if sandboxed else 0
    if not 0 < number < 65:
        return f"exit code {returncode}"
    prefix = f"exit code {returncode}: " if returncode > 0 else ""
    if number == signal.SIGXCPU:
        return f"{prefix}killed by the {limits.cpu_seconds} s CPU-time limit (SIGXCPU)"
    if number == signal.SIGXFSZ:
        return f"{prefix}killed by the {limits.file_bytes} byte file-size limit (SIGXFSZ)"
    note = ""
    if number in (signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
        gib = limits.memory_bytes / 2**30
        note = f"; possibly an allocation beyond the {gib:g} GiB memory limit"
    return f"{prefix}killed by signal {number} ({_signal_name(number)}){note}"
