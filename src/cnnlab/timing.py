"""Timing done right: warm up, repeat, take the median, alternate, and wait for the GPU.

A single ``time.perf_counter()`` around one call says little: the first call pays for imports,
caches and memory allocation, the machine's load changes from second to second, and a GPU runs
asynchronously (a PyTorch CUDA call returns as soon as the work is *queued*). :func:`medians`
takes care of all of these::

    t = medians({"numpy": lambda: conv_forward(x, w, b), "torch": lambda: F.conv2d(tx, tw, tb)})
    print(f"ratio {t['numpy'] / t['torch']:.2f}")

:func:`peak_bytes` measures the memory that one call allocates at its peak (e.g. im2col's column
matrix).

The module needs only the standard library: PyTorch is imported only for ``device="cuda"``.
"""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["medians", "peak_bytes"]

R = TypeVar("R")


def _synchronizer(device: Any) -> Callable[[], None] | None:
    """A function that waits for ``device`` to finish its queued work (None for the CPU)."""
    if device is None:
        return None
    name = str(device)
    if name == "cpu":
        return None
    if not name.startswith("cuda"):
        raise ValueError(
            f"device must be None, 'cpu' or 'cuda' (or 'cuda:<index>'), got {device!r}"
        )
    try:
        import torch
    except ImportError as error:
        raise RuntimeError(f"device={name!r} needs PyTorch, which is not installed") from error
    if not torch.cuda.is_available():
        raise RuntimeError(
            f"device={name!r} but torch.cuda.is_available() is False: no CUDA GPU here (on Colab: "
            f"Runtime > Change runtime type > GPU); time CPU code with device=None"
        )
    return lambda: torch.cuda.synchronize(name)


def medians(
    fns: dict[str, Callable[[], object]],
    repeats: int = 5,
    rounds: int = 3,
    warmup: int = 1,
    device: Any = None,
) -> dict[str, float]:
    """Median seconds of each ``fn()``, over ``repeats`` timed runs after ``warmup`` untimed ones.

    The runs go in ``rounds`` rounds; in each round every function runs its share of the
    repeats back to back (round r gets ``repeats // rounds`` runs, one more for the first
    ``repeats % rounds`` rounds; each function's warm-up runs come right before its first
    timed run). Rounds spread the machine's load changes over all functions; runs back to back
    keep one library's idle threads (which spin for a while after a call) from slowing the other
    library's next call. The median ignores the odd slow run (a garbage collection, another
    process).

    With ``device="cuda"`` (PyTorch on a GPU) the clock starts after ``torch.cuda.synchronize()``
    and stops after another one, so that a run's time includes the GPU work it queued, not only
    the time to queue it.

    Inputs:
    - fns: name -> function without arguments (wrap a call in a lambda or functools.partial).
      Every function is called ``warmup + repeats`` times.
    - repeats: timed runs per function, >= 1.
    - rounds: number of rounds the timed runs are spread over, >= 1.
    - warmup: untimed runs per function before its first timed run, >= 0.
    - device: None or "cpu" (no synchronisation), or "cuda" / "cuda:<index>" / a torch.device.

    Returns:
        name -> median seconds per call (a dict in the order of ``fns``).

    Raises:
        ValueError: repeats < 1, rounds < 1, warmup < 0 or an unknown device.
        RuntimeError: device "cuda" without PyTorch or without a CUDA GPU (timing GPU code
            without synchronising would measure only the queueing; we refuse instead).
    """
    if repeats < 1 or rounds < 1 or warmup < 0:
        raise ValueError(
            f"medians needs repeats >= 1, rounds >= 1 and warmup >= 0, got repeats={repeats}, "
            f"rounds={rounds}, warmup={warmup}"
        )
    sync = _synchronizer(device)
    times: dict[str, list[float]] = {name: [] for name in fns}
    for round_ in range(rounds):
        runs = repeats // rounds + (1 if round_ < repeats % rounds else 0)
        for name, fn in fns.items():
            if round_ == 0:
                for _ in range(warmup):
                    fn()
            for _ in range(runs):
                if sync is not None:
                    sync()
                start = time.perf_counter()
                fn()
                if sync is not None:
                    sync()
                times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def peak_bytes(fn: Callable[[], R]) -> tuple[R, int]:
    """Call ``fn()`` once and measure the peak of the memory it allocates (with tracemalloc).

    The peak counts what ``fn`` allocates through Python and NumPy while it runs (including
    temporaries freed before it returns), not what existed before the call. PyTorch's
    allocations (CPU or GPU) are not seen by tracemalloc. Tracing slows ``fn`` down: do not time
    the same call.

    Inputs:
    - fn: function without arguments.

    Returns a tuple of:
    - result: what ``fn()`` returned.
    - peak: the peak, in bytes, of memory allocated during the call above what was allocated
      when it started (an int >= 0).
    """
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if started:
            tracemalloc.stop()
    return result, max(peak - before, 0)
