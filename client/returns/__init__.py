"""De-identified statistics returns, in `returns/<authority>`, for the secretariat's
network statistics (DESIGN §3.5b): staged at each case save, folded into one book per
authority and year at each sealing."""

from .book import publish_staged_returns
from .projection import case_return, state_code
from .service import KIND, read_returns, return_id, save_return

__all__ = [
    "KIND",
    "case_return",
    "publish_staged_returns",
    "read_returns",
    "return_id",
    "save_return",
    "state_code",
]
