"""JupyterLab in a real browser: what a student sees after "Run All Cells".

A module fixture starts ``jupyter lab`` (the venv's) on 127.0.0.1 with a random token over a
temporary copy of the pooling notebooks (release and solution; pooling is the fastest notebook),
and Playwright drives Debian's Chromium (``/usr/bin/chromium``, headless) against it: open the
notebook, wait for the kernel, click Run > Run All Cells, wait until nothing is running, then read
the page. The release must show the teaching message of its first check cell (JupyterLab stops
"Run All" at the first error, so that message is where the student lands); the solution must show
"all N visible checks passed" under every check cell, every code cell executed, and no error.

Screenshots of the whole notebook go to the test's ``tmp_path`` and to ``tests/output/browser/``
(git-ignored), whose paths the test prints.

Chromium comes from the project's system packages (``make system-packages``, i.e.
``scripts/system-packages.sh``; the fixture runs it when Chromium is missing) and Playwright from
the dev extras; the tests skip, saying which is missing, only when they cannot be had.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograder.notebooks import nbgrader_meta, read

pytestmark = [pytest.mark.slow, pytest.mark.browser]

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
JUPYTER = Path(sys.executable).with_name("jupyter")
SCREENSHOTS = REPO / "tests" / "output" / "browser"
NOTEBOOKS = {
    "release": REPO / "assignments" / "numpy_cnn" / "pooling.ipynb",
    "solution": REPO / "solutions" / "numpy_cnn" / "pooling.ipynb",
}
# The same pattern as tests/test_pipeline.py's test_release_check_cells_teach_what_is_missing.
TEACHING = re.compile(r"not (yet )?implemented|NotImplementedError|fill in", re.I)
# What an error looks like in an output (JupyterLab renders errors as stderr text).
ERROR = re.compile(r"Traceback|\b\w*(Error|Exception|Failure)\b")
CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in containers
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers have a small /dev/shm
    # No outside network here: keep Chromium from trying (and logging every failure).
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# User settings for the server's JupyterLab: every cell in the DOM (the default windowing leaves
# off-screen cells out, which hides outputs from the page and the screenshot) and no news toast.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false"},
}
SERVER_START_S = 60
PAGE_TIMEOUT_MS = 60_000
RUN_ALL_S = 120
MAX_SCREENSHOT_PX = 16_000  # Chromium's limit on a capture is 16384 pixels


def _chromium_or_skip() -> Path:
    """``/usr/bin/chromium``, installed by the project's system packages script when missing."""
    if not CHROMIUM.exists():
        done = subprocess.run(
            ["bash", str(REPO / "scripts" / "system-packages.sh")],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if not CHROMIUM.exists():
            said = (done.stdout + done.stderr).strip()[-500:]
            pytest.skip(
                f"{CHROMIUM} is missing and scripts/system-packages.sh could not install it "
                "(run `make system-packages` as root, or `apt-get install chromium`)"
                + (f": {said}" if said else "")
            )
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Lab:
    """A running JupyterLab server: its URL, token, process and log."""

    url: str
    token: str
    proc: subprocess.Popen
    log: Path

    def api(self, path: str, method: str = "GET") -> object:
        request = urllib.request.Request(
            f"{self.url}/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def _start_lab(root: Path, log: Path, env: dict[str, str]) -> Lab:
    """Start ``jupyter lab`` on a free port; retried when another process took the port."""
    for _attempt in range(3):
        port, token = _free_port(), secrets.token_hex(24)
        args = [
            str(JUPYTER),
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",  # fail, rather than serve on another port
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
        ]
        if os.geteuid() == 0:
            args.append("--allow-root")
        with log.open("ab") as out:
            proc = subprocess.Popen(
                args,
                cwd=root,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as a whole
            )
        lab = Lab(f"http://127.0.0.1:{port}", token, proc, log)
        deadline = time.monotonic() + SERVER_START_S
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                lab.api("status")
                return lab
            except OSError:
                time.sleep(0.25)
        _stop_lab(lab)
        if "already in use" not in lab.log_tail():
            break
    pytest.fail(f"jupyter lab did not answer within {SERVER_START_S} s:\n{lab.log_tail()}")


def _stop_lab(lab: Lab) -> None:
    """Shut the kernels down, then stop the server's process group (SIGTERM, then SIGKILL)."""
    if lab.proc.poll() is None:
        try:
            for kernel in lab.api("kernels"):
                lab.api(f"kernels/{kernel['id']}", method="DELETE")
        except OSError:
            pass  # the server stops its kernels on SIGTERM too
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(lab.proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            lab.proc.wait(timeout=15)
            break
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab serving ``release/pooling.ipynb`` and ``solution/pooling.ipynb``."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = tmp / "course"
    for name, source in NOTEBOOKS.items():
        (root / name).mkdir(parents=True)
        shutil.copy(source, root / name / source.name)
    settings = tmp / "lab-settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = dict(
        os.environ,
        CNNLAB_SMOKE="1",
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        JUPYTER_CONFIG_DIR=str(tmp / "config"),  # none of the user's Jupyter configuration
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
    )
    lab = _start_lab(root, tmp / "jupyter-lab.log", env)
    try:
        yield lab
    finally:
        _stop_lab(lab)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian's) under Playwright, with a fresh profile."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright is missing: install the dev extras (`make setup`)",
    )
    executable = _chromium_or_skip()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _kernel_state(lab: Lab, path: str) -> str | None:
    """The server's execution state of the kernel of the notebook at ``path`` (None: no kernel)."""
    for session in lab.api("sessions"):
        if session["path"] == path and session.get("kernel"):
            return session["kernel"]["execution_state"]
    return None


def _run_all(browser, lab: Lab, name: str, screenshot: Path):
    """Open ``<name>/pooling.ipynb``, run all cells, save a screenshot; return the page."""
    path = f"{name}/pooling.ipynb"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    # ?reset: a fresh workspace, only this notebook open.
    page.goto(f"{lab.url}/lab/tree/{path}?reset&token={lab.token}")
    panel = page.locator(".jp-NotebookPanel")
    panel.locator(".jp-CodeCell").first.wait_for()
    indicator = panel.locator(".jp-Notebook-ExecutionIndicator")
    deadline = time.monotonic() + PAGE_TIMEOUT_MS / 1000
    while not (
        _kernel_state(lab, path) == "idle" and indicator.get_attribute("data-status") == "idle"
    ):
        assert time.monotonic() < deadline, f"the kernel of {path} never became idle"
        time.sleep(0.25)

    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()

    # Done: the kernel is idle, no cell waits ([*]) and at least one ran, twice in a row.
    prompts = panel.locator(".jp-CodeCell .jp-InputArea-prompt")
    deadline, quiet = time.monotonic() + RUN_ALL_S, 0
    try:
        while quiet < 2:
            assert time.monotonic() < deadline, f"{path}: Run All still running after {RUN_ALL_S} s"
            time.sleep(0.5)
            status = indicator.get_attribute("data-status")
            assert status not in ("dead", "unknown", "autorestarting"), f"kernel {status}"
            texts = prompts.all_inner_texts()
            ran = any(re.search(r"\[\d+\]", t) for t in texts)
            busy = any("*" in t for t in texts)
            idle = status == "idle" and _kernel_state(lab, path) == "idle"
            quiet = quiet + 1 if idle and ran and not busy else 0
    except BaseException:
        with contextlib.suppress(Exception):
            _screenshot(page, screenshot)  # of a run that failed too, to see why
        raise
    _screenshot(page, screenshot)
    return page


def _screenshot(page, path: Path) -> None:
    """The whole notebook in one image: grow the viewport to the notebook's height, capture."""
    # The notebook's scrolling area; Run All left it scrolled to the last cell.
    to_top = """() => {
        const outer = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer');
        outer.scrollTop = 0;
        return [outer.scrollHeight, window.innerHeight - outer.clientHeight];
    }"""
    height = min(sum(page.evaluate(to_top)), MAX_SCREENSHOT_PX)
    page.set_viewport_size({"width": 1280, "height": height})
    page.wait_for_timeout(500)  # let JupyterLab lay the panel out again
    page.evaluate(to_top)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / path.name)
    print(f"screenshot: {SCREENSHOTS / path.name} (and {path})")


