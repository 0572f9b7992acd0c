"""The grading sandbox (autograder.sandbox): every promise is tried by a program that breaks it.

Each test runs a small ``python -c`` program through ``sandbox.run`` and checks, from outside,
that the attempt failed (no network, no write or read outside the working folder, limits on
processes, memory, CPU time, file size, wall clock and output) while normal work (loopback,
imports of cnnlab, autograder's hidden tests, numpy and torch, writing in the folder) still works.
Tests that need bubblewrap skip with ``sandbox.unavailable_reason()`` where it cannot run.
"""

from __future__ import annotations

import ast
import json
import os
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from autograder import mutants, sandbox

REPO = Path(__file__).resolve().parents[1]
UNAVAILABLE = sandbox.unavailable_reason()
needs_bwrap = pytest.mark.skipif(UNAVAILABLE is not None, reason=str(UNAVAILABLE))
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="only as root")


def py(code: str, workdir: Path, sandboxed: bool = True, **limits: float) -> sandbox.Completed:
    """Run a Python program (after TRY) in the sandbox (wall clock 30 s unless given)."""
    limits.setdefault("wall_seconds", 30)
    argv = [sys.executable, "-c", TRY + textwrap.dedent(code)]
    return sandbox.run(argv, workdir, sandbox.Limits(**limits), sandbox=sandboxed)


def outcome(completed: sandbox.Completed) -> dict:
    """The JSON object the program printed last."""
    assert completed.returncode == 0, (completed.reason, completed.stderr[-2000:])
    return json.loads(completed.stdout.strip().splitlines()[-1])


TRY = """
import json, os, socket, sys
def attempt(fn):
    try:
        return repr(fn())
    except BaseException as exc:
        return type(exc).__name__
"""
"""Helpers of the programs: ``attempt(fn)`` is the result's repr or the exception's class name."""


BOMB = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""
"""A fork bomb: every process forks for ever."""


def running_with(marker: str) -> list[int]:
    """Host processes whose command line contains ``marker``."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in Path(entry.path, "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture
def student(tmp_path: Path) -> Path:
    """A scratch folder for one student, with another student's folder beside it."""
    other = tmp_path / "other_student"
    other.mkdir()
    (other / "answers.ipynb").write_text("another student's work")
    workdir = tmp_path / "student"
    workdir.mkdir()
    (workdir / "given.txt").write_text("given by the grader")
    return workdir


# --- without bubblewrap -------------------------------------------------------------------------


def test_runtime_copy_holds_only_what_hidden_tests_import() -> None:
    files = {str(p) for p in sandbox.runtime_files()}
    assert {
        "__init__.py",
        "hidden.py",
        "sourcecheck.py",
        "torchref.py",
        "tasks/__init__.py",
    } <= files
    assert {f"tasks/{p.name}" for p in (REPO / "autograder" / "tasks").glob("*.py")} <= files
    grader_only_files = ("pipeline.py", "sandbox.py", "bundle.py", "__main__.py", "colab.py")
    for grader_only in (*grader_only_files, "cifar_fixture.py"):
        assert grader_only not in files


# Mutant texts that the NumPy code of autograder/tasks (which the hidden tests need) shares with
# the solutions: common idioms, references written in NumPy (zero_pad's np.pad, the Sobel
# magnitude) and the wrong variants that MISTAKES compute by hand (pooling's and conv_backward's
# overwriting loops). Any other solution fragment in the runtime copy fails the test below.
SHARED_WITH_GRADER_CODE = {
    "for i in range(H_out):",
    "for i in range(n - k + 1):",
    "    for i in range(n - k + 1):",
    "(padding, padding), (padding, padding)",
    "top, left = i * stride, j * stride",
    "np.unravel_index(np.argmax(window), window.shape)",
    "rows = slice(i * stride, i * stride + HH)\n"
    "                    cols = slice(j * stride, j * stride + WW)",
    "return np.sqrt(gx**2 + gy**2)",
    "var = x.var(axis=(0, 2, 3))",
    # architectures: the float64 reference modules the hidden tests compare with (a residual
    # block is built from nn layers the one way) and count_params' one-line reference.
    "        super().__init__()\n",
    "            nn.BatchNorm2d(out_channels),\n",
    "                nn.BatchNorm2d(out_channels),\n            )",
    "for b in range(blocks_per_stage):",
    "if stride != 1 or in_channels != out_channels:",
    "sum(p.numel() for p in model.parameters() if p.requires_grad)",
}


