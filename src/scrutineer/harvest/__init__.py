"""Harvesting a council's ModernGov site: ``scrutineer harvest URL --council SLUG``.

A run has two phases. First every answer is fetched and read, with no database write:
the committees, each committee's meetings in windows of a year, each meeting not already
held with the same sha256, and with ``--documents`` each linked paper. Then everything is
written in ONE transaction. So an error anywhere (a site that is not ModernGov, a 404, a
truncated answer, one over the size limit, a site that keeps failing) writes nothing:
the rule is one transaction per harvest run, never a partial harvest.
"""

from .client import HarvestError, ModernGovClient
from .run import HarvestOptions, HarvestResult, harvest

__all__ = ["HarvestError", "HarvestOptions", "HarvestResult", "ModernGovClient", "harvest"]
