"""Aggregates and events of incident-ledger: standard library and eventsourcing.domain only."""
