"""Socioeconomic value: what a programme's outcomes are worth to each payer, the public sector
and society (docs/socioeconomics.md).

- ``vocabulary``: the codes of countries, payers, states and rules; ``names``: their names;
- ``parameter_set``: a parameter set as frozen objects; ``loading`` reads one from its file
  (``parameters/<id>.toml``), ``validation`` checks it, ``registry`` holds the shipped ones;
- ``inputs``: what a calculation takes; ``flows``: the monthly flows of a state and the value
  of a move between states, identity-checked; ``projection``: one run, by month and year;
  ``sensitivity``: the grid, break-even lines and tornado; ``engine``: ``calculate``, the one
  entry point, and its ``Result``.
"""
