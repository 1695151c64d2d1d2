"""Scrutineer: connected, trustworthy records for council boards and partnerships."""

__version__ = "0.1.0"
