"""Charts of the library's results: every function takes analysis results and returns a matplotlib Figure.

Nothing here reads files or loads data, and nothing touches pyplot's global state: figures are built with the
object API (``matplotlib.figure.Figure``), so they work under any backend, save with ``fig.savefig`` and display
in notebooks. Every chart has a title, axis labels with units and currency, and a source line built from the
inputs' ``attrs["provenance"]``; series are told apart by line style, marker and hatch as well as colour, so the
charts read in black and white. The submodules are listed in ``docs/architecture.md``. Typical use::

    import tradebalance as tb
    from tradebalance import plots

    fig = plots.waterfall(tb.decompose(tb.load("mof", partner="USA"), 2017, "mof-sections"))
    fig.savefig("waterfall-2017.png")
"""

from tradebalance.plots.claims import readings
from tradebalance.plots.collection import ratings_over_time
from tradebalance.plots.decomposition import tariff_exposure, waterfall
from tradebalance.plots.layout import Scale
from tradebalance.plots.mirror import mirror_gap
from tradebalance.plots.timeseries import balance_over_time, claim_over_time

__all__ = [
    "Scale",
    "balance_over_time",
    "claim_over_time",
    "mirror_gap",
    "ratings_over_time",
    "readings",
    "tariff_exposure",
    "waterfall",
]
