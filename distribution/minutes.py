"""The assembly's minutes (社员大会会议记录) are judged as finance judges a voucher's scan, by their content, never by
their name (finance.operations.judge_scan, Rule.UPLOAD); stored under a generated name with the extension of the
type the content proved (models.minutes_path), and served only as an attachment of that type."""

_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def extension_of(content_type: str) -> str:
    return _EXTENSIONS.get(content_type, "bin")


def download_name(original: str, content_type: str) -> str:
    """The uploader's stem with the real extension."""
    stem = original.rsplit(".", 1)[0] if "." in original else original
    return f"{stem or '社员大会会议记录'}.{extension_of(content_type)}"
