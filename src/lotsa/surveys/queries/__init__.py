"""The survey reads, by who uses them: answering (``answering``), the coordinator's survey
IDs, rounds and findings (``coordination``), and results with their exports (``results``)."""
