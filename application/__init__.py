"""Use cases of incident-ledger: commands, queries, projections and the ports they need."""
