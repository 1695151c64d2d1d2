"""Agenda pack parser: text in, ParsedPack out. Pure Python; never imports Django."""

from .errors import PackError
from .model import ParsedPack
from .parse import parse_bytes, parse_file, parse_lines
from .reader import MAX_BYTES, read_file, read_source

__all__ = [
    "MAX_BYTES",
    "PackError",
    "ParsedPack",
    "parse_bytes",
    "parse_file",
    "parse_lines",
    "read_file",
    "read_source",
]
