"""The course's public facts from ``course.toml`` (the one place that reads it).

``course.toml`` at the repository root names the course, the public student repository on GitHub
and the release tag; :mod:`autograder.colab` builds the release's Colab badge and setup cell from
them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

COURSE_TOML = Path(__file__).resolve().parent.parent / "course.toml"

KEYS = ("name", "student_repo", "release_tag")
_GITHUB = re.compile(r"https://github\.com/(?P<owner>[A-Za-z0-9_.-]+)/(?P<repo>[A-Za-z0-9_.-]+)")
_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Course:
    """What ``course.toml`` says: ``name``, ``student_repo`` (a GitHub URL), ``release_tag``."""

    name: str
    student_repo: str
    release_tag: str

    @property
    def owner_repo(self) -> str:
        """``<owner>/<repo>`` of the student repository (``cnnlab-course/cnnlab-student``)."""
        match = _GITHUB.fullmatch(self.student_repo)
        assert match is not None  # checked by load()
        return f"{match['owner']}/{match['repo']}"


def load(path: Path = COURSE_TOML) -> Course:
    """Read and check ``course.toml``; ValueError naming the file and the problem."""
    if not path.is_file():
        raise ValueError(f"{path}: not found (the course needs name, student_repo, release_tag)")
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from exc
    missing = [key for key in KEYS if key not in data]
    if missing:
        raise ValueError(f"{path}: missing key(s) {', '.join(missing)} (needs {', '.join(KEYS)})")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ValueError(
            f"{path}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(KEYS)})"
        )
    for key in KEYS:
        if not isinstance(data[key], str) or not data[key].strip():
            raise ValueError(f"{path}: {key} must be a non-empty string, got {data[key]!r}")
    repo = data["student_repo"].rstrip("/").removesuffix(".git")
    if not _GITHUB.fullmatch(repo):
        raise ValueError(
            f"{path}: student_repo must be https://github.com/<owner>/<repo>, got "
            f"{data['student_repo']!r}"
        )
    if not _TAG.fullmatch(data["release_tag"]):
        raise ValueError(
            f"{path}: release_tag must be a git tag (letters, digits, '.', '_', '-'), got "
            f"{data['release_tag']!r}"
        )
    return Course(name=data["name"].strip(), student_repo=repo, release_tag=data["release_tag"])
