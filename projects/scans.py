"""The entrustment agreement's scan (委托代建协议扫描件) is judged as finance judges a voucher's scan: by its content,
never by its name; it is stored under a generated name with the extension of the type its content proved."""

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def extension_of(content_type: str) -> str:
    """The extension of the type the scan's content proved on upload; anything else is plain bytes."""
    return _EXTENSIONS.get(content_type, "bin")
