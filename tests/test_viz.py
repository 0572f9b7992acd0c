"""cnnlab.viz: what the figures hold (axes, grid images incl. padding, titles, line data)."""

import math
import re
import subprocess
import sys
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

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


# ---------------------------------------------------------------------------------------------
# Convolution geometry, the explorer and the im2col memory chart. References: PyTorch.

F = torch.nn.functional

# (kernel_size, stride, padding, dilation); the image is 9 x 11 unless a case says otherwise
GEOMETRY_CASES = [
    (3, 1, 0, 1),
    (3, 1, 1, 1),
    (5, 2, 2, 1),
    (3, 2, 1, 2),
    (3, 3, 0, 1),  # floored: the last window does not fit
    (2, 2, 0, 1),
    (1, 1, 0, 1),
    (4, 3, 2, 3),
    (3, 1, 0, 4),  # span 9 = H: one output row
    (7, 5, 3, 1),
]


def torch_output(image, kernel_size, stride, padding, dilation):
    """F.conv2d of one grey image with the mean of kernel_size**2 taps (float64): (H_out, W_out)."""
    weight = torch.full((1, 1, kernel_size, kernel_size), 1.0 / kernel_size**2, dtype=torch.float64)
    out = F.conv2d(
        torch.from_numpy(image)[None, None],
        weight,
        stride=stride,
        padding=padding,
        dilation=dilation,
    )
    return out[0, 0].numpy()


def output_size_in_title(fig):
    text = fig._suptitle.get_text()
    match = re.search(r"-> output (\d+) x (\d+)$", text)
    assert match, text
    return int(match[1]), int(match[2])


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, (gid, found)
    return found[0]


@pytest.mark.parametrize(("kernel_size", "stride", "padding", "dilation"), GEOMETRY_CASES)
def test_draw_conv_geometry_output_size_and_output_match_conv2d(
    kernel_size, stride, padding, dilation
):
    image = np.random.default_rng(5).random((9, 11))
    fig = viz.draw_conv_geometry(image, kernel_size, stride, padding, dilation)
    fig.canvas.draw()
    assert len(fig.axes) == 2
    expected = torch_output(image, kernel_size, stride, padding, dilation)
    assert output_size_in_title(fig) == expected.shape
    ax_in, ax_out = fig.axes
    (output,) = ax_out.images
    np.testing.assert_allclose(np.asarray(output.get_array()), expected, rtol=1e-12)
    assert ax_out.get_title().startswith(f"output {expected.shape[0]} x {expected.shape[1]}")


def test_draw_conv_geometry_default_photograph():
    fig = viz.draw_conv_geometry(None, 3, stride=2, padding=1, dilation=2)
    ax_in, _ = fig.axes
    (padded,) = ax_in.images
    assert np.asarray(padded.get_array()).shape == (37 + 2, 32 + 2, 3)  # 600 x 512 / 16, RGB
    photo = viz._photo()
    assert photo.shape == (37, 32)
    expected = torch_output(photo, 3, 2, 1, 2).shape
    assert output_size_in_title(fig) == expected == (18, 15)


def test_draw_conv_geometry_window_taps_and_padding():
    image = np.random.default_rng(6).random((10, 12))
    # kernel 3, stride 2, padding 1, dilation 2: span 5; output pixel (2, 3) starts at image
    # row 2 * 2 - 1 = 3 and column 3 * 2 - 1 = 5
    fig = viz.draw_conv_geometry(image, 3, 2, 1, 2, position=(2, 3))
    ax_in, ax_out = fig.axes
    field = by_gid(ax_in, "receptive_field")
    assert field.get_xy() == (4.5, 2.5)
    assert field.get_width() == field.get_height() == 5
    taps = by_gid(ax_in, "taps").get_offsets()  # (x, y) = (column, row)
    assert sorted(map(tuple, np.asarray(taps).tolist())) == [
        (x, y) for x in (5, 7, 9) for y in (3, 5, 7)
    ]
    position = by_gid(ax_out, "position")
    assert position.get_xy() == (2.5, 1.5) and position.get_width() == 1

    border = by_gid(ax_in, "image_border")
    assert border.get_xy() == (-0.5, -0.5)
    assert (border.get_width(), border.get_height()) == (12, 10)
    (padded,) = ax_in.images
    rgb = np.asarray(padded.get_array())
    assert rgb.shape == (12, 14, 3)
    np.testing.assert_array_equal(rgb[0, :], np.tile(viz.PADDING_RGB, (14, 1)))  # padding row
    np.testing.assert_array_equal(rgb[1:-1, 1, 0], rgb[1:-1, 1, 2])  # the image is grey
    assert padded.get_extent() == [-1.5, 12.5, 10.5, -1.5]
    assert "padded by 1" in ax_in.get_title()


