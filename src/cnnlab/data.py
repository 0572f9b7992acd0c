"""Datasets for the notebooks: CIFAR-10 (downloaded once, checksummed, cached) and a sample photo.

- :func:`load_cifar10` downloads the official CIFAR-10 Python tarball (about 163 MB) the first
  time, checks its MD5, unpacks its pickles into a cache folder and returns NumPy arrays in NCHW
  layout. Later calls read the cache and never touch the network.
- :func:`sample_image` returns a photograph that ships with matplotlib (Grace Hopper), for trying
  filters without any download.
- :func:`cifar10_sample` loads a small offline CIFAR-10 sample from an ``.npz`` file, if the
  environment provides one (for the project's own tests; students do not need it).

The cache folder is ``root`` if given, else the environment variable ``CNNLAB_DATA``, else
``~/.cache/cnnlab``.
"""

import gzip
import hashlib
import http.client
import os
import pickle
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

__all__ = [
    "CIFAR10_URL",
    "CIFAR10_MD5",
    "CIFAR10_CLASSES",
    "DatasetError",
    "DownloadError",
    "ChecksumError",
    "data_dir",
    "load_cifar10",
    "cifar10_sample",
    "sample_image",
]

CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
CIFAR10_MD5 = "c58f30108f718f92721af3b95e74349a"
CIFAR10_FILENAME = "cifar-10-python.tar.gz"
CIFAR10_FOLDER = "cifar-10-batches-py"  # the folder inside the tarball
CIFAR10_TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
CIFAR10_TEST_BATCH = "test_batch"
CIFAR10_META = "batches.meta"
_CIFAR10_FILES = (*CIFAR10_TRAIN_BATCHES, CIFAR10_TEST_BATCH, CIFAR10_META)
CIFAR10_CLASSES = (
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

DATA_ENV_VAR = "CNNLAB_DATA"
SAMPLE_ENV_VAR = "CNNLAB_CIFAR10_SAMPLE"
DOWNLOAD_TIMEOUT_S = 60.0
_CHUNK_BYTES = 1 << 20


class DatasetError(RuntimeError):
    """A dataset file is unusable: a corrupt archive, a missing member, wrong shapes."""


class DownloadError(DatasetError):
    """A download failed (offline, server error, connection dropped); names the URL."""


class ChecksumError(DatasetError):
    """A file's MD5 differs from the expected one; names both checksums."""


def data_dir(root: str | os.PathLike[str] | None = None) -> Path:
    """Return the cache folder: ``root``, else ``$CNNLAB_DATA``, else ``~/.cache/cnnlab``.

    Args:
        root: an explicit folder, or None to use the environment variable or the default.

    Returns:
        The folder as a Path (not created here).
    """
    if root is not None:
        return Path(root).expanduser()
    from_env = os.environ.get(DATA_ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return Path.home() / ".cache" / "cnnlab"


def _md5(path: Path) -> str:
    """Return the hex MD5 digest of a file, read in chunks."""
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK_BYTES), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _download(url: str, path: Path, md5: str, progress: bool) -> None:
    """Download ``url`` to ``path`` atomically and check its MD5.

    The bytes go to a temporary file in the same folder, which is renamed onto ``path`` only after
    the download is complete and its MD5 is right; on any failure the temporary file is removed,
    so no partial or corrupt file is ever left at ``path``.

    Raises:
        DownloadError: the server could not be reached or the transfer failed.
        ChecksumError: the downloaded bytes have the wrong MD5.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    tmp = Path(tmp_name)
    digest = hashlib.md5()
    try:
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response:
                    length = response.headers.get("Content-Length")
                    total = int(length) if length and length.isdigit() else None
                    received = 0
                    with tqdm(
                        total=total,
                        unit="B",
                        unit_scale=True,
                        unit_divisor=1024,
                        desc=path.name,
                        disable=not progress,
                    ) as bar:
                        while chunk := response.read(_CHUNK_BYTES):
                            out.write(chunk)
                            digest.update(chunk)
                            received += len(chunk)
                            bar.update(len(chunk))
            except (
                urllib.error.URLError,
                http.client.HTTPException,
                ConnectionError,
                TimeoutError,
            ) as err:
                if isinstance(err, urllib.error.HTTPError):
                    reason = f"HTTP error {err.code} {err.reason}"
                else:
                    reason = getattr(err, "reason", None) or err
                raise DownloadError(_download_failed_message(url, path, md5, reason)) from err
        if total is not None and received != total:
            raise DownloadError(
                _download_failed_message(
                    url, path, md5, f"the connection closed after {received} of {total} bytes"
                )
            )
        got = digest.hexdigest()
        if got != md5:
            raise ChecksumError(
                f"The file downloaded from {url} has the wrong MD5 checksum: expected {md5}, "
                f"got {got}. It was deleted; try again (the download may have been corrupted "
                f"on the way) or check the URL."
            )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _download_failed_message(url: str, path: Path, md5: str, reason: object) -> str:
    """Explain a failed download and how to place the file by hand."""
    return (
        f"Could not download {url} ({reason}). If this computer is offline, download that file "
        f"on another one and copy it to {path} (its MD5 must be {md5}); it is then used "
        f"without the network. Or pass root=... (or set ${DATA_ENV_VAR}) to use a folder that "
        f"already holds it."
    )


def _extract(tarball: Path, folder: Path) -> None:
    """Copy the CIFAR-10 pickles out of ``tarball`` into the (new, empty) folder ``folder``.

    Only the known member names are read (never paths chosen by the archive).

    Raises:
        DatasetError: the file is not a gzip tar archive or lacks a member.
    """
    try:
        with tarfile.open(tarball, "r:gz") as archive:
            for name in _CIFAR10_FILES:
                member = f"{CIFAR10_FOLDER}/{name}"
                try:
                    source = archive.extractfile(member)
                except KeyError:
                    source = None
                if source is None:
                    raise DatasetError(f"{tarball} has no file {member}")
                (folder / name).write_bytes(source.read())
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as err:
        raise DatasetError(f"{tarball} is not a readable .tar.gz archive ({err})") from err


def _unpack(tarball: Path, folder: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unpack ``tarball`` into ``folder`` so that ``folder`` only ever holds checked pickles.

    The pickles are extracted into a temporary folder beside ``folder``, loaded and checked there,
    and only then moved into ``folder``. If anything is wrong the temporary folder and the tarball
    are deleted (a later call downloads a fresh copy).

    Returns:
        The loaded arrays, as :func:`load_cifar10` returns them.

    Raises:
        DatasetError: the archive or a pickle in it is corrupt or has the wrong shapes.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{CIFAR10_FOLDER}."))
    try:
        try:
            _extract(tarball, staging)
            arrays = _load_folder(staging)
        except DatasetError as err:
            tarball.unlink(missing_ok=True)
            raise DatasetError(
                f"{err}. This is not the CIFAR-10 Python archive (or it is damaged). The file was "
                f"deleted; call load_cifar10 again to download a fresh copy."
            ) from err
        folder.mkdir(exist_ok=True)
        for name in _CIFAR10_FILES:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return arrays


def _unpickle(path: Path) -> dict[bytes, object]:
    """Load one CIFAR-10 pickle (written by Python 2, so its keys are bytes)."""
    with open(path, "rb") as f:
        try:
            batch = pickle.load(f, encoding="bytes")
        except Exception as err:  # a corrupt pickle raises many kinds of error
            raise DatasetError(f"{path} is not a readable CIFAR-10 pickle ({err})") from err
    if not isinstance(batch, dict):
        raise DatasetError(f"{path} should hold a dict, got {type(batch).__name__}")
    return batch


def _load_batch(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Load one CIFAR-10 batch pickle.

    Each batch holds ``b'data'``, uint8 of shape (n, 3072) (per row: 1024 red, 1024 green, 1024
    blue values, each a 32x32 image in row-major order), and ``b'labels'``, n integers in 0..9.

    Returns:
        x: uint8, shape (n, 3, 32, 32).
        y: int64, shape (n,).

    Raises:
        DatasetError: keys, dtype or shapes are not as above.
    """
    batch = _unpickle(path)
    if b"data" not in batch or b"labels" not in batch:
        raise DatasetError(
            f"{path} should have the keys b'data' and b'labels', got {sorted(batch)!r}"
        )
    data = batch[b"data"]
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8 or data.ndim != 2:
        raise DatasetError(f"{path}: b'data' should be a uint8 array of shape (n, 3072)")
    if data.shape[1] != 3 * 32 * 32:
        raise DatasetError(f"{path}: b'data' should have shape (n, 3072), got {data.shape}")
    labels = np.asarray(batch[b"labels"], dtype=np.int64)
    if labels.shape != (data.shape[0],):
        raise DatasetError(
            f"{path}: b'labels' should have shape ({data.shape[0]},) to match b'data' "
            f"{data.shape}, got {labels.shape}"
        )
    if labels.size and (labels.min() < 0 or labels.max() > 9):
        raise DatasetError(f"{path}: labels should be in 0..9, got {labels.min()}..{labels.max()}")
    x = data.reshape(data.shape[0], 3, 32, 32)  # (n, C, H, W)
    return x, labels


def _check_meta(path: Path) -> None:
    """Check that ``batches.meta`` lists the ten class names in the official order."""
    meta = _unpickle(path)
    names = tuple(
        name.decode() if isinstance(name, bytes) else str(name)
        for name in meta.get(b"label_names", [])
    )
    if names != CIFAR10_CLASSES:
        raise DatasetError(
            f"{path}: the class names should be {CIFAR10_CLASSES}, got {names}; this is not "
            f"CIFAR-10"
        )


def _load_folder(folder: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Load the unpacked CIFAR-10 pickles in ``folder`` (train batches 1..5 in order)."""
    _check_meta(folder / CIFAR10_META)
    train = [_load_batch(folder / name) for name in CIFAR10_TRAIN_BATCHES]
    x_train = np.concatenate([x for x, _ in train])  # (N_train, 3, 32, 32)
    y_train = np.concatenate([y for _, y in train])  # (N_train,)
    x_test, y_test = _load_batch(folder / CIFAR10_TEST_BATCH)
    return x_train, y_train, x_test, y_test


def load_cifar10(
    root: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    url: str = CIFAR10_URL,
    md5: str = CIFAR10_MD5,
    progress: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Load CIFAR-10, downloading and unpacking it into the cache folder the first time.

    Steps: if the unpacked pickles are in ``<folder>/cifar-10-batches-py/``, load them (no
    network). Otherwise use ``<folder>/cifar-10-python.tar.gz``, downloading it first if it is
    missing (with a progress bar; written to a temporary file and renamed into place, so a failed
    download never leaves a partial file), check its MD5, and unpack the pickles. The folder is
    ``root``, else ``$CNNLAB_DATA``, else ``~/.cache/cnnlab``. To work offline, copy the tarball
    to ``<folder>/cifar-10-python.tar.gz`` by hand. The tarball is kept beside the unpacked
    pickles (about 350 MB in all); delete the tarball to save space (the pickles suffice), or the
    whole folder to start over. The pickles are read with :mod:`pickle`, so pass only a ``url``
    and ``md5`` that you trust.

    Args:
        root: the cache folder (see above), or None.
        download: whether to download the tarball if it is not in the cache.
        url: where to download from (the official URL by default).
        md5: the tarball's expected MD5 checksum (hex).
        progress: whether to show a progress bar while downloading.

    Returns:
        x_train: uint8, shape (50000, 3, 32, 32), NCHW, values 0..255.
        y_train: int64, shape (50000,), labels 0..9 (names in ``CIFAR10_CLASSES``).
        x_test: uint8, shape (10000, 3, 32, 32).
        y_test: int64, shape (10000,).

    Raises:
        FileNotFoundError: the data is not cached and ``download`` is False.
        DownloadError: the download failed (e.g. offline); the message names the URL and where to
            put the tarball by hand.
        ChecksumError: the tarball's MD5 is wrong; the bad file is deleted.
        DatasetError: the tarball or a pickle inside it is corrupt or has the wrong shapes.
    """
    base = data_dir(root)
    folder = base / CIFAR10_FOLDER
    tarball = base / CIFAR10_FILENAME
    if all((folder / name).is_file() for name in _CIFAR10_FILES):
        try:
            return _load_folder(folder)
        except DatasetError as err:
            raise DatasetError(f"{err}. Delete the folder {folder} and call again.") from err

    if not tarball.is_file():
        if not download:
            raise FileNotFoundError(
                f"CIFAR-10 is not in {base}: neither the folder {folder} nor the file {tarball} "
                f"exists. Call load_cifar10(download=True), or download {url} by hand and copy it "
                f"to {tarball}."
            )
        _download(url, tarball, md5, progress)
    else:
        got = _md5(tarball)
        if got != md5:
            tarball.unlink()
            raise ChecksumError(
                f"{tarball} has the wrong MD5 checksum: expected {md5}, got {got}. The file was "
                f"deleted; call load_cifar10 again to download a fresh copy, or copy a good one "
                f"there by hand."
            )

    return _unpack(tarball, folder)


def cifar10_sample(
    path: str | os.PathLike[str] | None = None,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Load a small offline CIFAR-10 sample, if one is available, else return None.

    The sample is an ``.npz`` file with keys ``x`` (uint8, (n, 3, 32, 32)) and ``y`` (integer
    labels 0..9, (n,)). It exists only beside this project's checkouts and CI, for tests that want
    real images without the network; students and users do not have it (use
    :func:`load_cifar10`). Tests should skip when this returns None.

    Args:
        path: the .npz file; None means the environment variable ``CNNLAB_CIFAR10_SAMPLE``.

    Returns:
        (x, y) with x uint8 of shape (n, 3, 32, 32) and y int64 of shape (n,), or None when no
        path is given or set, or the file does not exist.

    Raises:
        DatasetError: the file lacks a key or has the wrong dtype/shapes.
    """
    if path is None:
        path = os.environ.get(SAMPLE_ENV_VAR) or None
    if path is None or not Path(path).is_file():
        return None
    with np.load(path, allow_pickle=False) as npz:
        missing = {"x", "y"} - set(npz.files)
        if missing:
            raise DatasetError(
                f"{path} should have the keys 'x' and 'y', missing {sorted(missing)} "
                f"(it has {sorted(npz.files)})"
            )
        x = npz["x"]
        y = npz["y"]
    if x.dtype != np.uint8 or x.ndim != 4 or x.shape[1:] != (3, 32, 32):
        raise DatasetError(
            f"{path}: x should be uint8 of shape (n, 3, 32, 32), got {x.dtype} {x.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer) or y.shape != (x.shape[0],):
        raise DatasetError(
            f"{path}: y should be integer labels of shape ({x.shape[0]},), got {y.dtype} {y.shape}"
        )
    if y.size and (y.min() < 0 or y.max() > 9):
        raise DatasetError(f"{path}: labels should be in 0..9, got {y.min()}..{y.max()}")
    return x, y.astype(np.int64)


def sample_image(grayscale: bool = False) -> np.ndarray:
    """Return the Grace Hopper photograph that ships with matplotlib (no download needed).

    Args:
        grayscale: if True, convert with the standard luminance weights
            ``0.299 R + 0.587 G + 0.114 B``.

    Returns:
        float64 array with values in [0, 1]: shape (H, W, 3) in colour, (H, W) in grayscale
        (H, W = 600, 512 for matplotlib's copy). A fresh array on every call.
    """
    # Imported here so that `import cnnlab.data` stays light.
    from matplotlib import cbook
    from matplotlib import image as mpimg

    path = cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    pixels = np.asarray(mpimg.imread(path))
    if pixels.dtype == np.uint8:
        rgb = pixels[..., :3].astype(np.float64) / 255.0  # (H, W, 3)
    else:
        rgb = pixels[..., :3].astype(np.float64)
    if grayscale:
        return rgb @ np.array([0.299, 0.587, 0.114])  # (H, W)
    return rgb
