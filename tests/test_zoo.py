"""cnnlab.zoo: the classic networks as layer lists, their builder and the table printer.

The networks must reproduce the lectures' numbers (checked here against PyTorch on the built
modules and against the published counts); the builder's pitfall layers (frozen, shared) must
behave like the PyTorch idioms they stand for.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from cnnlab import zoo


def trainable(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


@pytest.mark.parametrize(
    ("spec", "params", "out_shape"),
    [(zoo.LENET5, 61_706, (10,)), (zoo.ALEXNET, 62_378_344, (1000,)),
     (zoo.VGG16, 138_357_544, (1000,))],
)  # fmt: skip
def test_classic_networks_have_the_published_sizes(spec, params, out_shape) -> None:
    model = zoo.build(spec, device="meta")
    assert [name for name, _ in model.named_children()] == [name for name, _ in spec.rows]
    assert trainable(model) == params
    out = model(torch.zeros((2, *spec.input_shape), device="meta"))
    assert tuple(out.shape) == (2, *out_shape)


def test_alexnet_conv1_and_vgg_layers_are_the_lectures() -> None:
    alexnet = zoo.alexnet(device="meta")
    conv1 = alexnet.conv1[0]
    assert (conv1.in_channels, conv1.out_channels, conv1.kernel_size, conv1.stride) == (
        3, 96, (11, 11), (4, 4)
    )  # fmt: skip
    assert trainable(conv1) == 34_944
    assert tuple(alexnet.conv1(torch.zeros(1, 3, 227, 227, device="meta")).shape) == (1, 96, 55, 55)
    vgg = zoo.vgg16(device="meta")
    convs = [m for m in vgg.modules() if isinstance(m, nn.Conv2d)]
    assert len(convs) == 13 and all(c.kernel_size == (3, 3) and c.padding == (1, 1) for c in convs)
    assert trainable(vgg.fc6) == 512 * 7 * 7 * 4096 + 4096


def test_build_runs_on_the_cpu_with_real_values_and_a_dtype() -> None:
    torch.manual_seed(0)
    model = zoo.lenet5(dtype=torch.float64)
    out = model(torch.randn(3, 1, 32, 32, dtype=torch.float64))
    assert out.shape == (3, 10) and out.dtype == torch.float64 and torch.isfinite(out).all()


def test_frozen_and_shared_layers() -> None:
    spec = zoo.Spec(
        "traps",
        (4, 6, 6),
        (
            ("a", (zoo.conv(4, 4, 3, padding=1), zoo.batchnorm(4))),
            ("b", (zoo.frozen(zoo.conv(4, 4, 1)),)),
            ("c", (zoo.shared("b"),)),
            ("d", (zoo.shared("a"), zoo.relu())),
        ),
    )
    model = zoo.build(spec)
    assert model.c is model.b and model.d[0] is model.a
    assert not any(p.requires_grad for p in model.b.parameters())
    assert trainable(model) == 4 * 4 * 9 + 4 + 8
    assert len(model.state_dict()) == 7 + 2 + 2 + 7  # a (w, b, bn: 2 + 3 buffers), b, c, d
    assert tuple(model(torch.randn(2, 4, 6, 6)).shape) == (2, 4, 6, 6)


def test_build_refuses_unknown_layers_and_missing_shared_rows() -> None:
    with pytest.raises(ValueError, match="unknown layer kind 'gelu'"):
        zoo.build(zoo.Spec("x", (1, 2, 2), (("a", (("gelu",),)),)))
    with pytest.raises(ValueError, match="no earlier row is called 'later'"):
        zoo.build(zoo.Spec("x", (1, 2, 2), (("a", (zoo.shared("later"),)),)))


def test_spec_repr_and_layers_are_plain_data() -> None:
    assert repr(zoo.ALEXNET) == "AlexNet (13 layers, input 3x227x227)"
    assert zoo.conv(3, 96, 11, stride=4) == ("conv", 3, 96, 11, 4, 0, True)
    assert zoo.maxpool(3, 2) == ("maxpool", 3, 2) and zoo.maxpool(2) == ("maxpool", 2, 2)
    assert zoo.SPECS["VGG-16"] is zoo.VGG16


def test_format_table() -> None:
    rows = [
        {"name": "conv1", "output_shape": (96, 55, 55), "params": 34_944, "memory": 1_161_600,
         "flops": 210_830_400},
        {"name": "fc", "output_shape": (10,), "params": 100, "memory": 40, "flops": 2_000_000},
    ]  # fmt: skip
    text = zoo.format_table(rows, title="demo").splitlines()
    assert text[0] == "demo"
    assert text[3].split() == ["conv1", "96x55x55", "34,944", "1,134.4", "210.8"]
    assert text[4].split() == ["fc", "10", "100", "0.0", "2.0"]
    assert text[-1].split() == ["total", "35,044", "1,134.4", "212.8"]
    with pytest.raises(ValueError, match=r"row 1 has no \['flops'\]"):
        zoo.format_table([rows[0], {k: v for k, v in rows[1].items() if k != "flops"}])


def test_zoo_imports_without_torch() -> None:
    import subprocess
    import sys

    code = "import sys; sys.modules['torch'] = None\nfrom cnnlab import zoo\nprint(zoo.VGG16)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "VGG-16 (21 layers" in out.stdout
    assert np.isscalar(zoo.LENET5.input_shape[0])
