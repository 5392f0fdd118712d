"""Reading back the CSV files Lotsa hands out, the way Swedish and Danish Excel reads them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from lotsa.core.spreadsheets import BOM


def read_csv(content: bytes | Iterable[bytes], delimiter: str = ";") -> list[list[str]]:
    """The rows of a CSV download (its content or streamed chunks): UTF-8 after a byte order
    mark, fields separated by semicolons where the comma is the decimal sign."""
    raw = content if isinstance(content, bytes) else b"".join(content)
    text = raw.decode("utf-8")
    assert text.startswith(BOM), "without a byte order mark Excel reads the file as ANSI"
    return list(csv.reader(io.StringIO(text.removeprefix(BOM)), delimiter=delimiter))