def _check_cells(page, name: str) -> dict[str, object]:
    """The check cells' DOM elements, by grade id, in notebook order."""
    grade_ids = [
        meta["grade_id"]
        for cell in read(NOTEBOOKS[name]).cells
        if cell.cell_type == "code" and (meta := nbgrader_meta(cell)).get("grade")
    ]
    assert grade_ids
    cells = page.locator(".jp-NotebookPanel .jp-CodeCell")
    return {g: cells.filter(has_text=f"# Check {g} (") for g in grade_ids}


def _assert_no_kernel_error(page) -> None:
    dialogs = page.locator(".jp-Dialog").all_inner_texts()
    assert dialogs == [], dialogs  # "Kernel Restarting", "Error Starting Kernel", ...
    status = page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator")
    assert status.get_attribute("data-status") == "idle"


def test_release_shows_the_teaching_message(browser, lab, tmp_path):
    page = _run_all(browser, lab, "release", tmp_path / "release-pooling.png")
    checks = _check_cells(page, "release")
    first_id, first = next(iter(checks.items()))
    assert first.count() == 1
    assert re.search(r"\[\d+\]", first.locator(".jp-InputArea-prompt").inner_text())
    message = first.locator(".jp-OutputArea").inner_text()
    assert f"{first_id} is not implemented yet" in message and TEACHING.search(message), message
    # Every error on the page is a teaching message (JupyterLab stops at the first one today).
    errors = page.locator(
        '.jp-NotebookPanel .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    assert errors and all(TEACHING.search(e) for e in errors), errors
    assert "Traceback" not in "".join(errors)  # the check shows its message, not its own code
    _assert_no_kernel_error(page)
    page.close()


def test_solution_shows_passed_everywhere(browser, lab, tmp_path):
    page = _run_all(browser, lab, "solution", tmp_path / "solution-pooling.png")
    prompts = page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputArea-prompt").all_inner_texts()
    assert prompts and all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in prompts), prompts
    for grade_id, cell in _check_cells(page, "solution").items():
        assert cell.count() == 1, grade_id
        output = cell.locator(".jp-OutputArea").inner_text()
        assert re.search(rf"{grade_id}: all \d+ visible checks passed\.", output), output
    stderr = page.locator(
        '.jp-NotebookPanel .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]'
    ).all_inner_texts()
    assert not [e for e in stderr if ERROR.search(e)], stderr
    assert page.locator(".jp-NotebookPanel .jp-OutputArea-output").count() > 0
    _assert_no_kernel_error(page)
    page.close()
