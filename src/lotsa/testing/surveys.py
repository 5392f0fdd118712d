"""Survey instruments of a test's own, in place of the shipped ones::

    def test_something(tmp_path):
        write_instrument(tmp_path, "trial-v1.toml", TRIAL)
        with installed_instruments(tmp_path):
            ...  # instruments() now holds only "trial" version 1

The directory gets a copy of the shipped scales file, so a test writes only its instruments.
The files are checked as the application checks the shipped ones; the instruments the block
replaced are back afterwards.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lotsa.surveys.instruments import SCALES_FILE, install_instruments, instruments


def write_instrument(directory: Path, name: str, text: str) -> Path:
    if not (directory / SCALES_FILE.name).exists():
        shutil.copy(SCALES_FILE, directory / SCALES_FILE.name)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def installed_instruments(directory: Path) -> Iterator[None]:
    replaced = install_instruments(directory)
    try:
        instruments()
        yield
    finally:
        install_instruments(*replaced)
