"""How numbers and dates are written in each language Lotsa speaks (``FORMAT_MODULE_PATH``).

Django's own locale formats fill in what is not named here. Besides Django's names, each
language names ``DAY_MONTH_FORMAT`` (a day without its year, as in a column header) and
``PERCENT_FORMAT`` (where the per cent sign goes); the date filter and ``lotsa.core.numbers``
read them like any other format.
"""
