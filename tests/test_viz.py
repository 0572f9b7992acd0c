"""cnnlab.viz: what the figures hold (axes, grid images incl. padding, titles, line data)."""

import subprocess
import sys
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from cnnlab import viz  # noqa: E402


@pytest.fixture(autouse=True)
def no_show_and_close(monkeypatch):
    """Fail if a function calls plt.show(); close every figure after the test."""

    def show(*args, **kwargs):
        raise AssertionError("viz must not call plt.show()")

    monkeypatch.setattr(plt, "show", show)
    yield
    plt.close("all")


def only_image(fig):
    """The single Axes of ``fig`` and the array of its single image (after drawing with Agg)."""
    fig.canvas.draw()
    assert len(fig.axes) == 1
    (ax,) = fig.axes
    assert len(ax.images) == 1
    return ax, np.asarray(ax.images[0].get_array())


def tile(grid, k, cols, H, W, padding):
    r, c = divmod(k, cols)
    return grid[
        r * (H + padding) : r * (H + padding) + H, c * (W + padding) : c * (W + padding) + W
    ]


def scaled(a):
    return (a - a.min()) / (a.max() - a.min())


def test_image_grid_layout_padding_and_scaling():
    rng = np.random.default_rng(0)
    images = rng.standard_normal((5, 3, 2))
    images[4] = 7.0  # a constant image
    grid = viz.image_grid(images, padding=1)
    assert grid.shape == (2 * 3 + 1, 3 * 2 + 2)  # 3 columns, 2 rows
    for k in range(4):
        np.testing.assert_allclose(tile(grid, k, 3, 3, 2, 1), scaled(images[k]))
    np.testing.assert_array_equal(tile(grid, 4, 3, 3, 2, 1), 0.5)
    np.testing.assert_array_equal(tile(grid, 5, 3, 3, 2, 1), 1.0)  # the empty sixth tile
    np.testing.assert_array_equal(grid[3, :], 1.0)  # padding row
    np.testing.assert_array_equal(grid[:, [2, 5]], 1.0)  # padding columns


def test_image_grid_normalize_all_keeps_contrasts():
    images = np.stack([np.full((2, 2), 0.0), np.full((2, 2), 1.0), np.full((2, 2), 4.0)])
    images[2, 0, 0] = 2.0
    grid = viz.image_grid(images, padding=0, normalize="all")
    assert grid.shape == (4, 4)
    np.testing.assert_allclose(grid[:2, :2], 0.0)
    np.testing.assert_allclose(grid[:2, 2:], 0.25)
    np.testing.assert_allclose(grid[2:4, :2], [[0.5, 1.0], [1.0, 1.0]])


@pytest.mark.parametrize(
    ("images", "kwargs", "match"),
    [
        (np.zeros((2, 3)), {}, r"\(2, 3\)"),
        (np.zeros((2, 3, 3, 2)), {}, r"\(2, 3, 3, 2\)"),
        (np.zeros((0, 3, 3)), {}, "no images"),
        (np.zeros((2, 3, 3)), {"padding": -1}, "padding"),
        (np.zeros((2, 3, 3)), {"normalize": "max"}, "normalize"),
    ],
)
def test_image_grid_rejects(images, kwargs, match):
    with pytest.raises(ValueError, match=match):
        viz.image_grid(images, **kwargs)


def test_filter_grid_rgb():
    rng = np.random.default_rng(1)
    w = rng.standard_normal((10, 3, 5, 4))
    fig = viz.filter_grid(w, padding=2, title="first layer")
    ax, image = only_image(fig)
    assert image.shape == (3 * 5 + 2 * 2, 4 * 4 + 3 * 2, 3)  # 4 columns, 3 rows, RGB
    assert ax.get_title() == "first layer"
    np.testing.assert_allclose(tile(image, 6, 4, 5, 4, 2), scaled(w[6].transpose(1, 2, 0)))


def test_filter_grid_grey_and_first_channel():
    rng = np.random.default_rng(2)
    w1 = rng.standard_normal((4, 1, 3, 3))
    _, image = only_image(viz.filter_grid(w1))
    assert image.shape == (2 * 3 + 1, 2 * 3 + 1)
    np.testing.assert_allclose(tile(image, 3, 2, 3, 3, 1), scaled(w1[3, 0]))

    w16 = rng.standard_normal((3, 16, 3, 3))
    ax, image = only_image(viz.filter_grid(w16, padding=0))
    np.testing.assert_allclose(image, viz.image_grid(w16[:, 0], padding=0))
    assert ax.get_title() == ""


