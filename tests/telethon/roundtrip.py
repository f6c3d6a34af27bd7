#!/usr/bin/env python3
"""Telethon's side of tests/tests/telethon_differential.rs (issue 25).

Reads lines of hex on standard input, each one boxed TL object (a constructor or a function
call) of Telethon's layer; reads it with Telethon (``BinaryReader(...).tgread_object()``) and
writes it back (``bytes(obj)``). Answers one line per input line, in order:

    ok <hex of bytes(obj)>
    err <what went wrong>

The first line it writes, before reading anything, is ``telethon <version> <layer>``, so that the
test can check which Telethon it talks to. One process serves a whole run.
"""

import sys

import telethon
from telethon.extensions import BinaryReader
from telethon.tl.alltlobjects import LAYER


def roundtrip(data):
    with BinaryReader(data) as reader:
        obj = reader.tgread_object()
        left = len(data) - reader.tell_position()
    if left:
        raise ValueError(f"{type(obj).__name__} left {left} of {len(data)} bytes unread")
    return bytes(obj)


def main():
    out = sys.stdout
    out.write(f"telethon {telethon.__version__} {LAYER}\n")
    out.flush()
    for line in sys.stdin:
        try:
            answer = "ok " + roundtrip(bytes.fromhex(line.strip())).hex()
        except Exception as error:  # every failure is an answer, never the end of the run
            answer = "err " + f"{type(error).__name__}: {error}".replace("\n", " ")
        out.write(answer + "\n")
        out.flush()


if __name__ == "__main__":
    main()
