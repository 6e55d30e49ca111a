"""QR codes of t.me links (segno): officers' invites and the citizens' survey."""

from __future__ import annotations

import io


def qr_png(link: str, *, scale: int = 10, border: int = 4) -> bytes:
    """The link as a QR code PNG (error correction M: survives a worn print or a scratched
    screen). segno is imported on first use, not when the bot starts."""
    import segno

    out = io.BytesIO()
    segno.make(link, error="m", micro=False).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()
