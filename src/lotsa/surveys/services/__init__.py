"""Every write of surveys, by sub-topic: survey IDs (``ids``), responses (``responses``), rounds,
links and staff answers (``rounds``), findings and their triage (``findings``)."""
