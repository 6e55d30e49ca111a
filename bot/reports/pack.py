"""The evidence pack: every file of a unit's self-check in ZIP parts under the upload
limit, by dimension and item, with an index; files over the download limit are listed."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import rubric
from bot import csvsafe, texts
from bot.botapi import DOWNLOAD_LIMIT
from bot.frozen import frozen
from bot.reports.labels import item_label
from bot.store import EvidenceLine

UPLOAD_LIMIT = 49 * 1000 * 1000
"""A ZIP part stays under Telegram's 50 MB upload limit, with room for the central directory."""


@frozen
class PackFile:
    line: EvidenceLine
    folder: str
    """<dimension>/<item>[ @product]"""
    name: str
    """The file's name inside its folder (numbered, so names never collide)."""

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.name}"


@frozen
class PackPart:
    filename: str
    data: bytes
    files: int
    """Evidence files inside this part."""


@dataclass
class PackReport:
    """What happened to every file; filled while the pack is built."""

    included: list[PackFile] = field(default_factory=list)
    too_big: list[PackFile] = field(default_factory=list)
    failed: list[tuple[PackFile, str]] = field(default_factory=list)
    parts: int = 0


_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/pdf": ".pdf",
    "video/mp4": ".mp4",
}
_STORED = (".jpg", ".jpeg", ".png", ".mp4", ".zip", ".gif", ".webp", ".heic", ".mov")


def safe_name(text: str, limit: int = 80) -> str:
    cleaned = re.sub(r"[^\w .,()@+-]+", "_", text, flags=re.UNICODE).strip(" ._")
    return cleaned[:limit].strip() or "_"


def plan_pack(
    lines: Sequence[EvidenceLine], the_rubric: rubric.Rubric, lang: str
) -> list[PackFile]:
    """Where every file goes: <n. dimension>/<item>[ @product]/<nnn>-<name>."""
    numbers = {d.id: i for i, d in enumerate(the_rubric.dimensions, start=1)}
    files = []
    for seq, line in enumerate(lines, start=1):
        dim = the_rubric.dimension_of(line.item_id)
        title = dim.title.get(lang) if dim else texts.plain("co.pack_other", lang)
        dim_folder = safe_name(f"{numbers[dim.id] if dim else 0}. {title}")
        item_folder = safe_name(line.item_id + (f" @{line.product}" if line.product else ""))
        file = line.row.file
        base = file.file_name or f"{file.kind}-{line.row.id}"
        if "." not in base:
            base += _EXTENSIONS.get(file.mime_type or "", ".jpg" if file.kind == "photo" else "")
        files.append(PackFile(line, f"{dim_folder}/{item_folder}", f"{seq:03d}-{safe_name(base)}"))
    return files


async def build_pack(
    files: Sequence[PackFile],
    fetch: Callable[[str], Awaitable[bytes]],
    *,
    base_name: str,
    readme: Callable[[PackReport], str],
    the_rubric: rubric.Rubric,
    lang: str,
    timezone: str,
    download_limit: int = DOWNLOAD_LIMIT,
    part_limit: int = UPLOAD_LIMIT,
    report: PackReport | None = None,
) -> AsyncIterator[PackPart]:
    """Download every file (`fetch(file_id) -> bytes`) into ZIP parts under `part_limit`.

    Files over `download_limit`, or that fail to download, are not lost: README.txt lists
    them and INDEX.csv lists every file (path, item, who, when, caption, status); both go in
    the last part. Parts are yielded as soon as they are full, so memory stays bounded.
    """
    report = report if report is not None else PackReport()
    state = _Part()
    number = 0

    def finish(final: bool) -> PackPart:
        nonlocal number
        number += 1
        split = number > 1 or not final
        name = f"{base_name}-{number}.zip" if split else f"{base_name}.zip"
        report.parts = number
        return state.close(name)

    for pack_file in files:
        size = pack_file.line.row.file.size
        if size is not None and size > download_limit:
            report.too_big.append(pack_file)
            continue
        try:
            data = await fetch(pack_file.line.row.file.file_id)
        except Exception as exc:  # any download failure is reported, never fatal
            report.failed.append((pack_file, _describe(exc)))
            continue
        if len(data) > download_limit:
            report.too_big.append(pack_file)
            continue
        if state.files and state.projected(pack_file.path, len(data)) > part_limit:
            yield finish(final=False)
            state = _Part()
        state.add(pack_file.path, data)
        report.included.append(pack_file)

    state.add("README.txt", readme(report).encode("utf-8"))
    state.add("INDEX.csv", _index_csv(files, report, the_rubric, lang, timezone))
    yield finish(final=True)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


class _Part:
    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.zip = zipfile.ZipFile(self.buffer, "w", zipfile.ZIP_DEFLATED)
        self.files = 0
        self.directory = 22

    def projected(self, path: str, size: int) -> int:
        entry = len(path.encode("utf-8"))
        return self.buffer.tell() + 30 + entry + size + 16 + self.directory + 46 + entry

    def add(self, path: str, data: bytes) -> None:
        stored = path.lower().endswith(_STORED)
        self.zip.writestr(
            path, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        )
        self.directory += 46 + len(path.encode("utf-8"))
        if not path.endswith((".txt", ".csv")) or "/" in path:
            self.files += 1

    def close(self, name: str) -> PackPart:
        files = self.files
        self.zip.close()
        return PackPart(name, self.buffer.getvalue(), files)


def _index_csv(
    files: Sequence[PackFile],
    report: PackReport,
    the_rubric: rubric.Rubric,
    lang: str,
    timezone: str,
) -> bytes:
    tz = ZoneInfo(timezone)
    status = {id(f): "included" for f in report.included}
    status.update({id(f): "too_big" for f in report.too_big})
    status.update({id(f): f"failed: {why}" for f, why in report.failed})
    out = io.StringIO()
    writer = csvsafe.writer(out)  # no cell becomes a formula (OWASP)
    writer.writerow(
        ["path", "dimension", "item", "product", "question", "kind", "file_name", "size",
         "by", "at", "caption", "note", "status"]
    )  # fmt: skip
    for f in files:
        line = f.line
        dim = the_rubric.dimension_of(line.item_id)
        writer.writerow(
            [
                f.path,
                dim.title.get(lang) if dim else "",
                line.item_id,
                line.product or "",
                item_label(the_rubric, line.item_id, lang, limit=300),
                line.row.file.kind,
                line.row.file.file_name or "",
                line.row.file.size if line.row.file.size is not None else "",
                line.by_name or line.row.by,
                line.row.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                line.row.file.caption or "",
                line.note or "",
                status.get(id(f), "not processed"),
            ]
        )
    # A BOM so that Excel opens the UTF-8 file with the right characters.
    return ("\ufeff" + out.getvalue()).encode("utf-8")
