"""Files: what the bot uploads (photos, documents), what users send, and the download route.

File ids look like Telegram's (opaque, one per upload); `getFile` gives a path that the
`/file/bot<token>/<path>` route serves.
"""

from __future__ import annotations

import hashlib
import itertools
from typing import Any

from aiohttp import web

from tests.fakebot.errors import ApiError, bad_request
from tests.fakebot.state import StoredFile

MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_PHOTO_UPLOAD = 10 * 1024 * 1024
MAX_UPLOAD = 50 * 1024 * 1024

UploadedParts = dict[str, tuple[str | None, str | None, bytes]]  # part -> (name, type, bytes)


def photo_dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG/JPEG/GIF/WEBP/BMP, or None when the bytes are not an image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data.startswith(b"BM") and len(data) >= 26:
        return int.from_bytes(data[18:22], "little"), abs(
            int.from_bytes(data[22:26], "little", signed=True)
        )
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return 512, 512
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            length = int.from_bytes(data[i + 2 : i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                return int.from_bytes(data[i + 7 : i + 9], "big"), int.from_bytes(
                    data[i + 5 : i + 7], "big"
                )
            i += 2 + length
        return 800, 600
    return None


class FilesMixin:
    """The files part of FakeBotAPI."""

    token: str
    files: dict[str, StoredFile]
    _file_ids: itertools.count[int]

    def new_file(
        self,
        kind: str,
        data: bytes | None,
        *,
        size: int | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        n = next(self._file_ids)
        size = size if size is not None else len(data or b"")
        unique = hashlib.sha1(f"{kind}:{n}".encode()).hexdigest()[:16]
        stored = StoredFile(
            file_id=f"{kind[:3].upper()}-{n:06d}-{unique}",
            file_unique_id=f"U{unique}",
            kind=kind,
            size=size,
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        if kind == "photo":
            stored.width, stored.height = (photo_dimensions(data) if data else None) or (1280, 960)
        self.files[stored.file_id] = stored
        return stored

    def _upload(
        self,
        kind: str,
        value: Any,
        files: UploadedParts,
        part: str,
    ) -> StoredFile:
        """The file for a media parameter: an uploaded part, attach://name, or a file_id."""
        if isinstance(value, str) and value.startswith("attach://"):
            part = value[len("attach://") :]
            value = None
        if value in (None, "") and part in files:
            filename, content_type, data = files[part]
            if not data:
                raise bad_request("file must be non-empty")
            limit = MAX_PHOTO_UPLOAD if kind == "photo" else MAX_UPLOAD
            if len(data) > limit:
                raise ApiError(413, "Request Entity Too Large")
            if kind == "photo" and photo_dimensions(data) is None:
                raise bad_request("IMAGE_PROCESS_FAILED")
            return self.new_file(
                kind,
                data,
                file_name=filename if kind == "document" else None,
                mime_type=content_type if kind == "document" else None,
            )
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self.new_file(kind, None, size=0, file_name=value.rsplit("/", 1)[-1])
        if value in (None, ""):
            raise bad_request(f"there is no {kind} in the request")
        raise bad_request("wrong file identifier/HTTP URL specified")

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401, text="Unauthorized")
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(
                    body=stored.content(),
                    content_type=stored.mime_type or "application/octet-stream",
                )
        return web.Response(status=404, text="Not Found")

    async def _api_getFile(self, p: dict[str, Any], files: Any) -> Any:
        stored = self.files.get(str(p.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        if stored.file_path is None:
            extension = {"photo": "jpg"}.get(stored.kind) or (
                stored.file_name.rsplit(".", 1)[-1]
                if stored.file_name and "." in stored.file_name
                else "bin"
            )
            stored.file_path = (
                f"{stored.kind}s/file_{len(self.files)}_{stored.file_unique_id}.{extension}"
            )
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }
