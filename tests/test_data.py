"""cnnlab.data: CIFAR-10 download/cache/checksum against a loopback server, and the sample data.

No test touches the real network: a tiny tarball in the official format is fabricated and served
from an http.server on 127.0.0.1, and an autouse guard fails any other URL.
"""

import functools
import hashlib
import http.server
import importlib.util
import io
import os
import pickle
import shutil
import socket
import tarfile
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from cnnlab import data
from cnnlab.data import (
    CIFAR10_CLASSES,
    ChecksumError,
    DatasetError,
    DownloadError,
    cifar10_sample,
    data_dir,
    load_cifar10,
    sample_image,
)

N_PER_TRAIN_BATCH = 3
N_TEST = 4


# ------------------------------------------------------------------ a fabricated CIFAR-10


def make_batches(seed: int = 0) -> dict[str, dict[bytes, object]]:
    """The seven pickled dicts of the official archive, tiny, with Python-2-style bytes keys."""
    rng = np.random.default_rng(seed)
    batches: dict[str, dict[bytes, object]] = {}
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name in names:
        n = N_TEST if name == "test_batch" else N_PER_TRAIN_BATCH
        batches[name] = {
            b"batch_label": name.encode(),
            b"labels": [int(v) for v in rng.integers(0, 10, size=n)],  # a list, as in the original
            b"data": rng.integers(0, 256, size=(n, 3072), dtype=np.uint8),
            b"filenames": [f"img_{i}.png".encode() for i in range(n)],
        }
    batches["batches.meta"] = {
        b"num_cases_per_batch": N_PER_TRAIN_BATCH,
        b"label_names": [name.encode() for name in CIFAR10_CLASSES],
        b"num_vis": 3072,
    }
    return batches


