"""Programme models of a test's own, in place of the shipped ones.

A test of the enrolment lifecycle reads better, and survives changes to the shipped models, when
it names phases of a model written for it::

    TRIAL = '''
    code = "trial"
    ...
    '''

    def test_something(personas):
        with installed_programmes(trial=TRIAL):
            ...  # registry() now holds only the "trial" model

Each keyword is a model's code and its value the text of that model's definition file, checked as
the application checks the shipped files. The registry the block replaced is back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lotsa.pathways.definitions.registry import Registry, install_registry, parse_programme


@contextmanager
def installed_programmes(**definitions: str) -> Iterator[Registry]:
    programmes = [parse_programme(f"{code}.toml", text) for code, text in definitions.items()]
    installed = Registry({programme.code: programme for programme in programmes})
    replaced = install_registry(installed)
    try:
        yield installed
    finally:
        install_registry(replaced)