def _solution_fragments(path: Path, fragments: set[str]) -> set[str]:
    """The fragments found in a Python file's text or in one of its string literals."""
    text = path.read_text(encoding="utf-8")
    strings = [text] + [
        node.value
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]
    return {f for f in fragments if any(f in s for s in strings)}


def test_runtime_copy_holds_no_mutant_catalogue(tmp_path: Path) -> None:
    """The student's kernel sees the runtime copy: no mutant's ``old`` (solution text) is in it."""
    fragments = {m.old for m in mutants.MUTANTS if len(m.old) > 15}
    catalogue = sorted((sandbox.PACKAGE_DIR / "mutants").glob("*.py"))
    found_in_catalogue = set().union(*(_solution_fragments(p, fragments) for p in catalogue))
    # The search finds the fragments where they are written as one literal (most of them; a few
    # are composed from shared constants in the catalogue, e.g. f-strings of train's mutants).
    assert len(found_in_catalogue) >= 0.9 * len(fragments), sorted(fragments - found_in_catalogue)
    staged = sandbox.stage_runtime(tmp_path / "autograder")
    assert [p for p in staged if p.parts[0] == "mutants"] == []
    leaked = set().union(
        *(_solution_fragments(tmp_path / "autograder" / p, fragments) for p in staged)
    )
    assert leaked <= SHARED_WITH_GRADER_CODE, sorted(leaked - SHARED_WITH_GRADER_CODE)


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="wall_seconds must be positive"):
        sandbox.Limits(wall_seconds=0)
    with pytest.raises(ValueError, match="processes"):
        sandbox.Limits(processes=-1)


