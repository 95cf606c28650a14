"""Vouchers: prepare, edit, submit, review, return, post, void, reverse; post_entry for other apps."""

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import delete_as
from finance import queries, rules, scans
from finance.models import (
    Ledger,
    Side,
    Voucher,
    VoucherScan,
)
from finance.operations._common import (
    Line,
    check_attachments,
    create,
    lock,
    lock_voucher,
    period_open_for,
    post_locked,
    require_status,
    save,
    transition,
    validate_lines,
    write_lines,
)

S = Voucher.Status

# ---------------------------------------------------------------- vouchers

@transaction.atomic
def prepare(*, ledger: Ledger, on: date, lines: Iterable[Line], by, attachments: int = 0) -> Voucher:
    """制单: a balanced draft, numbered in its month (记字第 N 号) at once."""
    rules.require_preparer(by, ledger)
    return create(ledger=lock(ledger), on=on, lines=list(lines), by=by, attachments=attachments)[0]


@transaction.atomic
def update_draft(*, voucher: Voucher, by, on: date | None = None, lines: Iterable[Line] | None = None,
                 attachments: int | None = None) -> Voucher:
    """Change a draft or a returned voucher. Its month cannot change: that would leave a gap in the numbers."""
    rules.require_preparer(by, voucher.ledger)
    voucher = lock_voucher(voucher)
    if not voucher.is_editable:
        raise RuleViolation(Rule.R3, _("R3 只有草稿或退回的凭证可以修改,此凭证%(status)s") % {
            "status": voucher.get_status_display()})
    if on is not None:
        if (on.year, on.month) != (voucher.date.year, voucher.date.month):
            raise RuleViolation(Rule.LEDGER, _("凭证日期不能改到其他月份(凭证号按月连续编号);请作废后在新月份重新制单"),
                                field="date")
        period_open_for(voucher.ledger, on)
        voucher.date = on
    if attachments is not None:
        voucher.attachments = check_attachments(attachments)
    # Whoever changes a voucher answers for its content: they become its preparer, and so can never
    # review or post it (R2) — an officer cannot rewrite a chairman's draft and then approve it alone.
    voucher.prepared_by = by
    if lines is not None:
        lines = validate_lines(voucher.ledger, list(lines))
        for old in voucher.lines.all():
            delete_as(old, by)
        write_lines(voucher, lines, by)
    return save(voucher, by)


@transaction.atomic
def submit(*, voucher: Voucher, by) -> Voucher:
    """提交: the village hands the voucher to the township."""
    rules.require_preparer(by, voucher.ledger)
    voucher = lock_voucher(voucher)
    require_status(voucher, (S.DRAFT, S.RETURNED), _("提交"))
    period_open_for(voucher.ledger, voucher.date)
    return transition(voucher, S.SUBMITTED, by)


@transaction.atomic
def review(*, voucher: Voucher, by) -> Voucher:
    """审核 (R2): township staff, never the preparer."""
    voucher = lock_voucher(voucher)
    rules.require_checker(by, voucher, _("审核"))
    require_status(voucher, (S.SUBMITTED,), _("审核"))
    voucher.reviewed_by, voucher.reviewed_at = by, timezone.now()
    return transition(voucher, S.REVIEWED, by)


@transaction.atomic
def return_voucher(*, voucher: Voucher, by, reason: str) -> Voucher:
    """退回: back to the preparer with a reason."""
    rules.require_township(by, voucher, _("退回凭证"))
    voucher = lock_voucher(voucher)
    require_status(voucher, (S.SUBMITTED, S.REVIEWED), _("退回"))
    if not (reason or "").strip():
        raise RuleViolation(Rule.LEDGER, _("退回凭证必须填写原因"), field="reason")
    voucher.note, voucher.reviewed_by, voucher.reviewed_at = reason.strip()[:200], None, None
    return transition(voucher, S.RETURNED, by)


