"""The survey pages, by who uses them: answering (``answering``), the coordinator's survey IDs,
rounds and findings (``coordination``), and results (``results``)."""
