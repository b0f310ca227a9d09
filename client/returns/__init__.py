"""De-identified statistics returns: one per case, in `returns/<authority>`, for the
secretariat's network statistics (DESIGN §3.5b)."""

from .projection import case_return, state_code
from .service import KIND, read_returns, return_id, save_return

__all__ = ["KIND", "case_return", "read_returns", "return_id", "save_return", "state_code"]
