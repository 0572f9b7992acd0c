"""The repository's shape: pins that agree, the documented layout, CI calling the README."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += [r for r in extra if not r.startswith("cnnlab")]
    pins = {}
    for req in requirements:
        name, sep, version = req.partition("==")
        assert sep, f"pyproject.toml: {req!r} is not pinned with =="
        assert pins.get(name.lower(), version) == version, f"{name} pinned twice differently"
        pins[name.lower()] = version
    return pins


def _environment_pins() -> dict[str, str]:
    text = (ROOT / "environment.yml").read_text()
    pins = {}
    for name, version in re.findall(r"^\s*-\s*([A-Za-z0-9_.\-]+)==([^\s#]+)", text, re.M):
        pins[name.lower()] = version
    return pins


def test_environment_and_pyproject_pin_the_same_versions():
    assert _pyproject_pins() == _environment_pins()


def test_torch_is_pinned_to_the_local_cpu_build():
    assert _pyproject_pins()["torch"] == "2.13.0"


def test_python_version_agrees():
    env = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.11\s*$", env, re.M)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"


def test_top_level_layout_matches_design():
    for name in [
        "assignments",
        "solutions",
        "autograder",
        "data",
        "src/cnnlab",
        "tests",
        "benchmarks",
        "environment.yml",
        "pyproject.toml",
        "nbgrader_config.py",
        "Makefile",
        "README.md",
        ".ci/run",
    ]:
        assert (ROOT / name).exists(), f"missing {name}"


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^make (\w+)\s*$", readme, re.M)
    assert commands[:2] == ["demo", "test"], "README must show `make demo` then `make test`"
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^exec make test$", ci, re.M)
    lines = [line for line in ci.splitlines() if line.strip() and not line.startswith("#")]
    # Besides the test command, CI may only point CNNLAB_CIFAR10_SAMPLE at the shared sample.
    extra = [
        line
        for line in lines
        if "make test" not in line and "CNNLAB_CIFAR10_SAMPLE" not in line and "sample" not in line
    ]
    assert extra == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "fi"]


def test_student_package_does_not_import_the_autograder():
    for path in (ROOT / "src" / "cnnlab").rglob("*.py"):
        imports = re.findall(r"^\s*(?:from|import)\s+autograder\b", path.read_text(), re.M)
        assert not imports, f"{path} imports the instructor-only autograder"