def test_draw_conv_geometry_window_of_the_last_output_pixel_stays_inside():
    image = np.zeros((8, 8))
    fig = viz.draw_conv_geometry(image, 3, 2, 0, 1, position=(2, 2))  # output 3 x 3
    field = by_gid(fig.axes[0], "receptive_field")
    x, y = field.get_xy()
    assert x + 0.5 + field.get_width() <= 8 and y + 0.5 + field.get_height() <= 8


@pytest.mark.parametrize(
    ("shape", "args"),
    [((5, 5), (5, 1, 0, 3)), ((4, 6), (5, 1, 0, 1)), ((3, 3), (3, 2, 1, 3))],
)
def test_draw_conv_geometry_says_when_nothing_fits(shape, args):
    image = np.ones(shape)
    weight = torch.ones(1, 1, args[0], args[0], dtype=torch.float64)
    with pytest.raises(RuntimeError):  # PyTorch agrees that nothing fits
        F.conv2d(
            torch.ones((1, 1, *shape), dtype=torch.float64),
            weight,
            stride=args[1],
            padding=args[2],
            dilation=args[3],
        )
    fig = viz.draw_conv_geometry(image, *args, position=(7, 7))  # position ignored
    fig.canvas.draw()
    assert len(fig.axes) == 2
    message = by_gid(fig.axes[1], "message").get_text()
    span = args[3] * (args[0] - 1) + 1
    assert message.startswith("Nothing fits")
    assert f"spans {span} x {span}" in message
    assert f"only {shape[0] + 2 * args[2]} x {shape[1] + 2 * args[2]}" in message
    assert fig._suptitle.get_text().endswith("no output: the kernel does not fit")