@transaction.atomic
def post(*, voucher: Voucher, by) -> Voucher:
    """记账 (R1–R3): township staff, not the preparer, into an open period, cash within the cap."""
    ledger = lock(voucher.ledger)  # serialises postings of one village: the cap check cannot race
    voucher = lock_voucher(voucher)
    rules.require_checker(by, voucher, _("记账"))
    require_status(voucher, (S.REVIEWED,), _("记账"))
    return post_locked(ledger, voucher, by)


@transaction.atomic
def void(*, voucher: Voucher, by, reason: str) -> Voucher:
    """作废: an unposted voucher keeps its number, marked void, so the sequence has no gap."""
    rules.require_preparer(by, voucher.ledger)
    voucher = lock_voucher(voucher)
    require_status(voucher, (S.DRAFT, S.RETURNED, S.SUBMITTED), _("作废"))
    if not (reason or "").strip():
        raise RuleViolation(Rule.LEDGER, _("作废凭证必须填写原因"), field="reason")
    voucher.note = reason.strip()[:200]
    return transition(voucher, S.VOID, by)


@transaction.atomic
def reverse(*, voucher: Voucher, by, on: date, reason: str) -> Voucher:
    """冲销 (R3): a posted voucher is never changed; a new voucher with every line on the other side,
    pointing to it, goes through review and posting like any other."""
    rules.require_township(by, voucher, _("冲销凭证"))
    ledger = lock(voucher.ledger)
    voucher, lines = _reversal_lines(voucher, reason, by)
    new = create(ledger=ledger, on=on, lines=lines, by=by, attachments=0, reversal_of=voucher)[0]
    return transition(new, S.SUBMITTED, by)


def _reversal_lines(voucher, reason, by) -> tuple[Voucher, list[Line]]:
    """Lock a posted voucher not yet reversed and give the lines that undo it. A voided earlier reversal lets
    go of it (the link is one-to-one), saved one by one so that the history shows the change (R3)."""
    voucher = lock_voucher(voucher)
    require_status(voucher, (S.POSTED,), _("冲销"))
    if Voucher.objects.filter(reversal_of=voucher).exclude(status=S.VOID).exists():
        raise RuleViolation(Rule.R3, _("R3 %(voucher)s 已经被冲销过") % {"voucher": voucher})
    if not (reason or "").strip():
        raise RuleViolation(Rule.LEDGER, _("冲销凭证必须填写原因"), field="reason")
    # The summary is part of the books: written in Chinese whatever the clerk's interface language.
    summary = f"冲销{voucher.date.year}年{voucher.date.month}月 记字第 {voucher.number} 号:{reason.strip()}"
    lines = [Line(line.account, Side.CREDIT if line.side == Side.DEBIT else Side.DEBIT, line.amount,
                  summary[:100]) for line in voucher.lines.select_related("account")]
    for earlier in Voucher.objects.select_for_update().filter(reversal_of=voucher, status=S.VOID):
        earlier.reversal_of = None
        save(earlier, by)
    return voucher, lines


@transaction.atomic
def post_entry(*, village, on: date, summary: str, lines: Iterable[Line], prepared_by, approved_by,
               attachments: int = 0, source: str = "") -> Voucher:
    """Record a money flow of another app (a share pay-in, a loan disbursement …) as one posted voucher,
    in the same transaction as the caller's own rows. `prepared_by` recorded it; `approved_by`, a township
    officer other than the preparer, approved it (R2). Lines without a summary take `summary`."""
    # Locked first: the locked row comes with its village and township, so both scope checks read no more.
    ledger = lock(queries.ledger_of(village))
    _require_two_hands(ledger, prepared_by, approved_by, _("审批记账"))
    lines = [Line(ln.account, ln.side, ln.amount, ln.summary or summary) for ln in lines]
    return _post_at_once(ledger, approved_by, on=on, lines=lines, by=prepared_by, attachments=attachments,
                         source=source)


