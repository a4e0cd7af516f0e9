"""Reconciliation: what the platforms say about who holds each channel, compared with the
register (issue 19). Connectors read (`connectors.py`); the reconciliation records what they
read and finds where the register is wrong."""
