"""Settings of the test suite: Lotsa's own, in development mode unless the run says otherwise.

Production is the default everywhere else, so the suite asks for development explicitly, as
``make run`` does; tests that check production mode start ``lotsa`` with it set.
"""

import os

os.environ.setdefault("LOTSA_PRODUCTION", "False")

from lotsa.settings import *  # noqa: E402, F403
from lotsa.settings import INSTALLED_APPS, TOOL_APPS  # noqa: E402

# The tools' own tests run in either mode.
INSTALLED_APPS = [*INSTALLED_APPS, *(app for app in TOOL_APPS if app not in INSTALLED_APPS)]

# A replica, when the run has one (DATABASE_REPLICA_URL), holds only what the primary has
# committed, and most tests commit nothing: they roll back. Reports read from it only in the
# tests that ask for it (core/tests/test_replica.py).
READ_REPLICA = None
