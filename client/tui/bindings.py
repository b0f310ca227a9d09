"""Key bindings whose descriptions follow the current language.

Textual copies a class's merged BINDINGS into each instance; we replace that
copy with translated descriptions (the class keeps the English source, marked
with N_ so the extractor finds it).
"""

from __future__ import annotations

import dataclasses

from textual.binding import BindingsMap
from textual.dom import DOMNode

from shared.i18n import gettext


def translate_bindings(node: DOMNode) -> None:
    merged = type(node)._merged_bindings
    if merged is None:
        return
    translated = BindingsMap()
    for _key, bindings in merged.key_to_bindings.items():
        for binding in bindings:
            translated._add_binding(
                dataclasses.replace(
                    binding,
                    description=gettext(binding.description) if binding.description else "",
                    tooltip=gettext(binding.tooltip) if binding.tooltip else "",
                )
            )
    node._bindings = translated
