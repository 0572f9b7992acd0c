"""Colab: course.toml, the release's badge and setup cell, and a Colab round trip through nbgrader.

The round trip grades notebooks saved the way Colab saves them (nbformat 4.0: no cell ids, Colab's
notebook and cell metadata, outputs); it submits only ``convolution.ipynb`` to stay fast.
"""

import json
import sys
import types
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from autograder import colab, course, notebooks, pipeline

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "numpy_cnn"
NOTEBOOK = "convolution"
RELEASE = sorted((ROOT / "assignments" / ASSIGNMENT).glob("*.ipynb"))

GOOD_TOML = """\
name = "Test course"
student_repo = "https://github.com/some-owner/some-repo"
release_tag = "numpy_cnn-v7"
"""


@pytest.fixture
def settings(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text(GOOD_TOML)
    return course.load(path)


# ---------------------------------------------------------------- course.toml


def test_repository_course_toml_loads():
    settings = course.load()
    assert settings.student_repo.startswith("https://github.com/")
    assert settings.release_tag


def test_badge_url_built_from_course_toml(settings):
    assert settings.owner_repo == "some-owner/some-repo"
    url = colab.colab_url(settings, ASSIGNMENT, NOTEBOOK)
    assert url == (
        "https://colab.research.google.com/github/some-owner/some-repo/blob/numpy_cnn-v7/"
        "assignments/numpy_cnn/convolution.ipynb"
    )
    badge = colab.badge_source(settings, ASSIGNMENT, NOTEBOOK)
    assert f"]({url})" in badge and colab.BADGE_IMAGE in badge


def test_trailing_slash_and_dot_git_are_accepted(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text(GOOD_TOML.replace("some-repo", "some-repo.git/"))
    assert course.load(path).owner_repo == "some-owner/some-repo"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_TOML.replace('release_tag = "numpy_cnn-v7"\n', ""), "missing key(s) release_tag"),
        ("name = 'x'\n", "missing key(s) student_repo, release_tag"),
        (GOOD_TOML + "colour = 'red'\n", "unknown key(s) colour"),
        (GOOD_TOML.replace('"Test course"', "3"), "name must be a non-empty string"),
        (GOOD_TOML.replace("https://github.com/", "https://gitlab.com/"), "student_repo must be"),
        (GOOD_TOML.replace("numpy_cnn-v7", "v 7"), "release_tag must be a git tag"),
        ("name = ", "not valid TOML"),
    ],
    ids=["no-tag", "two-missing", "unknown", "not-string", "not-github", "bad-tag", "bad-toml"],
)
def test_bad_course_toml_names_the_problem(tmp_path, text, message):
    path = tmp_path / "course.toml"
    path.write_text(text)
    with pytest.raises(ValueError, match="course.toml") as info:
        course.load(path)
    assert message in str(info.value)


