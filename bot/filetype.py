"""What an evidence file really is (pure): its name's extension and its first bytes must
agree, and the name must not hide what it is. The declared MIME type is the sender's word
and counts for nothing here.

- A name with a bidirectional control character (U+202E RIGHT-TO-LEFT OVERRIDE and its
  kin) is refused: `laporan<RLO>fdp.exe` shows as `laporanexe.pdf`.
- A name with an executable or script extension anywhere (`laporan.pdf.exe`,
  `laporan.exe.pdf`) is refused.
- The last extension must be one we take, and the first bytes must be that kind of file
  (PDF, JPEG, PNG, GIF, WebP, BMP, TIFF, HEIC; Office ZIP for docx/xlsx/pptx and
  OpenDocument; OLE for the old doc/xls/ppt; RTF).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Literal

HEAD_BYTES = 1024
"""How many first bytes `verdict` needs (a PDF header may follow a little junk)."""

Problem = Literal["bidi", "double_extension", "extension", "content", "unreadable"]

BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DANGEROUS = frozenset(
    {
        *(".exe", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".msp", ".dll", ".cpl"),
        *(".js", ".jse", ".vbs", ".vbe", ".wsf", ".wsh", ".hta", ".ps1", ".psm1", ".lnk"),
        *(".jar", ".sh", ".apk", ".app", ".reg", ".scf", ".url", ".iso", ".img", ".docm"),
        *(".xlsm", ".pptm", ".html", ".htm", ".svg"),
    }
)


def _pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:HEAD_BYTES]


def _jpeg(head: bytes) -> bool:
    return head.startswith(b"\xff\xd8\xff")


def _png(head: bytes) -> bool:
    return head.startswith(b"\x89PNG\r\n\x1a\n")


def _zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def _ole(head: bytes) -> bool:
    return head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def _gif(head: bytes) -> bool:
    return head.startswith((b"GIF87a", b"GIF89a"))


def _webp(head: bytes) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"WEBP"


def _bmp(head: bytes) -> bool:
    return head.startswith(b"BM")


def _tiff(head: bytes) -> bool:
    return head.startswith((b"II*\x00", b"MM\x00*"))


def _heic(head: bytes) -> bool:
    return head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"hevc"}


def _rtf(head: bytes) -> bool:
    return head.startswith(b"{\\rtf")


MAGIC: dict[str, Callable[[bytes], bool]] = {
    ".pdf": _pdf,
    ".jpg": _jpeg,
    ".jpeg": _jpeg,
    ".png": _png,
    ".gif": _gif,
    ".webp": _webp,
    ".bmp": _bmp,
    ".tif": _tiff,
    ".tiff": _tiff,
    ".heic": _heic,
    ".docx": _zip,
    ".xlsx": _zip,
    ".pptx": _zip,
    ".odt": _zip,
    ".ods": _zip,
    ".odp": _zip,
    ".doc": _ole,
    ".xls": _ole,
    ".ppt": _ole,
    ".rtf": _rtf,
}


def name_problem(file_name: str | None) -> Problem | None:
    """What is wrong with a file's name alone, or None."""
    if file_name is None:
        return None
    if any(c in BIDI or unicodedata.category(c) == "Cf" for c in file_name):
        return "bidi"
    suffixes = [s.lower().strip() for s in PurePosixPath(file_name.strip()).suffixes]
    if any(s in DANGEROUS for s in suffixes):
        return "double_extension"
    if not suffixes or suffixes[-1] not in MAGIC:
        return "extension"
    return None


def verdict(file_name: str | None, head: bytes | None) -> Problem | None:
    """None when the file may be kept as evidence. `head`: its first HEAD_BYTES bytes, or
    None when they could not be read (a file over the Bot API's download limit): then the
    name alone decides (such a file never enters a pack: it stays on Telegram)."""
    problem = name_problem(file_name)
    if problem is not None:
        return problem
    if head is None:
        return None if file_name is not None else "extension"
    if file_name is None:
        return None if any(check(head) for check in MAGIC.values()) else "content"
    suffix = PurePosixPath(file_name.strip()).suffix.lower()
    return None if MAGIC[suffix](head) else "content"


def shown_name(file_name: str) -> str:
    """A name safe to show back: bidirectional and other invisible format characters are
    replaced by a visible "?", so the reply shows the name in its true order."""
    return "".join("?" if c in BIDI or unicodedata.category(c) == "Cf" else c for c in file_name)
