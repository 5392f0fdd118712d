"""Programme models as data (``pathways/programmes/<code>.toml``, format in docs/programme-models.md).

- ``programme``: the frozen objects the application reads a programme model through;
- ``vocabulary``: the closed lists of codes a definition file may use;
- ``schema``: the file format as pydantic models, checked and turned into a ``Programme``;
- ``registry``: the installation's programme models, loaded once at start-up;
- ``reading``: the error a broken definition file raises, shared with the fidelity scales.
"""