def test_filter_grid_into_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert viz.filter_grid(np.ones((2, 3, 2, 2)), ax=right) is fig
    assert len(left.images) == 0 and len(right.images) == 1


def test_filter_grid_needs_four_dimensions():
    with pytest.raises(ValueError, match=r"\(F, C, HH, WW\).*\(3, 3, 3\)"):
        viz.filter_grid(np.zeros((3, 3, 3)))


def test_feature_maps():
    rng = np.random.default_rng(3)
    maps = rng.standard_normal((40, 6, 7))
    ax, image = only_image(viz.feature_maps(maps, title="conv1"))
    assert image.shape == (6 * 6 + 5, 6 * 7 + 5)  # the first 32 maps: 6 columns, 6 rows
    np.testing.assert_allclose(tile(image, 31, 6, 6, 7, 1), scaled(maps[31]))
    assert ax.get_title() == "conv1"

    _, image = only_image(viz.feature_maps(maps, max_maps=3))
    assert image.shape == (2 * 6 + 1, 2 * 7 + 1)


def test_feature_maps_of_a_batch_is_an_error_with_a_hint():
    with pytest.raises(ValueError, match=r"\(2, 4, 5, 5\).*maps\[n\]"):
        viz.feature_maps(np.zeros((2, 4, 5, 5)))


def curves(fig):
    fig.canvas.draw()
    assert len(fig.axes) == 2
    return fig.axes


def test_training_curves_from_a_dict():
    rng = np.random.default_rng(4)
    loss = list(np.linspace(2.0, 0.5, 100) + 0.1 * rng.standard_normal(100))
    history = {
        "loss_history": loss,
        "train_acc_history": [0.1, 0.5, 0.7, 0.8],
        "val_acc_history": [0.1, 0.4, 0.6, 0.65],
    }
    fig = viz.training_curves(history, title="run 1")
    ax_loss, ax_acc = curves(fig)
    dots, mean = ax_loss.get_lines()
    np.testing.assert_array_equal(dots.get_xdata(), np.arange(1, 101))
    np.testing.assert_array_equal(dots.get_ydata(), loss)
    window = 100 // 20
    assert len(mean.get_xdata()) == 100 - window + 1
    np.testing.assert_allclose(mean.get_ydata()[0], np.mean(loss[:window]))
    np.testing.assert_allclose(mean.get_ydata()[-1], np.mean(loss[-window:]))
    assert mean.get_xdata()[-1] == 100

    train, val = ax_acc.get_lines()
    np.testing.assert_array_equal(train.get_xdata(), [0, 1, 2, 3])
    np.testing.assert_array_equal(train.get_ydata(), history["train_acc_history"])
    np.testing.assert_array_equal(val.get_ydata(), history["val_acc_history"])
    assert ax_loss.get_xlabel() == "iteration" and ax_acc.get_xlabel() == "epoch"
    assert fig._suptitle.get_text() == "run 1"


def test_training_curves_from_a_solver_like_object_with_few_iterations():
    solver = SimpleNamespace(
        loss_history=[1.0, 0.8, 0.7], train_acc_history=[0.2, 0.6], val_acc_history=[0.3, 0.5]
    )
    fig = plt.figure()
    assert viz.training_curves(solver, fig=fig) is fig
    ax_loss, ax_acc = curves(fig)
    assert len(ax_loss.get_lines()) == 1  # too short for a running mean
    assert len(ax_acc.get_lines()) == 2


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ({"loss_history": []}, "missing"),
        (object(), "Solver or a dict"),
        (
            {"loss_history": [1.0], "train_acc_history": [0.1, 0.2], "val_acc_history": [0.1]},
            "same length",
        ),
    ],
)
def test_training_curves_rejects(source, match):
    with pytest.raises(ValueError, match=match):
        viz.training_curves(source)


def test_viz_imports_without_torch():
    code = "import sys; sys.modules['torch'] = None\nimport cnnlab.viz\n"
    subprocess.run([sys.executable, "-c", code], check=True)
