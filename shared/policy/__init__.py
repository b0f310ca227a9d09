"""The trust boundary: whether a change another device wrote may be applied.

One decision for network sync, bundle import and the server (DESIGN §3.5a):
`admit` judges changes against a document's state, the author's certificate
and the space's rules (`spaces.SPACE_RULES`, `shared.schema.kinds`).
"""

from .admission import Admission, Author, Candidate, admit
from .header import ChangeHeader, read_header

__all__ = ["Admission", "Author", "Candidate", "ChangeHeader", "admit", "read_header"]
