"""Reads of surveys for pages, by sub-topic: the coordinator's survey IDs, rounds and findings
(``coordination``), and results (``results``)."""
