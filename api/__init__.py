"""HTTP and command-line interfaces of incident-ledger."""
