"""Loaded first (pytest `-p tests.testenv`): the environment the test settings read.

Tests keep their secret key and files in .pytest_cache/data, not in the working tree's
./var, whatever the directory pytest runs from.
"""

import os
from pathlib import Path

os.environ.setdefault(
    "DEPECHES_DATA", str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "data")
)
