"""Cheap Argon2id for the test suite only, set in the test process, never by a product switch.

The product refuses escrows below libsodium's interactive level; tests lower both the
cost of new escrows and the floor in their own process (`install`), and CLI
subprocesses do the same through `tests.cli_main`.
"""

from __future__ import annotations

from nacl.pwhash import argon2id

import shared.crypto as crypto

CHEAP = (argon2id.OPSLIMIT_MIN, argon2id.MEMLIMIT_MIN)
PRODUCT_FLOOR = crypto.KDF_FLOOR
PRODUCT_PROFILES = dict(crypto.KDF_PROFILES)


def install() -> None:
    crypto.KDF_PROFILES.update({name: CHEAP for name in crypto.KDF_PROFILES})
    crypto.KDF_FLOOR = CHEAP
