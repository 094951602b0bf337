"""Each pytest-xdist worker gets its own var/ folder and Redis key prefix (loaded with -p).

Imported before pytest-django reads the settings, so the settings, and every process a
test starts with this environment, see the worker's own folder and prefix."""

import os
from pathlib import Path

worker = os.environ.get("PYTEST_XDIST_WORKER")
if worker:
    root = Path(__file__).resolve().parents[1]
    os.environ.setdefault("MAILLAGE_VAR_DIR", str(root / "var" / "workers" / worker))
    os.environ.setdefault("MAILLAGE_REDIS_PREFIX", f"maillage-test-{worker}")
