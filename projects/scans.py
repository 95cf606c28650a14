"""The entrustment agreement's scan (委托代建协议扫描件) is judged as finance judges a voucher's scan, by its content,
never by its name (finance.operations.judge_scan); it is stored under a generated name with the extension of the
type its content proved, and served only as an attachment of that type."""

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def extension_of(content_type: str) -> str:
    """The extension of the type the scan's content proved on upload; anything else is plain bytes."""
    return _EXTENSIONS.get(content_type, "bin")


def download_name(original: str, content_type: str) -> str:
    """The name the scan is saved under on the reader's machine: the uploader's stem with the real extension."""
    stem = original.rsplit(".", 1)[0] if "." in original else original
    return f"{stem or '委托代建协议'}.{extension_of(content_type)}"
