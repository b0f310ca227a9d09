"""Hostile bytes shared by several tests."""

from __future__ import annotations

# A change chunk, valid checksum, whose operations make Automerge 0.7 panic while
# loading ("Obj ... Missing from Index"): found by mutating a genuine change.
PANIC_CHANGE = bytes.fromhex(
    "856f4a83222ed2f201890100106161616161616161616161616161616101010000000a0108020811"
    "06130915163403420856085713700200020e0000017f0000020e0200017f4d00030d00000200027e"
    "00030c0100027e057469746c650773756d6d617279000e7e016d0178020e027e01040e017e00017e"
    "56000e167e000268656c6c6f736f6d6520746578742068654d651200"
)