@transaction.atomic
def reverse_entry(*, voucher: Voucher, on: date, reason: str, prepared_by, approved_by, source: str) -> Voucher:
    """冲销 a posted voucher a register made through `post_entry` (its accounts are the register's to post to,
    so `reverse` refuses them): every line on the other side, pointing to the original, posted at once with
    four eyes like post_entry. `source` names the register and the row that reverses (e.g. 股金:12); the
    original must come from the same register."""
    book = (source or "").split(":", 1)[0]
    if not book or not (voucher.source or "").startswith(f"{book}:"):
        raise RuleViolation(Rule.LEDGER, _(
            "%(voucher)s 不是%(book)s台账生成的凭证,不能由台账冲销;请在凭证页面办理冲销") % {
            "voucher": voucher, "book": book or _("业务")})
    _require_two_hands(voucher.ledger, prepared_by, approved_by, _("审批冲销"))
    ledger = lock(voucher.ledger)
    voucher, lines = _reversal_lines(voucher, reason, prepared_by)
    return _post_at_once(ledger, approved_by, on=on, lines=lines, by=prepared_by, attachments=0,
                         reversal_of=voucher, source=source)


def _require_two_hands(ledger, prepared_by, approved_by, action: str) -> None:
    """R2 for what posts at once: prepared on the village's side, approved by another person of the township."""
    rules.require_preparer(prepared_by, ledger)
    rules.require_township(approved_by, ledger, action)
    if prepared_by.pk == approved_by.pk:
        raise RuleViolation(Rule.R2, _("R2 四眼原则:%(user)s 不能审批自己经办的业务") % {
            "user": approved_by.get_full_name()})


def _post_at_once(locked_ledger, approved_by, **voucher) -> Voucher:
    """Written once as reviewed, then posted: two states, two history rows. It cannot be written posted at
    once, since the database refuses lines added to a posted voucher (R3)."""
    new, period, lines = create(ledger=locked_ledger, reviewed_by=approved_by, **voucher)
    return post_locked(locked_ledger, new, approved_by, period=period, lines=lines)


@transaction.atomic
def attach_scan(*, voucher: Voucher, upload, by) -> VoucherScan:
    """Attach a scanned original document. Allowed at any stage: it adds evidence, it changes no figure.

    `upload` is any file object (an uploaded file, an open file). Its content decides everything: refused with
    Rule.UPLOAD unless it is a whole PDF, JPEG or PNG within the size limit and free of markup or script
    (finance.scans); kept under a generated name with its real type's extension, the type stored for serving,
    the uploader's name kept only as a sanitised label."""
    rules.require_village_hand(by, voucher, _("上传原始凭证"))
    data = _read_limited(upload)
    scan_type = scans.identify(data)
    scan = VoucherScan(voucher=voucher, content_type=scan_type.content_type, size=len(data), uploaded_by=by,
                       original_name=scans.original_name(getattr(upload, "name", "")))
    scan.file.save(f"scan.{scan_type.extension}", ContentFile(data), save=False)
    return save(scan, by)


class JudgedScan(NamedTuple):
    data: bytes
    content_type: str
    extension: str
    original_name: str


def judge_scan(upload) -> JudgedScan:
    """Another register's scanned document (a project's entrustment agreement) judged as `attach_scan` judges a
    voucher's: by its content only (finance.scans), refused with Rule.UPLOAD; the register stores the bytes under
    a generated name with `extension` and serves them as an attachment of `content_type`."""
    data = _read_limited(upload)
    scan_type = scans.identify(data)
    return JudgedScan(data, scan_type.content_type, scan_type.extension,
                      scans.original_name(getattr(upload, "name", "")))


def _read_limited(upload) -> bytes:
    """The upload's bytes, reading no more than one past the limit, so an oversized file costs no memory."""
    scans.check_size(getattr(upload, "size", None) or 0)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read(scans.MAX_SCAN_BYTES + 1) or b""
