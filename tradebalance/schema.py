"""The tidy schema every parser produces and every analysis function consumes, and the exchange rates' schema.

Also the rules a partner code follows (:data:`PARTNER_CODE`), which every table of partners is checked against.
Importing this module imports no pandas (:func:`validate` does).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tradebalance.errors import SchemaError

if TYPE_CHECKING:
    import pandas as pd

#: Column name -> pandas dtype ("period" holds pandas Periods; checked separately).
COLUMNS: dict[str, str] = {
    "period": "period",
    "reporter": "string",
    "partner": "string",
    "flow": "string",
    "classification": "string",
    "code": "string",
    "label": "string",
    "level": "int64",
    "parent": "string",
    "value": "float64",
    "currency": "string",
    "quantity": "float64",
    "quantity_unit": "string",
    "basis": "string",
    "source": "string",
    "status": "string",
}

#: ``balance``: a balance the agency publishes as a figure of its own (BEA's balance of payments tables), kept
#: beside the two flows because it is exports − imports before rounding, which the rounded flows may miss by a
#: unit. Data without such a line (MOF, Census) have export and import rows only.
FLOWS = ("export", "import", "balance")
BALANCE = "balance"
STATUSES = ("confirmed", "provisional", "preliminary")
#: Columns that may be empty: ``parent`` on top-level rows, quantities where none is published.
OPTIONAL = ("parent", "quantity", "quantity_unit")
#: The columns that identify a row: one value per period, pair of countries, flow and commodity code.
TRADE_KEYS = ("period", "reporter", "partner", "flow", "classification", "code")

#: Exchange rates (FRED's yen per dollar): column -> pandas dtype. A stored resource adds ``source`` (string).
FX_COLUMNS: dict[str, str] = {"date": "datetime64[ns]", "series": "string", "value": "float64"}
#: The columns that identify an exchange rate: one value per series and date.
FX_KEYS = ("date", "series")

#: A partner code: ISO 3166 alpha-3 for countries (``USA``, ``SUN`` for the former USSR, ``XKX`` Kosovo),
#: ``WLD`` for the world, ``X`` + 3 to 8 capitals or digits for groupings (``X0003`` the EU, as the Census codes
#: it; ``XASEAN``, ``XMIDEAST``, ``XOTHER``). Matched whole (``PARTNER_CODE.fullmatch``).
PARTNER_CODE = re.compile(r"[A-Z]{3}|X[0-9A-Z]{3,8}")
#: :data:`PARTNER_CODE` in words, for messages.
PARTNER_CODE_WORDS = "an ISO3 or X code (3 capitals, or X and 3 to 8 capitals or digits)"


def validate(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Check ``frame`` against the schema and return it with canonical column order and dtypes.

    ``origin`` (a file name or dataset id) is named in any error.
    """
    import pandas as pd

    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"{origin}: missing columns {missing}")
    out = frame[list(COLUMNS)]  # a new frame: its columns are set below, never the caller's
    if not isinstance(out["period"].dtype, pd.PeriodDtype):
        raise SchemaError(f"{origin}: column 'period' must hold pandas Periods, got {out['period'].dtype}")
    for col, dtype in COLUMNS.items():
        if dtype != "period" and out[col].dtype != dtype:
            out[col] = out[col].astype(dtype)
    for col in COLUMNS:
        if col not in OPTIONAL and out[col].isna().any():
            bad = out.index[out[col].isna()][0]
            raise SchemaError(f"{origin}: column {col!r} is empty in row {bad}")
    bad_flow = ~out["flow"].isin(FLOWS)
    if bad_flow.any():
        raise SchemaError(f"{origin}: unknown flow {out.loc[bad_flow, 'flow'].iloc[0]!r}; expected one of {FLOWS}")
    bad_status = ~out["status"].isin(STATUSES)
    if bad_status.any():
        raise SchemaError(
            f"{origin}: unknown status {out.loc[bad_status, 'status'].iloc[0]!r}; expected one of {STATUSES}"
        )
    return out.reset_index(drop=True)