def make_tarball(batches: dict[str, dict[bytes, object]], skip: str | None = None) -> bytes:
    """A .tar.gz holding cifar-10-batches-py/<name> pickles (protocol 2, like the original)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in batches.items():
            if name == skip:
                continue
            payload = pickle.dumps(content, protocol=2)
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
    return buffer.getvalue()


def md5_of(payload: bytes) -> str:
    return hashlib.md5(payload).hexdigest()


@pytest.fixture(scope="module")
def batches() -> dict[str, dict[bytes, object]]:
    return make_batches()


@pytest.fixture(scope="module")
def tarball(batches) -> bytes:
    return make_tarball(batches)


# ------------------------------------------------------------------ a loopback HTTP server


class Server:
    """Serves ``files[path] = body`` (or ``(body, declared_length)``) and counts the requests."""

    def __init__(self) -> None:
        self.files: dict[str, bytes | tuple[bytes, int]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                entry = server.files.get(self.path)
                if entry is None:
                    self.send_error(404)
                    return
                body, length = entry if isinstance(entry, tuple) else (entry, len(entry))
                self.send_response(200)
                self.send_header("Content-Type", "application/gzip")
                self.send_header("Content-Length", str(length))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str = "/cifar-10-python.tar.gz") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(scope="module")
def _running_server():
    server = Server()
    yield server
    server.close()


@pytest.fixture
def server(_running_server, tarball) -> Server:
    """The module's server, reset: it serves the good tarball at /cifar-10-python.tar.gz."""
    _running_server.files.clear()
    _running_server.requests.clear()
    _running_server.files["/cifar-10-python.tar.gz"] = tarball
    return _running_server


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    """Fail any URL that is not on 127.0.0.1; bypass proxies; keep caches out of the home folder."""
    real_urlopen = urllib.request.urlopen

    def loopback_only(url, *args, **kwargs):
        host = urllib.parse.urlsplit(url if isinstance(url, str) else url.full_url).hostname
        assert host == "127.0.0.1", f"a test tried to reach the network: {url}"
        return real_urlopen(url, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", loopback_only)
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "env_cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/cifar-10-python.tar.gz"


def all_files(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def load(root: Path, url: str, md5: str, **kwargs):
    return load_cifar10(root, url=url, md5=md5, progress=False, **kwargs)


# ------------------------------------------------------------------ download and load


def test_download_and_load_gives_nchw_arrays_in_batch_order(tmp_path, server, tarball, batches):
    x_train, y_train, x_test, y_test = load(tmp_path, server.url(), md5_of(tarball))

    assert x_train.shape == (5 * N_PER_TRAIN_BATCH, 3, 32, 32) and x_train.dtype == np.uint8
    assert y_train.shape == (5 * N_PER_TRAIN_BATCH,) and y_train.dtype == np.int64
    assert x_test.shape == (N_TEST, 3, 32, 32) and x_test.dtype == np.uint8
    assert y_test.shape == (N_TEST,) and y_test.dtype == np.int64

    train_names = [f"data_batch_{i}" for i in range(1, 6)]
    expected_rows = np.concatenate([batches[name][b"data"] for name in train_names])
    expected_labels = np.concatenate([batches[name][b"labels"] for name in train_names])
    np.testing.assert_array_equal(x_train.reshape(len(x_train), -1), expected_rows)
    np.testing.assert_array_equal(y_train, expected_labels)
    np.testing.assert_array_equal(y_test, batches["test_batch"][b"labels"])
    # Row layout: 1024 red, then 1024 green, then 1024 blue values, each 32x32 row-major.
    row = batches["test_batch"][b"data"][1]
    assert x_test[1, 0, 0, 1] == row[1]  # red, y=0, x=1
    assert x_test[1, 1, 2, 0] == row[1024 + 2 * 32]  # green, y=2, x=0
    assert x_test[1, 2, 31, 31] == row[3071]  # blue, last pixel

    assert server.requests == ["/cifar-10-python.tar.gz"]
    files = all_files(tmp_path)
    assert "cifar-10-python.tar.gz" in files
    assert len(files) == 8  # the tarball and the seven pickles: no .part or staging leftovers


def test_second_call_reads_the_cache_without_network(tmp_path, server, tarball):
    first = load(tmp_path, server.url(), md5_of(tarball))
    assert len(server.requests) == 1
    second = load(tmp_path, server.url(), md5_of(tarball))
    assert len(server.requests) == 1
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    # Offline: from the unpacked pickles alone, and from the tarball alone.
    tarball_path = tmp_path / "cifar-10-python.tar.gz"
    tarball_path.unlink()
    from_pickles = load(tmp_path, closed_port_url(), md5_of(tarball), download=False)
    np.testing.assert_array_equal(from_pickles[0], first[0])
    tarball_path.write_bytes(tarball)
    shutil.rmtree(tmp_path / "cifar-10-batches-py")
    from_tarball = load(tmp_path, closed_port_url(), md5_of(tarball), download=False)
    np.testing.assert_array_equal(from_tarball[0], first[0])
    assert len(server.requests) == 1


def test_progress_bar_shown_only_when_asked(tmp_path, server, tarball, capsys):
    load_cifar10(tmp_path / "a", url=server.url(), md5=md5_of(tarball), progress=True)
    assert "cifar-10-python.tar.gz" in capsys.readouterr().err
    load_cifar10(tmp_path / "b", url=server.url(), md5=md5_of(tarball), progress=False)
    assert capsys.readouterr().err == ""


def test_wrong_md5_raises_names_both_checksums_and_leaves_no_file(tmp_path, server, tarball):
    expected = "0" * 32
    with pytest.raises(ChecksumError) as info:
        load(tmp_path, server.url(), expected)
    message = str(info.value)
    assert expected in message and md5_of(tarball) in message
    assert isinstance(info.value, RuntimeError)
    assert all_files(tmp_path) == []


def test_corrupted_bytes_fail_the_official_checksum(tmp_path, server, tarball):
    corrupted = bytearray(tarball)
    corrupted[len(corrupted) // 2] ^= 0xFF
    server.files["/cifar-10-python.tar.gz"] = bytes(corrupted)
    with pytest.raises(ChecksumError, match=md5_of(bytes(corrupted))):
        load(tmp_path, server.url(), md5_of(tarball))
    assert all_files(tmp_path) == []


def test_server_down_raises_download_error_naming_url_and_where_to_put_the_file(tmp_path):
    url = closed_port_url()
    with pytest.raises(DownloadError) as info:
        load(tmp_path, url, "0" * 32)
    message = str(info.value)
    assert url in message
    assert str(tmp_path / "cifar-10-python.tar.gz") in message
    assert isinstance(info.value, RuntimeError)
    assert all_files(tmp_path) == []


def test_http_error_raises_download_error(tmp_path, server):
    url = server.url("/missing.tar.gz")
    with pytest.raises(DownloadError, match="404") as info:
        load(tmp_path, url, "0" * 32)
    assert url in str(info.value)
    assert all_files(tmp_path) == []


def test_dropped_connection_raises_download_error_and_leaves_no_partial_file(
    tmp_path, server, tarball
):
    half = tarball[: len(tarball) // 2]
    server.files["/cifar-10-python.tar.gz"] = (half, len(tarball))  # promises more than it sends
    with pytest.raises(DownloadError, match=server.url()):
        load(tmp_path, server.url(), md5_of(tarball))
    assert all_files(tmp_path) == []


def _not_a_tarball(batches) -> bytes:
    return b"this is not a gzip file at all" * 100


def _truncated_gzip(batches) -> bytes:
    return make_tarball(batches)[:-200]


def _missing_test_batch(batches) -> bytes:
    return make_tarball(batches, skip="test_batch")


def _wrong_row_length(batches) -> bytes:
    broken = dict(batches)
    broken["data_batch_3"] = {**batches["data_batch_3"], b"data": np.zeros((3, 100), np.uint8)}
    return make_tarball(broken)


def _labels_do_not_match(batches) -> bytes:
    broken = dict(batches)
    broken["test_batch"] = {**batches["test_batch"], b"labels": [1, 2]}
    return make_tarball(broken)


def _not_cifar10_classes(batches) -> bytes:
    broken = dict(batches)
    broken["batches.meta"] = {b"label_names": [b"apple"] * 10}
    return make_tarball(broken)


@pytest.mark.parametrize(
    ("make_payload", "message"),
    [
        (_not_a_tarball, "not a readable .tar.gz"),
        (_truncated_gzip, "not a readable .tar.gz"),
        (_missing_test_batch, "cifar-10-batches-py/test_batch"),
        (_wrong_row_length, r"data_batch_3.*\(n, 3072\)"),
        (_labels_do_not_match, r"test_batch.*labels"),
        (_not_cifar10_classes, "class names"),
    ],
)
def test_corrupt_archive_with_matching_md5_raises_dataset_error(
    tmp_path, server, batches, make_payload, message
):
    payload = make_payload(batches)
    server.files["/cifar-10-python.tar.gz"] = payload
    with pytest.raises(DatasetError, match=message) as info:
        load(tmp_path, server.url(), md5_of(payload))
    assert "download a fresh copy" in str(info.value)
    assert all_files(tmp_path) == []  # neither the bad tarball nor half-unpacked pickles remain


def test_download_false_and_nothing_cached_raises_file_not_found(tmp_path, server, tarball):
    with pytest.raises(FileNotFoundError, match="cifar-10-python.tar.gz") as info:
        load(tmp_path, server.url(), md5_of(tarball), download=False)
    assert str(tmp_path) in str(info.value)
    assert server.requests == []


def test_tarball_placed_by_hand_is_used_offline(tmp_path, tarball):
    tmp_path.joinpath("cifar-10-python.tar.gz").write_bytes(tarball)
    x_train, *_ = load(tmp_path, closed_port_url(), md5_of(tarball), download=False)
    assert x_train.shape == (5 * N_PER_TRAIN_BATCH, 3, 32, 32)


def test_bad_tarball_placed_by_hand_fails_its_checksum_and_is_removed(tmp_path, tarball):
    path = tmp_path / "cifar-10-python.tar.gz"
    path.write_bytes(tarball[:-1])
    with pytest.raises(ChecksumError, match=md5_of(tarball[:-1])):
        load(tmp_path, closed_port_url(), md5_of(tarball), download=False)
    assert not path.exists()


# ------------------------------------------------------------------ the cache folder


def test_data_dir_prefers_root_then_env_then_home(tmp_path, monkeypatch):
    assert data_dir(tmp_path / "given") == tmp_path / "given"
    monkeypatch.setenv("CNNLAB_DATA", str(tmp_path / "from_env"))
    assert data_dir() == tmp_path / "from_env"
    monkeypatch.delenv("CNNLAB_DATA")
    assert data_dir() == tmp_path / "home" / ".cache" / "cnnlab"


def test_load_without_root_uses_the_environment_folder(tmp_path, server, tarball):
    load_cifar10(url=server.url(), md5=md5_of(tarball), progress=False)
    assert (tmp_path / "env_cache" / "cifar-10-python.tar.gz").is_file()


def test_official_constants():
    assert data.CIFAR10_URL == "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
    assert data.CIFAR10_MD5 == "c58f30108f718f92721af3b95e74349a"
    assert CIFAR10_CLASSES == (
        "airplane",
        "automobile",
        "bird",
        "cat",
        "deer",
        "dog",
        "frog",
        "horse",
        "ship",
        "truck",
    )


def test_the_network_guard_works():
    with pytest.raises(AssertionError, match="network"):
        urllib.request.urlopen("https://www.cs.toronto.edu/")


def test_get_cifar10_script_fetches_into_the_given_folder(tmp_path, server, tarball, capsys):
    script = Path(__file__).resolve().parents[1] / "data" / "get_cifar10.py"
    spec = importlib.util.spec_from_file_location("get_cifar10", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.DEFAULT_FOLDER == script.parent / "cache"
    module.load_cifar10 = functools.partial(
        load_cifar10, url=server.url(), md5=md5_of(tarball), progress=False
    )
    module.main([str(tmp_path / "fetched")])
    out = capsys.readouterr().out
    assert (tmp_path / "fetched" / "cifar-10-python.tar.gz").is_file()
    assert f"x_train: uint8 ({5 * N_PER_TRAIN_BATCH}, 3, 32, 32)" in out
    assert f"y_test: int64 ({N_TEST},)" in out


# ------------------------------------------------------------------ sample_image


def test_sample_image_colour():
    image = sample_image()
    assert image.ndim == 3 and image.shape[2] == 3 and min(image.shape[:2]) >= 100
    assert image.dtype == np.float64
    assert image.min() >= 0.0 and image.max() <= 1.0
    assert image.max() - image.min() > 0.5  # a real photo, not blank
    assert image.max() > 0.9  # scaled to [0, 1], not [0, 1/255]


def test_sample_image_grayscale_uses_luminance_weights():
    colour = sample_image()
    gray = sample_image(grayscale=True)
    assert gray.shape == colour.shape[:2] and gray.dtype == np.float64
    expected = 0.299 * colour[..., 0] + 0.587 * colour[..., 1] + 0.114 * colour[..., 2]
    np.testing.assert_allclose(gray, expected, rtol=0, atol=1e-12)
    assert not np.allclose(gray, colour.mean(axis=2))  # not a plain channel mean


def test_sample_image_is_a_fresh_array():
    image = sample_image()
    image[:] = 0.0
    assert sample_image().max() > 0.5


# ------------------------------------------------------------------ cifar10_sample


def _write_npz(path: Path, **arrays) -> Path:
    np.savez(path, **arrays)
    return path


def test_cifar10_sample_returns_none_when_unset_or_absent(tmp_path, monkeypatch):
    monkeypatch.delenv("CNNLAB_CIFAR10_SAMPLE", raising=False)
    assert cifar10_sample() is None
    monkeypatch.setenv("CNNLAB_CIFAR10_SAMPLE", str(tmp_path / "nothing.npz"))
    assert cifar10_sample() is None
    assert cifar10_sample(tmp_path / "nothing.npz") is None


def test_cifar10_sample_loads_a_valid_file(tmp_path, monkeypatch):
    x = np.arange(2 * 3 * 32 * 32, dtype=np.uint8).reshape(2, 3, 32, 32)
    path = _write_npz(tmp_path / "s.npz", x=x, y=np.array([3, 7], dtype=np.int32))
    monkeypatch.setenv("CNNLAB_CIFAR10_SAMPLE", str(path))
    got_x, got_y = cifar10_sample()
    np.testing.assert_array_equal(got_x, x)
    assert got_y.dtype == np.int64 and got_y.tolist() == [3, 7]


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"x": np.zeros((2, 3, 32, 32), np.uint8)}, "missing"),
        ({"x": np.zeros((2, 3, 32, 32)), "y": np.zeros(2, np.int64)}, "uint8"),
        (
            {"x": np.zeros((2, 32, 32, 3), np.uint8), "y": np.zeros(2, np.int64)},
            r"\(2, 32, 32, 3\)",
        ),
        ({"x": np.zeros((2, 3, 32, 32), np.uint8), "y": np.zeros(3, np.int64)}, r"\(2,\)"),
        ({"x": np.zeros((1, 3, 32, 32), np.uint8), "y": np.array([10])}, "0..9"),
    ],
    ids=["no_y", "float_x", "nhwc", "y_length", "label_range"],
)
def test_cifar10_sample_rejects_bad_files(tmp_path, arrays, message):
    path = _write_npz(tmp_path / "bad.npz", **arrays)
    with pytest.raises(DatasetError, match=message):
        cifar10_sample(path)


def test_cifar10_sample_real_file():
    """Runs where CNNLAB_CIFAR10_SAMPLE names the shared sample (e.g. in CI); skips elsewhere."""
    if not os.environ.get("CNNLAB_CIFAR10_SAMPLE"):
        pytest.skip("CNNLAB_CIFAR10_SAMPLE is not set (the offline CIFAR-10 sample is optional)")
    sample = cifar10_sample()
    if sample is None:
        pytest.skip(f"{os.environ['CNNLAB_CIFAR10_SAMPLE']} does not exist")
    x, y = sample
    assert x.ndim == 4 and x.shape[1:] == (3, 32, 32) and x.dtype == np.uint8
    assert y.shape == (len(x),) and y.dtype == np.int64
    assert set(np.unique(y).tolist()) == set(range(10))
    assert x.std() > 10  # real images, not a blank array
