"""USB bundles: signed, atomic, idempotent offline sync with store-and-forward (docs/bundles.md).

A bundle carries signed groups exactly as their authors sealed them, so a
stick can carry a whole region's traffic, including groups the carrier
cannot read; an acknowledgement file tells a peer what this device holds.
"""

from .export import ExportReport, export_ack, export_bundle
from .format import BundleError
from .importer import ImportReport, import_bundle, read_manifest
from .peers import SERVER, PeerKnowledge, list_peers, peer_knowledge

__all__ = [
    "SERVER",
    "BundleError",
    "ExportReport",
    "ImportReport",
    "PeerKnowledge",
    "export_ack",
    "export_bundle",
    "import_bundle",
    "list_peers",
    "peer_knowledge",
    "read_manifest",
]
