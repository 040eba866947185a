"""Which evidence files we accept, recognised from their first bytes.

The browser's content type and the file name are chosen by the sender, so neither is trusted:
a renamed program or web page must not be stored and later served as a "photo"."""

from __future__ import annotations

# (signature at offset 0, content type); WebP is checked separately (a RIFF container).
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}


def detect_type(head: bytes) -> str | None:
    """The content type of a file starting with ``head`` (at least 12 bytes), or None."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None
