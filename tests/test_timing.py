"""cnnlab.timing with a fake clock (no timing assertions that could flake) and tracemalloc."""

import subprocess
import sys
import tracemalloc
from types import SimpleNamespace

import numpy as np
import pytest

from cnnlab import timing


class FakeClock:
    """A clock that only moves when a fake function 'runs' for a scripted duration."""

    def __init__(self):
        self.now = 0.0
        self.log = []

    def perf_counter(self):
        self.log.append("clock")
        return self.now

    def fn(self, name, durations):
        """A function that logs its name and advances the clock by the next duration."""
        durations = list(durations)

        def run():
            self.log.append(name)
            self.now += durations.pop(0)

        return run


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(timing, "time", SimpleNamespace(perf_counter=fake.perf_counter))
    return fake


def test_median_of_the_timed_runs_only(clock):
    # a: warm-up 100 s (ignored), then 1, 5, 2, 9, 3 -> median 3 (the mean would be 4)
    # b: warm-up 50 s, then 0.5, 0.25, 8, 0.75, 0.5 -> median 0.5
    fns = {
        "a": clock.fn("a", [100, 1, 5, 2, 9, 3]),
        "b": clock.fn("b", [50, 0.5, 0.25, 8, 0.75, 0.5]),
    }
    result = timing.medians(fns, repeats=5, rounds=3, warmup=1)
    assert list(result) == ["a", "b"]
    assert result["a"] == pytest.approx(3.0)
    assert result["b"] == pytest.approx(0.5)


def test_calls_warmup_plus_repeats_in_alternating_rounds(clock):
    fns = {"a": clock.fn("a", [1] * 7), "b": clock.fn("b", [1] * 7)}
    timing.medians(fns, repeats=5, rounds=3, warmup=2)
    calls = [entry for entry in clock.log if entry != "clock"]
    # round 1: warm-ups then 2 runs each; round 2: 2 runs each; round 3: 1 run each
    assert calls == ["a"] * 4 + ["b"] * 4 + ["a"] * 2 + ["b"] * 2 + ["a", "b"]
    # every timed run is bracketed by two clock readings, warm-ups are not timed
    assert clock.log.count("clock") == 2 * 10


@pytest.mark.parametrize(("repeats", "rounds", "warmup"), [(1, 3, 0), (2, 3, 1), (7, 2, 3)])
def test_call_counts(clock, repeats, rounds, warmup):
    counts = {"a": 0, "b": 0}

    def make(name):
        def run():
            counts[name] += 1

        return run

    result = timing.medians({"a": make("a"), "b": make("b")}, repeats, rounds, warmup)
    assert counts == {"a": warmup + repeats, "b": warmup + repeats}
    assert result == {"a": 0.0, "b": 0.0}


@pytest.mark.parametrize(
    "kwargs", [{"repeats": 0}, {"rounds": 0}, {"warmup": -1}], ids=["repeats", "rounds", "warmup"]
)
def test_bad_counts(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        timing.medians({"a": lambda: None}, **kwargs)


def test_unknown_device():
    with pytest.raises(ValueError, match="'tpu'"):
        timing.medians({"a": lambda: None}, device="tpu")


def test_cpu_device_does_not_import_torch():
    code = (
        "import sys; sys.modules['torch'] = None\n"
        "from cnnlab import timing\n"
        "t = timing.medians({'a': lambda: sum(range(100))}, repeats=3, device='cpu')\n"
        "assert t['a'] >= 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cuda_without_torch_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(RuntimeError, match="needs PyTorch"):
        timing.medians({"a": lambda: None}, device="cuda")


def test_cuda_without_a_gpu_is_a_clear_error(monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match=r"torch.cuda.is_available\(\) is False"):
        timing.medians({"a": lambda: None}, device="cuda")


def test_cuda_synchronises_around_every_timed_run(clock, monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(
        torch.cuda, "synchronize", lambda device=None: clock.log.append(f"sync {device}")
    )
    timing.medians({"a": clock.fn("a", [1, 2, 3])}, repeats=2, rounds=1, device="cuda:0")
    run = ["sync cuda:0", "clock", "a", "sync cuda:0", "clock"]
    assert clock.log == ["a"] + run + run  # the warm-up first, unsynchronised


def test_real_gpu_if_there_is_one():
    torch = pytest.importorskip("torch")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA GPU")
    a = torch.randn(512, 512, device="cuda")
    t = timing.medians({"matmul": lambda: a @ a}, repeats=3, device="cuda")
    assert t["matmul"] > 0


def test_peak_bytes_counts_numpy_allocations():
    size = 1_000_000  # float64: 8 MB

    def allocate():
        return float(np.ones(size).sum())

    result, peak = timing.peak_bytes(allocate)
    assert result == size
    assert 8 * size <= peak < 8 * size + 100_000
    assert not tracemalloc.is_tracing()


def test_peak_bytes_is_a_peak_not_a_total():
    def two_in_turn():
        for _ in range(2):
            a = np.ones(1_000_000)
            del a

    _, peak = timing.peak_bytes(two_in_turn)
    assert 8_000_000 <= peak < 12_000_000


def test_peak_bytes_excludes_what_existed_before_and_nests():
    tracemalloc.start()
    try:
        before = np.ones(2_000_000)  # 16 MB traced before the call
        _, peak = timing.peak_bytes(lambda: np.ones(500_000))  # 4 MB
        assert 4_000_000 <= peak < 4_100_000
        assert tracemalloc.is_tracing(), "an outer trace must keep running"
        del before
    finally:
        tracemalloc.stop()


def test_peak_bytes_stops_tracing_when_fn_raises():
    def boom():
        raise KeyError("x")

    with pytest.raises(KeyError):
        timing.peak_bytes(boom)
    assert not tracemalloc.is_tracing()
