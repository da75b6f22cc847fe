"""Broken files made from real ones: truncated, bit-flipped, zeroed, mislabelled, re-encoded.

What a reporter's downloads folder holds after an interrupted download, a bad disk
or a wrong extension. Used by the broken-batch test (on files the test makes) and by
``bench/broken_files.py`` (on real-world files found on the machine).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

Mutation = Callable[[bytes, random.Random], bytes]


def _truncate(fraction: float) -> Mutation:
    return lambda data, _rng: data[: int(len(data) * fraction)]


def _flip(count: int) -> Mutation:
    def flip(data: bytes, rng: random.Random) -> bytes:
        if not data:
            return data
        out = bytearray(data)
        for _ in range(count):
            i = rng.randrange(len(out))
            out[i] ^= 1 << rng.randrange(8)
        return bytes(out)

    return flip


def _zero_middle(data: bytes, _rng: random.Random) -> bytes:
    third = len(data) // 3
    return data[:third] + b"\0" * third + data[2 * third :]


def _shuffle_blocks(data: bytes, rng: random.Random) -> bytes:
    size = max(1, len(data) // 16)
    blocks = [data[i : i + size] for i in range(0, len(data), size)]
    head, rest = blocks[:1], blocks[1:]
    rng.shuffle(rest)
    return b"".join(head + rest)


def _latin1_bytes(data: bytes, _rng: random.Random) -> bytes:
    # text-like files re-encoded wrongly: UTF-8 text pushed through Latin-1 and cp1252 bytes
    try:
        return data.decode("utf-8").encode("cp1252", "replace") + b"\xe9\xfc\x80\x81\xff"
    except UnicodeDecodeError:
        return data + b"\xe9\xfc\x80\x81\xff"


MUTATIONS: dict[str, Mutation] = {
    "cut10": _truncate(0.1),
    "cut50": _truncate(0.5),
    "cut99": _truncate(0.99),
    "flip8": _flip(8),
    "flip200": _flip(200),
    "zeroed": _zero_middle,
    "shuffled": _shuffle_blocks,
    "8bit": _latin1_bytes,
}

#: Another type's extension for each (a renamed or mislabelled file).
WRONG_SUFFIX = {
    ".pdf": ".docx",
    ".docx": ".pdf",
    ".html": ".eml",
    ".htm": ".pdf",
    ".eml": ".html",
    ".txt": ".docx",
    ".md": ".pdf",
}


def broken_versions(source: Path, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of every broken version of ``source``, reproducibly."""
    data = source.read_bytes()
    rng = random.Random(f"{seed}:{source.name}")
    stem, suffix = source.stem, source.suffix.lower()
    for name, mutate in MUTATIONS.items():
        yield f"{stem}.{name}{suffix}", mutate(data, rng)
    wrong = WRONG_SUFFIX.get(suffix)
    if wrong:
        yield f"{stem}.mislabelled{wrong}", data


def make_broken_folder(sources: list[Path], folder: Path, seed: int = 0) -> list[Path]:
    """Write the broken versions of ``sources`` into ``folder``; returns what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for i, source in enumerate(sources):
        for name, data in broken_versions(source, seed):
            path = folder / f"{i:04d}-{name}"
            path.write_bytes(data)
            written.append(path)
    return written
