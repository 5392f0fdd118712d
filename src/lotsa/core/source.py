"""The source code of the running installation, as one archive users may download.

Lotsa is under the GNU Affero General Public License, which asks a program offered over a network
to offer its users the source of the version they use. The archive holds the installed package as
it runs here (the operator's changes included), with the project files beside it where the
installation has them; files made from others (compiled catalogues, byte code) are left out.
"""

from __future__ import annotations

import functools
import io
import tarfile
from importlib import metadata
from pathlib import Path

import lotsa

PACKAGE_DIR = Path(lotsa.__file__).resolve().parent
# In a checkout the package sits in src/, under the project's own files.
PROJECT_DIR = PACKAGE_DIR.parent.parent
PROJECT_FILES = (
    "LICENSE",
    "README.md",
    "CHANGELOG.md",
    "SECURITY.md",
    "pyproject.toml",
    "requirements.lock",
    "requirements-dev.lock",
    "requirements-build.lock",
    "Makefile",
    "Dockerfile",
    "docs",
    "scripts",
    "deploy",
)
MADE_FROM_OTHERS = {".mo", ".pyc"}


def version() -> str:
    return metadata.version("lotsa")


def archive_name() -> str:
    return f"lotsa-{version()}-source.tar.gz"


def _included(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    name = Path(info.name)
    if "__pycache__" in name.parts or name.suffix in MADE_FROM_OTHERS:
        return None
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


@functools.cache
def source_archive() -> bytes:
    """The archive, made once a process: the source does not change while it runs."""
    root = archive_name().removesuffix(".tar.gz")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(PACKAGE_DIR, arcname=f"{root}/src/lotsa", filter=_included)
        if (PROJECT_DIR / "pyproject.toml").is_file():
            for name in PROJECT_FILES:
                if (PROJECT_DIR / name).exists():
                    archive.add(PROJECT_DIR / name, arcname=f"{root}/{name}", filter=_included)
        else:
            # An installed package keeps its licence in its metadata; the AGPL asks that it
            # travels with the source.
            for licence in _installed_licence_files():
                archive.add(licence, arcname=f"{root}/{licence.name}", filter=_included)
    return buffer.getvalue()


def _installed_licence_files() -> list[Path]:
    files = metadata.distribution("lotsa").files or []
    return [
        Path(str(file.locate()))
        for file in files
        if "licenses" in file.parts or file.name.startswith("LICENSE")
    ]
