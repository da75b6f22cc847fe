"""Text recognition (OCR) for scans and photos of documents, with Tesseract.

Tesseract runs as a child of the reader process, so the reader's memory limit
applies to it too; each call gets what is left of the file's time budget. It
comes from the system's packages (``tesseract-ocr`` with English, Ukrainian and
Russian data) or, in the bundle, from ``tesseract/`` next to the program. Where
it is missing, :class:`OcrUnavailable` says so in words for the user.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .article import ReadError

#: Languages read when their data is installed (Tesseract names).
OCR_LANGUAGES = ("eng", "ukr", "rus")
#: Seconds one file's OCR may take in all (the reader's own limit is 60 s).
OCR_BUDGET_S = 50.0
#: Resolution scanned pages are rendered at for recognition.
OCR_DPI = 300


class OcrUnavailable(ReadError):
    """Tesseract (or its language data) is not installed."""


@dataclass
class OcrBudget:
    """The time left for recognising one file's pages."""

    seconds: float = OCR_BUDGET_S
    started: float = field(default_factory=time.monotonic)

    def left(self) -> float:
        """Seconds still available (never negative)."""
        return max(0.0, self.started + self.seconds - time.monotonic())


def _bundled() -> Path | None:
    """``tesseract/`` shipped next to the bundled program (see packaging/)."""
    base = getattr(sys, "_MEIPASS", None)
    if not base:
        return None
    folder = Path(base) / "tesseract"
    return folder if (folder / "tesseract").is_file() else None


def _candidates() -> list[tuple[str, dict[str, str]]]:
    """Tesseract programs to try, with their environments: the bundle's, then the system's."""
    env = {k: v for k, v in os.environ.items() if k != "TESSDATA_PREFIX"}
    env["OMP_THREAD_LIMIT"] = "1"  # the readers already use every core
    found: list[tuple[str, dict[str, str]]] = []
    bundled = _bundled()
    if bundled is not None:
        paths = (str(bundled / "lib"), env.get("LD_LIBRARY_PATH", ""))
        found.append(
            (
                str(bundled / "tesseract"),
                env
                | {
                    "TESSDATA_PREFIX": str(bundled / "tessdata"),
                    "LD_LIBRARY_PATH": os.pathsep.join(p for p in paths if p),
                },
            )
        )
    system = shutil.which("tesseract")
    if system is not None:
        own = (
            {"TESSDATA_PREFIX": os.environ["TESSDATA_PREFIX"]}
            if "TESSDATA_PREFIX" in os.environ
            else {}
        )
        found.append((system, env | own))
    return found


@functools.lru_cache(maxsize=1)
def _setup() -> tuple[str, dict[str, str], str] | None:
    """The Tesseract program that runs here, its environment and the languages to read.

    The bundle's copy first; the system's when that cannot run (an older C library).
    """
    for binary, env in _candidates():
        try:
            listed = subprocess.run(
                [binary, "--list-langs"], capture_output=True, env=env, timeout=20, check=False
            )
        except (OSError, subprocess.SubprocessError):
            continue
        have = set(listed.stdout.decode("utf-8", "replace").split())
        langs = [lang for lang in OCR_LANGUAGES if lang in have]
        if listed.returncode == 0 and langs:
            return binary, env, "+".join(langs)
    return None


def available() -> bool:
    """Whether text recognition can run here."""
    return _setup() is not None


def recognise(image: bytes, budget: OcrBudget) -> str:
    """The text Tesseract reads in one image (PNG, JPEG, TIFF, PNM...).

    Raises :class:`OcrUnavailable` without Tesseract, ``ReadError`` when the time
    budget runs out or Tesseract cannot read the image.
    """
    setup = _setup()
    if setup is None:
        raise OcrUnavailable(
            "text recognition (Tesseract OCR) is not installed, so the text of scans and "
            "images cannot be read"
        )
    binary, env, langs = setup
    left = budget.left()
    if left < 1.0:
        raise ReadError("text recognition took too long")
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "-l", langs, "--psm", "3"],
            input=image,
            capture_output=True,
            env=env,
            timeout=left,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ReadError("text recognition took too long") from None
    except OSError as exc:
        raise ReadError(f"text recognition could not start: {exc.strerror or exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = reason[-1].rstrip(".") if reason else f"exit status {done.returncode}"
        raise ReadError(f"text recognition could not read the image ({why})")
    return done.stdout.decode("utf-8", "replace")


def pgm(pixels: bytes, width: int, height: int, stride: int) -> bytes:
    """A grey-scale image (one byte per pixel, rows ``stride`` apart) as PGM for Tesseract."""
    if stride != width:
        pixels = b"".join(pixels[r * stride : r * stride + width] for r in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + pixels


def page_list(pages: list[int]) -> str:
    """1-based page numbers as a short list: "1-3, 5"."""
    runs: list[list[int]] = []
    for p in sorted(pages):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def unwrap(text: str) -> str:
    """Recognised text with its paragraphs on one line each ("recog-\\nnition" joined).

    Tesseract keeps the scan's line breaks; a reader (and a phrase search) wants the
    sentences whole. Paragraphs stay apart.
    """
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        joined = ""
        for line in lines:
            if (
                joined.endswith("-")
                and len(joined) > 1
                and joined[-2].isalpha()
                and line[:1].islower()
            ):
                joined = joined[:-1] + line
            else:
                joined = f"{joined} {line}" if joined else line
        if joined:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs)