def test_missing_course_toml(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        course.load(tmp_path / "course.toml")


def test_bad_course_toml_stops_the_release_before_nbgrader(tmp_path):
    path = tmp_path / "course.toml"
    path.write_text("name = 'x'\n")
    with pytest.raises(ValueError, match="missing key"):
        pipeline.generate_release(ASSIGNMENT, tmp_path, course_toml=path)
    assert not (tmp_path / "assignments").exists()


# ---------------------------------------------------------------- the setup cell


def test_setup_cell_installs_cnnlab_only_and_checks_the_gpu_correctly(settings):
    source = colab.setup_source(settings)
    assert 'if "google.colab" in sys.modules:' in source
    install = [line.strip() for line in source.splitlines() if "pip install" in line]
    assert install == [
        '%pip install -q --no-deps "cnnlab @ git+https://github.com/some-owner/some-repo@numpy_cnn-v7"'
    ]
    assert "torch.cuda.is_available()" in source
    assert "torch" not in install[0].split("cnnlab @")[0] and "[" not in install[0]
    for forbidden in ("drive", "restart", "wget", "curl", "!"):
        assert forbidden not in source.lower().replace("runtime > change", ""), forbidden


def _run_setup(source, monkeypatch, capsys, colab_gpu=None):
    """Run the setup cell as IPython would; ``colab_gpu`` None: not on Colab, else fake Colab."""
    magics = []
    if colab_gpu is not None:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
        cuda = types.SimpleNamespace(
            is_available=lambda: colab_gpu, get_device_name=lambda k: "Tesla T4"
        )
        monkeypatch.setitem(sys.modules, "torch", types.SimpleNamespace(cuda=cuda))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    shell = types.SimpleNamespace(run_line_magic=lambda name, line: magics.append((name, line)))
    code = TransformerManager().transform_cell(source)
    exec(compile(code, "<setup>", "exec"), {"get_ipython": lambda: shell})  # noqa: S102
    return magics, capsys.readouterr().out


def test_setup_cell_outside_colab_prints_one_line_and_does_nothing(settings, monkeypatch, capsys):
    magics, out = _run_setup(colab.setup_source(settings), monkeypatch, capsys)
    assert magics == []
    assert out == "Not on Colab: nothing to set up.\n"


@pytest.mark.parametrize("gpu", [False, True])
def test_setup_cell_on_colab_installs_and_reports_the_gpu(settings, monkeypatch, capsys, gpu):
    magics, out = _run_setup(colab.setup_source(settings), monkeypatch, capsys, colab_gpu=gpu)
    assert magics == [("pip", f'install -q --no-deps "{colab.install_line(settings)}"')]
    if gpu:
        assert out == "cnnlab installed. GPU: Tesla T4.\n"
    else:  # a bare `torch.cuda.is_available` (always true) would claim a GPU here
        assert out.startswith("cnnlab installed. No GPU: fine, the NumPy notebooks do not need one")


# ---------------------------------------------------------------- adding the cells


def _notebook():
    nb = notebooks.read(ROOT / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    return nb


def test_cells_go_on_top_without_nbgrader_metadata(settings):
    nb = _notebook()
    before = [c.id for c in nb.cells]
    colab.add_colab_cells(nb, settings, ASSIGNMENT, NOTEBOOK)
    assert [c.id for c in nb.cells] == [colab.BADGE, colab.SETUP, *before]
    badge, setup = nb.cells[:2]
    assert (badge.cell_type, setup.cell_type) == ("markdown", "code")
    assert badge.metadata == {"cnnlab": colab.BADGE}
    assert setup.metadata == {"cnnlab": colab.SETUP}
    nbformat.validate(nb)


def test_adding_twice_changes_nothing(settings):
    once = colab.add_colab_cells(_notebook(), settings, ASSIGNMENT, NOTEBOOK)
    twice = colab.add_colab_cells(
        colab.add_colab_cells(_notebook(), settings, ASSIGNMENT, NOTEBOOK),
        settings,
        ASSIGNMENT,
        NOTEBOOK,
    )
    assert twice == once
    assert sum(colab.BADGE_IMAGE in c.source for c in twice.cells) == 1


def test_new_settings_replace_the_old_cells(settings, tmp_path):
    nb = colab.add_colab_cells(_notebook(), settings, ASSIGNMENT, NOTEBOOK)
    path = tmp_path / "other.toml"
    path.write_text(GOOD_TOML.replace("numpy_cnn-v7", "numpy_cnn-v8"))
    colab.add_colab_cells(nb, course.load(path), ASSIGNMENT, NOTEBOOK)
    text = json.dumps(nb)
    assert "numpy_cnn-v8" in text and "numpy_cnn-v7" not in text


def test_a_foreign_cell_with_our_id_is_refused(settings):
    nb = _notebook()
    nb.cells[0].id = colab.SETUP
    with pytest.raises(ValueError, match="colab-setup"):
        colab.add_colab_cells(nb, settings, ASSIGNMENT, NOTEBOOK)


@pytest.mark.parametrize("path", RELEASE, ids=lambda p: p.name)
def test_committed_release_starts_with_the_colab_cells(path):
    nb = notebooks.read(path)
    expected = colab.colab_cells(course.load(), ASSIGNMENT, path.stem)
    assert nb.cells[:2] == expected, f"{path} is stale: run `make release`"
    assert sum(c.metadata.get("cnnlab") == colab.SETUP for c in nb.cells) == 1


# ---------------------------------------------------------------- the Colab round trip


def colab_saved(nb: nbformat.NotebookNode, strip_nbgrader: bool = False) -> str:
    """``nb`` as Colab writes it on File > Download .ipynb: nbformat 4.0, Colab metadata."""
    data = json.loads(nbformat.writes(nb))
    data["nbformat_minor"] = 0
    data["metadata"] = {
        "colab": {"provenance": [], "gpuType": "T4", "toc_visible": True},
        "accelerator": "GPU",
        "kernelspec": {"name": "python3", "display_name": "Python 3"},
        "language_info": {"name": "python"},
    }
    for k, cell in enumerate(data["cells"]):
        cell.pop("id", None)  # nbformat 4.0 has no cell ids; Colab keeps its own in metadata
        cell["metadata"]["id"] = f"Xk{k:04d}colab"
        if strip_nbgrader:
            cell["metadata"].pop("nbgrader", None)
        if cell["cell_type"] == "code":
            cell["metadata"]["colab"] = {"base_uri": "https://localhost:8080/", "height": 35}
            cell["metadata"]["outputId"] = f"{k:08x}-0000-0000-0000-000000000000"
            cell["execution_count"] = k + 1
            cell["outputs"] = [
                {"output_type": "stream", "name": "stdout", "text": ["ran on Colab\n"]},
                {
                    "output_type": "execute_result",
                    "execution_count": k + 1,
                    "data": {"text/plain": ["'a value'"]},
                    "metadata": {"tags": []},
                },
            ]
    return json.dumps(data, indent=2)


STUDENTS = {"colab_student": False, "colab_lost_nbgrader_student": True}


@pytest.fixture(scope="module")
def colab_course(tmp_path_factory):
    """One scratch course; each student submits only convolution.ipynb, saved as Colab does."""
    root = tmp_path_factory.mktemp("colab_course")
    pipeline.new_course(root, ASSIGNMENT)
    release = pipeline.generate_release(ASSIGNMENT, root)
    source = notebooks.read(root / "solutions" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    for student, strip in STUDENTS.items():
        nb = notebooks.read(release / f"{NOTEBOOK}.ipynb")
        pipeline.fill_answers(nb, source)
        target = root / "submitted" / student / ASSIGNMENT
        target.mkdir(parents=True)
        (target / f"{NOTEBOOK}.ipynb").write_text(colab_saved(nb, strip_nbgrader=strip))
    results = {r.student: r for r in pipeline.grade(ASSIGNMENT, root)}
    rows = {r.student: r for r in pipeline.grade_rows(ASSIGNMENT, root) if r.notebook == NOTEBOOK}
    points = sum(
        notebooks.nbgrader_meta(c).get("points", 0)
        for c in source.cells
        if c.cell_type == "code" and notebooks.nbgrader_meta(c).get("grade")
    )
    return root, results, rows, points


def _assert_full_marks(colab_course, student):
    _, results, rows, points = colab_course
    assert results[student].ok, results[student].message
    row = rows[student]
    assert points > 0
    assert row.auto_max == points, "the Colab cells must not change the points"
    assert row.auto_score == row.auto_max, f"lost points in {row.failed_cells}"


@pytest.mark.slow
def test_colab_saved_notebook_gets_full_marks(colab_course):
    _assert_full_marks(colab_course, "colab_student")
    root = colab_course[0]
    graded = notebooks.read(
        root / "autograded" / "colab_student" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    )
    setup = graded.cells[1]
    assert setup.metadata["cnnlab"] == colab.SETUP
    assert [o.get("text") for o in setup.outputs] == ["Not on Colab: nothing to set up.\n"]


@pytest.mark.slow
def test_colab_notebook_without_nbgrader_metadata_gets_full_marks(colab_course):
    _assert_full_marks(colab_course, "colab_lost_nbgrader_student")
