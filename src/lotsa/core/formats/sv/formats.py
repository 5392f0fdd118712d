"""Swedish: ISO dates (SS-ISO 8601), decimal comma, a space before the per cent sign."""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DAY_MONTH_FORMAT = "j/n"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
PERCENT_FORMAT = "{}\xa0%"
