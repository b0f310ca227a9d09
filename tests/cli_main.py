"""The real `entraide` CLI, run by tests in a subprocess with cheap Argon2id (tests/cheap_kdf.py)."""

from __future__ import annotations

import sys

from tests.cheap_kdf import install

install()

from client.cli.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