@pytest.mark.parametrize(
    ("image", "args", "kwargs", "match"),
    [
        (np.zeros((2, 3, 3)), (3,), {}, r"\(2, 3, 3\)"),
        (np.zeros((5, 5)), (0,), {}, "kernel_size"),
        (np.zeros((5, 5)), (3, 0), {}, "stride"),
        (np.zeros((5, 5)), (3, 1, -1), {}, "padding"),
        (np.zeros((5, 5)), (3, 1, 0, 0), {}, "dilation"),
        (np.zeros((5, 5)), (3,), {"position": (3, 0)}, r"\(3, 0\).*3 x 3"),
        (np.zeros((5, 5)), (3,), {"position": (0, -1)}, "outside"),
    ],
)
def test_draw_conv_geometry_rejects(image, args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        viz.draw_conv_geometry(image, *args, **kwargs)


def test_draw_conv_geometry_into_given_figure():
    fig = plt.figure()
    assert viz.draw_conv_geometry(np.ones((6, 6)), 3, fig=fig) is fig
    assert len(fig.axes) == 2


EXPLORER_SLIDERS = ["kernel_size", "stride", "padding", "dilation", "row", "col"]


def test_conv_explorer_sliders_follow_the_output_size_and_redraw():
    ipywidgets = pytest.importorskip("ipywidgets")
    image = np.random.default_rng(7).random((9, 11))
    widget = viz.conv_explorer(image, kernel_size=3, padding=1)
    assert isinstance(widget, ipywidgets.interactive)
    sliders = dict(zip(EXPLORER_SLIDERS, widget.kwargs_widgets, strict=True))
    assert all(isinstance(s, ipywidgets.IntSlider) for s in sliders.values())
    assert [s._kwarg for s in widget.kwargs_widgets] == EXPLORER_SLIDERS
    assert [s.value for s in widget.kwargs_widgets] == [3, 1, 1, 1, 0, 0]
    assert (sliders["row"].max, sliders["col"].max) == (8, 10)  # 9 x 11 output
    assert len(plt.get_fignums()) == 1  # drawn once, not displayed here (no kernel)

    sliders["col"].value = 10
    sliders["dilation"].value = 2  # span 5: output 7 x 9, the column is lowered to 8
    expected = torch_output(image, 3, 1, 1, 2).shape
    assert (sliders["row"].max + 1, sliders["col"].max + 1) == expected
    assert sliders["col"].value == 8
    assert len(plt.get_fignums()) == 1  # the previous figure is closed
    fig = plt.gcf()
    assert output_size_in_title(fig) == expected
    assert by_gid(fig.axes[1], "position").get_xy() == (7.5, -0.5)

    sliders["kernel_size"].value = 11  # span 21 > 11: nothing fits, and no exception
    assert by_gid(plt.gcf().axes[1], "message").get_text().startswith("Nothing fits")


def test_conv_explorer_without_ipywidgets(monkeypatch):
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(ImportError, match="pip install ipywidgets"):
        viz.conv_explorer(np.ones((5, 5)))


def test_conv_explorer_rejects_values_beyond_the_sliders():
    pytest.importorskip("ipywidgets")
    with pytest.raises(ValueError, match="kernel_size must be <= 11"):
        viz.conv_explorer(np.ones((5, 5)), kernel_size=13)


MEMORY_SHAPES = [(64, 3, 32, 32), (64, 64, 16, 16), (2, 5, 7, 9)]


@pytest.mark.parametrize(
    ("kernel_size", "stride", "padding", "dtype"),
    [(3, 1, 1, np.float32), (5, 2, 0, np.float64), (2, 3, 2, np.float16)],
)
def test_im2col_memory_chart_bar_heights_are_the_bytes(kernel_size, stride, padding, dtype):
    fig = viz.im2col_memory_chart(MEMORY_SHAPES, kernel_size, stride, padding, dtype)
    fig.canvas.draw()
    assert len(fig.axes) == 1
    (ax,) = fig.axes
    inputs, columns = ax.containers
    itemsize = np.dtype(dtype).itemsize
    for k, shape in enumerate(MEMORY_SHAPES):
        x = torch.empty(shape, device="meta")  # shapes only, no memory
        cols = F.unfold(x, kernel_size, stride=stride, padding=padding)  # (N, C*HH*WW, L)
        input_bytes = math.prod(shape) * itemsize
        column_bytes = cols.numel() * itemsize
        assert inputs[k].get_height() == pytest.approx(input_bytes / 1e6, rel=1e-12)
        assert columns[k].get_height() == pytest.approx(column_bytes / 1e6, rel=1e-12)
        labels = [t.get_text() for t in ax.texts]
        assert f"{input_bytes / 1e6:.3g} MB" in labels
        assert f"{column_bytes / 1e6:.3g} MB\n{column_bytes / input_bytes:.1f}x input" in labels
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        " x ".join(map(str, shape)) for shape in MEMORY_SHAPES
    ]
    assert "MB" in ax.get_ylabel()


def test_im2col_memory_chart_stride_one_same_padding_is_nine_times_the_input():
    (ax,) = viz.im2col_memory_chart([(8, 16, 20, 20)]).axes
    inputs, columns = ax.containers
    assert columns[0].get_height() == pytest.approx(9 * inputs[0].get_height(), rel=1e-12)


def test_im2col_memory_chart_into_given_axes():
    fig, (left, right) = plt.subplots(1, 2)
    assert viz.im2col_memory_chart([(1, 1, 4, 4)], ax=right) is fig
    assert len(left.containers) == 0 and len(right.containers) == 2


@pytest.mark.parametrize(
    ("shapes", "kwargs", "match"),
    [
        ([], {}, "at least one shape"),
        ([(1, 3, 4)], {}, r"\(1, 3, 4\)"),
        ([(1, 3, 2, 2)], {"kernel_size": 5}, r"does not fit in \(1, 3, 2, 2\)"),
        ([(1, 3, 8, 8)], {"stride": 0}, "stride"),
    ],
)
def test_im2col_memory_chart_rejects(shapes, kwargs, match):
    with pytest.raises(ValueError, match=match):
        viz.im2col_memory_chart(shapes, **kwargs)