def test_run_rejects_a_missing_workdir(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not an existing folder"):
        sandbox.run(["true"], tmp_path / "missing")


def test_missing_bwrap_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
    reason = sandbox.unavailable_reason.__wrapped__()
    assert "install Debian's bubblewrap (make setup does" in reason


def test_without_sandbox_limits_and_wall_clock_still_hold(student: Path) -> None:
    memory = py(
        "print(json.dumps(attempt(lambda: len(bytearray(4 * 2**30)))))",
        student,
        sandboxed=False,
        memory_bytes=2**30,
    )
    assert outcome(memory) == "MemoryError"
    marker = f"cnnlab-test-{uuid.uuid4().hex}"
    start = time.monotonic()
    hung = py(
        f"""
        import subprocess, sys, time
        daemon = [sys.executable, "-c", "import time; time.sleep(1000)", "{marker}"]
        assert subprocess.Popen(daemon, start_new_session=True).poll() is None
        time.sleep(1000)
        """,
        student,
        sandboxed=False,
        wall_seconds=2,
    )
    assert hung.timed_out and time.monotonic() - start < 10
    assert hung.reason == "killed after the 2 s wall-clock limit"
    assert running_with(marker) == []  # the grandchild in its own session was killed too


# --- in bubblewrap ------------------------------------------------------------------------------


@needs_bwrap
def test_no_network_but_loopback(student: Path) -> None:
    result = outcome(
        py(
            """
            def connect(address):
                with socket.create_connection(address, timeout=3):
                    return "connected"
            def loopback():
                server = socket.create_server(("127.0.0.1", 0))
                client = socket.create_connection(server.getsockname(), timeout=3)
                conn, _ = server.accept()
                client.sendall(b"ping")
                return conn.recv(4).decode()
            print(json.dumps({
                "interfaces": [name for _, name in socket.if_nameindex()],
                "public": attempt(lambda: connect(("1.1.1.1", 53))),
                "test_net": attempt(lambda: connect(("192.0.2.1", 80))),
                "dns": attempt(lambda: socket.getaddrinfo("pypi.org", 443)),
                "loopback": attempt(loopback),
            }))
            """,
            student,
        )
    )
    assert result["interfaces"] == ["lo"]
    assert result["public"] == "OSError" and result["test_net"] == "OSError"
    assert result["dns"] == "gaierror"
    assert result["loopback"] == "'ping'"


@needs_bwrap
def test_writes_only_inside_the_workdir(student: Path) -> None:
    name = f"cnnlab-escape-{uuid.uuid4().hex}.txt"
    targets = {
        "repo": REPO / name,
        "autograder": REPO / "autograder" / name,
        "root_home": Path("/root") / name,
        "other_student": student.parent / "other_student" / name,
        "host_tmp": Path("/tmp") / name,
    }

    code = TRY + f"targets = {json.dumps({k: str(v) for k, v in targets.items()})}\n"
    code += """
def write(path):
    with open(path, "w") as f:
        f.write("escaped")
    return "written"
result = {key: attempt(lambda p=path: write(p)) for key, path in targets.items()}
result["workdir"] = attempt(lambda: write("answer.txt"))
result["given"] = attempt(lambda: write("given.txt"))
print(json.dumps(result))
"""
    result = outcome(sandbox.run([sys.executable, "-c", code], student, sandbox.Limits(30)))
    assert result["workdir"] == "'written'" and result["given"] == "'written'"
    assert (student / "answer.txt").read_text() == "escaped"
    assert result["host_tmp"] == "'written'"  # the sandbox's own /tmp ...
    for key, path in targets.items():
        assert not path.exists(), key  # ... and nothing reached the host
    for key in ("repo", "autograder", "root_home", "other_student"):  # read-only or missing
        assert result[key] in ("OSError", "PermissionError", "FileNotFoundError"), key


@needs_bwrap
def test_a_data_folder_is_readable_but_not_writable(student: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "test_batch").write_text("images")
    code = TRY + f"data = {str(data)!r}\n"
    code += """
def write():
    with open(os.path.join(data, "test_batch"), "w") as f:
        f.write("changed")
result = {
    "read": attempt(lambda: open(os.path.join(data, "test_batch")).read()),
    "write": attempt(write),
    "env": os.environ.get("CNNLAB_DATA"),
}
print(json.dumps(result))
"""
    argv = [sys.executable, "-c", code]
    env = {"CNNLAB_DATA": str(data)}
    result = outcome(sandbox.run(argv, student, sandbox.Limits(30), env=env, readonly=[data]))
    assert result == {"read": "'images'", "write": "OSError", "env": str(data)}
    assert (data / "test_batch").read_text() == "images"
    hidden = outcome(sandbox.run(argv, student, sandbox.Limits(30)))  # not given: not there
    assert hidden["read"] == "FileNotFoundError"


@needs_bwrap
def test_cannot_read_grader_files_or_other_students(student: Path) -> None:
    secret = Path("/tmp") / f"cnnlab-host-secret-{uuid.uuid4().hex}"
    secret.write_text("host file")
    try:
        paths = {
            "solution": REPO / "solutions" / "numpy_cnn" / "pooling.ipynb",
            "pipeline": REPO / "autograder" / "pipeline.py",
            "sandbox": REPO / "autograder" / "sandbox.py",
            "bundle": REPO / "autograder" / "bundle.py",
            "tests": Path(__file__),
            "git": REPO / ".git" / "HEAD",
            "other_student": student.parent / "other_student" / "answers.ipynb",
            "host_tmp": secret,
            "shadow": Path("/etc/shadow"),
        }
        assert all(p.exists() for p in paths.values())  # all there on the host
        code = TRY + f"paths = {json.dumps({k: str(v) for k, v in paths.items()})}\n"
        code += """
import importlib.util
package = importlib.util.find_spec("autograder").submodule_search_locations[0]  # not imported
result = {key: attempt(lambda p=path: open(p).read()) for key, path in paths.items()}
result["autograder_dir"] = sorted(os.listdir(package))
result["repo_dir"] = sorted(os.listdir(os.path.dirname(package)))
print(json.dumps(result))
"""
        result = outcome(sandbox.run([sys.executable, "-c", code], student, sandbox.Limits(60)))
    finally:
        secret.unlink()
    for key in paths:
        assert result[key] in ("FileNotFoundError", "PermissionError"), key
    top_level = {str(p).split("/")[0] for p in sandbox.runtime_files()}
    assert set(result["autograder_dir"]) == top_level
    assert "solutions" not in result["repo_dir"] and "tests" not in result["repo_dir"]


@needs_bwrap
def test_imports_course_code_under_the_default_limits(student: Path) -> None:
    completed = sandbox.run(
        [
            sys.executable,
            "-c",
            "import numpy, torch, cnnlab, cnnlab.checks, autograder.hidden; "
            "from autograder import check; print(torch.__version__, numpy.__version__)",
        ],
        student,
        sandbox.Limits(wall_seconds=120),  # the defaults, only a shorter wall clock
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.reason == "exit code 0"


@needs_bwrap
def test_fork_bomb_is_stopped_by_the_process_limit(student: Path) -> None:
    counted = py(
        """
        import os, time
        n = 0
        try:
            while True:
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
                n += 1
        except OSError as exc:
            print(n, exc.errno)
        """,
        student,
        processes=40,
    )
    assert counted.returncode == 0, counted.stderr
    forks, error = map(int, counted.stdout.split())
    assert 0 < forks < 40 and error == 11  # EAGAIN
    assert counted.seconds < 15  # the sleeping children died with the sandbox

    marker = f"cnnlab-bomb-{uuid.uuid4().hex}"
    start = time.monotonic()
    bomb = sandbox.run(
        [
            sys.executable,
            "-c",
            "import os\nwhile True:\n    try: os.fork()\n    except OSError: pass",
            marker,
        ],
        student,
        sandbox.Limits(wall_seconds=3, processes=40),
    )
    assert bomb.timed_out and time.monotonic() - start < 15
    assert running_with(marker) == []


@needs_bwrap
def test_big_allocation_fails_but_the_process_survives(student: Path) -> None:
    result = outcome(
        py(
            """
            big = attempt(lambda: len(bytearray(4 * 2**30)))
            small = attempt(lambda: len(bytearray(10 * 2**20)))
            print(json.dumps([big, small]))
            """,
            student,
            memory_bytes=2 * 2**30,
        )
    )
    assert result == ["MemoryError", repr(10 * 2**20)]


@needs_bwrap
def test_cpu_spin_is_killed_by_the_cpu_limit(student: Path) -> None:
    spin = py("while True: pass", student, cpu_seconds=1, wall_seconds=30)
    assert not spin.timed_out and spin.seconds < 20
    assert spin.returncode == 128 + 24
    assert "killed by the 1 s CPU-time limit (SIGXCPU)" in spin.reason


@needs_bwrap
def test_sleep_is_killed_at_the_wall_clock_limit(student: Path) -> None:
    marker = f"cnnlab-sleep-{uuid.uuid4().hex}"
    start = time.monotonic()
    hung = py(
        f"""
        import subprocess, sys, time
        daemon = [sys.executable, "-c", "import time; time.sleep(1000)", "{marker}"]
        assert subprocess.Popen(daemon, start_new_session=True).poll() is None
        print("started", flush=True)
        time.sleep(1000)
        """,
        student,
        wall_seconds=2,
    )
    assert hung.timed_out and 2 <= time.monotonic() - start < 10
    assert hung.reason == "killed after the 2 s wall-clock limit"
    assert hung.stdout == "started\n"  # output before the kill is kept
    assert running_with(marker) == []


@needs_bwrap
def test_ten_megabytes_of_output_are_capped(student: Path) -> None:
    loud = py(
        """
        import sys
        line = "x" * 999 + "\\n"
        for _ in range(10_000):
            sys.stdout.write(line)
            sys.stderr.write(line)
        print("the end")
        """,
        student,
    )
    assert loud.returncode == 0 and not loud.timed_out
    for text in (loud.stdout, loud.stderr):
        assert len(text) <= sandbox.OUTPUT_CAP + 100
        assert text.startswith("[... ") and "bytes of output dropped ...]" in text
    assert loud.stdout.endswith("the end\n")


@needs_bwrap
def test_huge_file_is_stopped_by_the_file_size_limit(student: Path) -> None:
    result = outcome(
        py(
            """
            def fill():
                with open("huge.bin", "wb") as f:
                    for _ in range(100):
                        f.write(b"\\0" * 2**20)
            print(json.dumps(attempt(fill)))
            """,
            student,
            file_bytes=2**20,
        )
    )
    assert result == "OSError"  # EFBIG (Python ignores SIGXFSZ)
    assert (student / "huge.bin").stat().st_size <= 2**20


@needs_bwrap
def test_signal_and_exit_code_are_described(student: Path) -> None:
    assert py("import sys; sys.exit(3)", student).reason == "exit code 3"
    killed = py("import os; os.kill(os.getpid(), 9)", student)
    assert killed.reason == "exit code 137: killed by signal 9 (SIGKILL)"


@needs_bwrap
def test_environment_is_explicit(student: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CNNLAB_GRADER_SECRET", "do not leak")
    completed = sandbox.run(
        [sys.executable, "-c", "import json, os; print(json.dumps(dict(os.environ)))"],
        student,
        sandbox.Limits(30),
        env={"NBGRADER_EXECUTION": "autograde"},
    )
    env = json.loads(completed.stdout)
    assert "CNNLAB_GRADER_SECRET" not in env
    assert env["NBGRADER_EXECUTION"] == "autograde"
    assert env["PATH"].split(":")[0] == str(Path(sys.executable).parent)
    assert env["HOME"].startswith("/tmp/") and env["OMP_NUM_THREADS"] == "1"


@needs_bwrap
@as_root
def test_root_runs_as_a_uid_of_its_own_and_gets_the_workdir_back(student: Path) -> None:
    result = outcome(
        py(
            """
            import json, os
            open("made_inside.txt", "w").write("x")
            os.mkdir("folder")
            os.symlink("/etc/passwd", "folder/link")
            status = open("/proc/self/status").read()
            caps = [line.split()[1] for line in status.splitlines() if line.startswith("Cap")]
            print(json.dumps([os.getuid(), os.getgid(), os.getgroups(), caps]))
            """,
            student,
        )
    )
    uid, gid, groups, caps = result
    assert uid == gid and uid >= sandbox.UID_BASE and groups in ([], [gid])
    assert set(caps) == {"0000000000000000"}
    owner = student.stat().st_uid
    for path in [student, *student.rglob("*")]:
        assert path.lstat().st_uid == owner, path
    assert Path("/etc/passwd").stat().st_uid == 0  # the link was not followed


@needs_bwrap
def test_a_broken_sandbox_raises_instead_of_blaming_the_student(
    student: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "_readonly_paths", lambda: [Path("/nonexistent/python")])
    with pytest.raises(sandbox.SandboxError, match="the sandbox could not start: bwrap: "):
        sandbox.run(["true"], student)


KERNEL_PROBE = """
import json, os, subprocess, sys, time
spec = json.load(open(os.environ["JUPYTER_PATH"] + "/kernels/python3/kernel.json"))
wrapper = spec["argv"][: spec["argv"].index("--") + 1]  # everything but ipykernel
marker = sys.argv[1]
inner = '''
import json, os, subprocess, sys
def attempt(fn):
    try:
        return repr(fn())
    except BaseException as exc:
        return type(exc).__name__
daemon = [sys.executable, "-c", "import time; time.sleep(1000)", sys.argv[1]]
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
started = subprocess.Popen(daemon, start_new_session=True, **quiet).poll() is None
gradebook = os.path.abspath("../../gradebook.db")
real = os.stat(gradebook)[:2]  # (inode, device)
def tamper(via):
    with open(via, "a") as f:  # the probe's and nbgrader's views have it writable
        if os.fstat(f.fileno())[:2] == real:
            f.write(" tampered")
            return via
escapes = [
    attempt(lambda v=via: tamper(v))
    for pid in filter(str.isdigit, os.listdir("/proc"))
    for via in (f"/proc/{pid}/root{gradebook}", f"/proc/{pid}/cwd/gradebook.db")
]
escapes = [e for e in escapes if e.startswith("'")]
print(json.dumps({
    "escapes": escapes,
    "pid": os.getpid(),
    "daemon_started": started,
    "gradebook": attempt(lambda: open("../../gradebook.db", "a").close()),
    "own_folder": attempt(lambda: open("plot.png", "w").close()),
    "userns": subprocess.run(["unshare", "-U", "true"], capture_output=True).returncode,
}))
'''
os.makedirs("autograded/s1", exist_ok=True)
kernel = subprocess.run(
    wrapper + [sys.executable, "-c", inner, marker], cwd="autograded/s1", capture_output=True,
    text=True,
)
time.sleep(0.5)
def command(pid):
    return open(f"/proc/{pid}/cmdline", "rb").read().split(b"\\0")
daemon = [b"import time; time.sleep(1000)", marker.encode()]
left = [p for p in os.listdir("/proc") if p.isdigit() and command(p)[2:4] == daemon]
result = json.loads(kernel.stdout.splitlines()[-1]) if kernel.returncode == 0 else kernel.stderr
print(json.dumps({"kernel": result, "left_behind": left}))
"""
"""Starts the sandbox's python3 kernelspec with a probe in place of ipykernel, from a subfolder."""


@needs_bwrap
def test_the_kernel_cannot_touch_the_gradebook_and_takes_its_processes_along(
    student: Path,
) -> None:
    (student / "gradebook.db").write_text("scores")
    marker = f"cnnlab-daemon-{uuid.uuid4().hex}"
    completed = sandbox.run(
        [sys.executable, "-c", KERNEL_PROBE, marker], student, sandbox.Limits(60)
    )
    result = outcome(completed)
    kernel = result["kernel"]
    assert isinstance(kernel, dict), kernel
    assert kernel["gradebook"] == "OSError"  # read-only for the kernel (EROFS) ...
    assert kernel["escapes"] == []  # ... also through /proc/<pid>/root and cwd
    assert kernel["own_folder"] == "None"  # ... but its own folder is writable
    assert kernel["pid"] < 10 and kernel["userns"] != 0  # own pid namespace, no user namespaces
    assert kernel["daemon_started"]
    assert result["left_behind"] == []  # the daemon died with the kernel
    assert (student / "gradebook.db").read_text() == "scores"
    assert (student / "autograded" / "s1" / "plot.png").exists()
