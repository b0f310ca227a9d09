"""`entraide demo`: fill a store with demo data (placeholder until the demo package lands)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser("demo", help="load demo data and open the app")
    demo.set_defaults(func=lambda args: 0)
