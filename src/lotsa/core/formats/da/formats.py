"""Danish: day before month (12.01.2025), decimal comma, a space before the per cent sign."""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DAY_MONTH_FORMAT = "j.n."
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
PERCENT_FORMAT = "{}\xa0%"
