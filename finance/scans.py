"""What a scanned original document (原始凭证扫描件) may be, judged from its content and never from its name.

A scanner makes PDFs, JPEGs and PNGs; nothing else is kept. A file is kept only if it parses as the type its
content claims, and never if it carries markup or script, whatever its first bytes say: the scan is opened by
township staff whose session reviews and posts vouchers (R2), so a page that ran in their browser would undo
the four eyes. The kept file's type comes from here, is stored with the scan and is the only type it is served
with.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation

MAX_SCAN_BYTES = 10 * 1024 * 1024
MAX_ORIGINAL_NAME = 100


@dataclass(frozen=True)
class ScanType:
    content_type: str
    extension: str
    label: str


PDF = ScanType("application/pdf", "pdf", "PDF")
JPEG = ScanType("image/jpeg", "jpg", "JPG")
PNG = ScanType("image/png", "png", "PNG")
TYPES = (PDF, JPEG, PNG)
UNKNOWN = ScanType("application/octet-stream", "bin", "")

# Markup a browser would run, and what a PDF viewer would run or launch; none of it is in a scan. Each marker is
# long enough that the random bytes of compressed pixels almost never spell it (about once in 2,000 files of
# 10 MB for the shortest), so a real scan is not refused by chance.
_MARKUP = re.compile(rb"<(?:!doctype|html|head[\s>]|body|script|svg[\s>]|iframe|object|embed|meta[\s>]|form[\s>])"
                     rb"|javascript:")  # matched against the lower-cased bytes: twice as fast as IGNORECASE
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|Launch|EmbeddedFile|RichMedia)")
_PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"})
MAX_PDF_OBJECTS = 200_000  # a scan has a few objects per page; more is a file built to exhaust the checker
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_HEADER = re.compile(rb"%PDF-(?:1\.[0-7]|2\.0)\s")


def type_of(content_type: str) -> ScanType:
    """The scan type stored for a scan; a scan kept before types were stored is served as plain bytes."""
    return next((t for t in TYPES if t.content_type == content_type), UNKNOWN)


def identify(data: bytes) -> ScanType:
    """The real type of an uploaded scan, or RuleViolation(Rule.UPLOAD) saying why it is refused."""
    if not data:
        raise _refuse(_("上传的文件是空的"))
    check_size(len(data))
    if _MARKUP.search(data.lower()):
        raise _refuse(_("文件中含有网页或脚本内容,不是扫描件,已拒绝"))
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        _check_image(data, "JPEG")
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        _check_image(data, "PNG")
        return PNG
    raise _refuse(_("只接受 PDF、JPG 或 PNG 格式的扫描件"))


def check_size(size: int) -> None:
    """Refuse a file over the limit, before it is read when its size is known."""
    if size > MAX_SCAN_BYTES:
        raise _refuse(_("文件过大:%(mb).1f MB,不能超过 %(max)d MB") % {
            "mb": size / 1024 / 1024, "max": MAX_SCAN_BYTES // 1024 // 1024})


def original_name(name: str | None) -> str:
    """The uploader's file name as something to show, never as a path: its last part only, without control
    characters or characters that mean something in a header or a path, and of bounded length."""
    base = re.split(r"[\\/]", name or "")[-1]
    kept = "".join(ch for ch in base if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    kept = re.sub(r"[\"'<>:;|?*%&=`]", "_", kept).strip(" .")
    return kept[:MAX_ORIGINAL_NAME]


def download_name(original: str, scan_type: ScanType) -> str:
    """The name a scan is saved under on the reader's machine: the uploader's stem with the real type's
    extension, so a scan never comes down as a page."""
    stem = original.rsplit(".", 1)[0] if "." in original else original
    return f"{stem or _('扫描件')}.{scan_type.extension}"


def _check_pdf(data: bytes) -> None:
    tail = data[-2048:]
    if not (_PDF_HEADER.match(data) and b"%%EOF" in tail and b"startxref" in tail
            and re.search(rb"\d+\s+\d+\s+obj\b", data) and b"endobj" in data):
        raise _refuse(_("PDF 文件不完整或已损坏,请重新扫描后上传"))
    if _PDF_ACTIVE.search(_PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)) or _active_objects(data):
        raise _refuse(_("PDF 中含有脚本、附件或启动动作,扫描件不应含有这些内容,已拒绝"))


def _active_objects(data: bytes) -> bool:
    """Whether any object of the PDF — also one packed in a compressed object stream, where the bytes above cannot
    see it — is a script, a launch, an embedded file or rich media. A file pypdf cannot read is not a scan."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject, NameObject

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        size = int(reader.trailer.get("/Size", 0))
        for number in range(1, min(size, MAX_PDF_OBJECTS)):
            obj = reader.get_object(number)
            for value in _dictionaries(obj, DictionaryObject):
                for key, item in value.items():
                    if key in _PDF_ACTIVE_KEYS or (isinstance(item, NameObject) and item in _PDF_ACTIVE_KEYS):
                        return True
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as error:
        raise _refuse(_("PDF 文件不完整或已损坏,请重新扫描后上传")) from error
    return size > MAX_PDF_OBJECTS


def _dictionaries(obj, dictionary_type, depth: int = 0):
    """The dictionary `obj` and those nested in it directly (not through references: each referenced object is
    visited on its own), as an action dictionary sits inside an annotation's or the catalogue's."""
    if depth > 20:
        return
    if isinstance(obj, dictionary_type):
        yield obj
        children = obj.values()
    elif isinstance(obj, list):
        children = obj
    else:
        return
    for child in children:
        yield from _dictionaries(child, dictionary_type, depth + 1)


def _check_image(data: bytes, expected: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = image.format
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, SyntaxError, ValueError) as error:
        raise _refuse(_("图片文件无法识别或已损坏,请重新扫描后上传")) from error
    if found != expected:
        raise _refuse(_("图片内容与其格式不符,请重新扫描后上传"))


def _refuse(message: str) -> RuleViolation:
    return RuleViolation(Rule.UPLOAD, message, field="file")
