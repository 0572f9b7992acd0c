"""Download CIFAR-10 into a folder (default: data/cache, which git ignores) and print its sizes.

Usage::

    python data/get_cifar10.py              # into data/cache/
    python data/get_cifar10.py ~/datasets   # into another folder

Running it again does nothing but load the cached copy. See data/README.md.
"""

import argparse
from pathlib import Path

import numpy as np

from cnnlab.data import CIFAR10_CLASSES, CIFAR10_FILENAME, load_cifar10

DEFAULT_FOLDER = Path(__file__).resolve().parent / "cache"


def main(argv: list[str] | None = None) -> None:
    """Fetch CIFAR-10 into the folder given on the command line and print what was loaded."""
    parser = argparse.ArgumentParser(description="Download and unpack CIFAR-10 (about 163 MB).")
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=DEFAULT_FOLDER,
        help=f"cache folder (default: {DEFAULT_FOLDER})",
    )
    args = parser.parse_args(argv)

    x_train, y_train, x_test, y_test = load_cifar10(args.folder)

    tarball = args.folder / CIFAR10_FILENAME
    if tarball.is_file():
        print(f"{tarball}: {tarball.stat().st_size / 1e6:.1f} MB")
    for name, array in [
        ("x_train", x_train),
        ("y_train", y_train),
        ("x_test", x_test),
        ("y_test", y_test),
    ]:
        print(f"{name}: {array.dtype} {array.shape} ({array.nbytes / 1e6:.1f} MB in memory)")
    counts = np.bincount(y_train, minlength=len(CIFAR10_CLASSES))
    print("training images per class:")
    for label, (name, count) in enumerate(zip(CIFAR10_CLASSES, counts, strict=True)):
        print(f"  {label} {name:<10} {count}")


if __name__ == "__main__":
    main()
