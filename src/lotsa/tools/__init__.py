"""Tools for development and trial installations: the demo dataset (``lotsa demo``), synthetic
data at national scale (``lotsa synth``) and the benchmark (``lotsa bench``).

Production settings leave these apps out, so a production database holds none of their tables;
LOTSA_DEMO brings back the demo alone for a trial installation (see lotsa/settings.py).
"""
