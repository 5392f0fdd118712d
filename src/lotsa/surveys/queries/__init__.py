"""What the survey pages read, by who reads it: answering (``answering``)."""
