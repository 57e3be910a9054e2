"""Python's garbage collector tuned for a long-lived server process."""

from __future__ import annotations

import gc

# A serving worker keeps thousands of aggregates cached, and with the default
# thresholds (700, 10, 10) a full collection ran more than once a second per
# worker, 35-50 ms each, freeing nothing. Measured on this machine (2 workers,
# 32 connections, A/B in one run): p99 of incident get 42 -> 23 ms, incident
# create 64 -> 35 ms, comment 67 -> 37 ms.
SERVING_GC_THRESHOLDS = (50_000, 20, 100)


def tune_collector() -> None:
    """Collect less often, and never scan again the objects that exist once started."""
    gc.collect()  # what start-up left as garbage is freed, not frozen with the rest
    gc.freeze()  # modules, routes, services: alive for the whole process
    gc.set_threshold(*SERVING_GC_THRESHOLDS)
