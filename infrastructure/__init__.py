"""Adapters: event store configuration, SQL read models, key hashing, wiring."""
