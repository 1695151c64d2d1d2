"""Agenda pack parser: text in, ParsedPack out. Pure Python; never imports Django."""

from .errors import PackError
from .model import ParsedPack
from .parse import parse_bytes, parse_file, parse_lines
from .reader import MAX_BYTES, Source, read_file, read_source, split_lines

__all__ = [
    "MAX_BYTES",
    "PackError",
    "ParsedPack",
    "parse_bytes",
    "parse_file",
    "parse_lines",
    "Source",
    "read_file",
    "read_source",
    "split_lines",
]
