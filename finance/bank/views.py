"""The reconciliation page of one village: pick the bank account and month; see the 调节表 (screen, PDF, xlsx);
the township officer imports the statement (preview first), runs the automatic matching, matches and unmatches
by hand and explains a difference. Every change goes through finance.bank.operations; every refusal is shown
with coop.errors.explain_text."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from coop import access, spreadsheets
from coop.admin_base import run_each
from coop.errors import DOMAIN_ERRORS, explain_text
from coop.reports import pdf_response, render_pdf_template, render_screen, render_xlsx, report_context, xlsx_response
from finance.bank import operations as bank_ops
from finance.bank import queries
from finance.bank.models import BankFormat, BankStatement, BankStatementLine
from finance.bank.report import reconciliation
from finance.bank.statement_import import parse
from finance.models import Ledger, Period, VoucherLine


class MonthForm(forms.Form):
    account = forms.TypedChoiceField(label=_("银行账户"), coerce=int)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [(a.pk, str(a)) for a in accounts]


class StatementUpload(forms.Form):
    bank_format = forms.ModelChoiceField(BankFormat.objects.none(), label=_("对账单格式(开户银行)"), empty_label=None)
    file = forms.FileField(label=_("对账单文件(.xlsx 或 .csv,不超过 5 MB)"))

    def __init__(self, *args, ledger, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_format"].queryset = queries.formats_of(ledger.village.township.county_id)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_BYTES:
            raise forms.ValidationError(_("文件过大:不能超过 5 MB"))
        return upload


def reconcile_view(request, village_code: str):
    if not access.allows(request.user, access.VIEW, BankStatement):
        raise PermissionDenied
    ledger = get_object_or_404(access.visible(request.user, Ledger.objects.select_related("village__township")),
                               village__code=village_code)
    accounts = queries.bank_accounts(ledger)
    today = timezone.localdate()
    params = {"account": accounts[0].pk if accounts else "", "year": today.year, "month": today.month,
              **request.GET.dict()}
    month_form = MonthForm(params, accounts=accounts)
    if not month_form.is_valid():
        raise Http404(str(month_form.errors))
    account = next(a for a in accounts if a.pk == month_form.cleaned_data["account"])
    year, month = month_form.cleaned_data["year"], month_form.cleaned_data["month"]
    here = request.path + "?" + urlencode({"account": account.pk, "year": year, "month": month})
    may_act = access.allows(request.user, "reconcile", BankStatement)
    context = {}
    if request.method == "POST":
        if not may_act:
            raise PermissionDenied
        done = _act(request, ledger, account, year, month, context)
        if done:
            return HttpResponseRedirect(here)
    table = queries.reconcile(ledger, account, year, month)
    report = reconciliation(table)
    output = request.GET.get("format")
    if output == "pdf":
        return pdf_response(render_pdf_template("finance/reconciliation_pdf.html", {
            **report_context(report), "difference": table.difference_text}), report.filename)
    if output == "xlsx":
        report.notes[:0] = [table.difference_text] if table.difference_text else []
        return xlsx_response(render_xlsx(report), report.filename)
    closed = Period.objects.filter(ledger=ledger, year=year, month=month, status=Period.Status.CLOSED).exists()
    statement = table.statement
    lines = list(statement.lines.select_related("match__voucher_line__voucher").order_by("row")) if statement else []
    context.update({
        "ledger": ledger, "month_form": month_form, "table": table, "statement": statement, "lines": lines,
        "may_act": may_act and not closed, "closed": closed, "here": here,
        "open_book_lines": _choices(ledger, account, year, month) if statement and may_act else [],
        "upload_form": context.get("upload_form") or StatementUpload(ledger=ledger),
    })
    query = {"account": account.pk, "year": year, "month": month}
    return render_screen(request, report, template_name="finance/reconciliation.html",
                         pdf_url="?" + urlencode({**query, "format": "pdf"}),
                         xlsx_url="?" + urlencode({**query, "format": "xlsx"}), extra_context=context)


def _choices(ledger, account, year, month):
    return [(line.pk, f"{line.voucher.date:%m-%d} 记{line.voucher.number} {line.summary} "
                      f"{'借' if line.side == 'debit' else '贷'} {line.amount:,.2f}")
            for line in queries.unmatched_book_lines(ledger, account, year, month)]


def _act(request, ledger, account, year, month, context) -> bool:
    """Run the posted action; True when it is done (redirect), False when the page shows a preview or error."""
    action = request.POST.get("action", "")
    try:
        if action == "preview":
            return _preview(request, ledger, account, year, month, context)
        if action == "import":
            data = spreadsheets.take(request.user, request.POST.get("token", ""))
            if data is None:
                messages.error(request, _("上传的文件已过期,请重新上传"))
                return True
            bank_format = get_object_or_404(queries.formats_of(ledger.village.township.county_id),
                                            pk=request.POST.get("bank_format") or 0)
            statement = bank_ops.import_statement(ledger=ledger, account=account, year=year, month=month,
                                                  bank_format=bank_format, data=data,
                                                  filename=request.POST.get("filename", ""), by=request.user)
            made = bank_ops.auto_match(statement=statement, by=request.user)
            messages.success(request, _("已导入对账单 %(n)s 行,自动勾对 %(m)s 行") % {
                "n": statement.lines.count(), "m": len(made)})
        elif action == "auto":
            statement = get_object_or_404(BankStatement, ledger=ledger, account=account, year=year, month=month)
            made = bank_ops.auto_match(statement=statement, by=request.user)
            messages.success(request, _("自动勾对 %(m)s 行") % {"m": len(made)})
        elif action in ("match", "unmatch"):
            line = get_object_or_404(BankStatementLine, pk=request.POST.get("line"), statement__ledger=ledger)
            if action == "unmatch":
                bank_ops.unmatch(statement_line=line, by=request.user)
                messages.success(request, _("已取消对账单第 %(r)s 行的勾对") % {"r": line.row})
            else:
                book = get_object_or_404(VoucherLine, pk=request.POST.get("voucher_line") or 0,
                                         voucher__ledger=ledger)
                bank_ops.match(statement_line=line, voucher_line=book, by=request.user)
                messages.success(request, _("已勾对对账单第 %(r)s 行") % {"r": line.row})
        elif action == "bulk":
            _bulk(request, ledger, account, year, month)
        elif action == "explain":
            bank_ops.explain_difference(ledger=ledger, account=account, year=year, month=month,
                                        text=request.POST.get("text", ""), by=request.user)
            messages.success(request, _("已记录差异说明"))
        else:
            raise PermissionDenied
    except DOMAIN_ERRORS as exc:
        messages.error(request, explain_text(exc))
    return True


def _ids(request, name) -> list[int]:
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def _bulk(request, ledger, account, year, month) -> None:
    """勾对所选 (each ticked statement line with a fitting ticked book line) or 自动勾对所选 (each with its best
    candidate): row by row through the operations, each refusal shown with its row, the others done."""
    lines = list(BankStatementLine.objects.filter(
        pk__in=_ids(request, "lines"), statement__ledger=ledger, statement__account=account,
        statement__year=year, statement__month=month).select_related("statement__ledger", "statement__account")
        .order_by("row"))
    if not lines:
        messages.error(request, _("请先勾选要勾对的对账单行"))
        return

    def label(line):
        return _("对账单第 %(r)s 行") % {"r": line.row}

    if request.POST.get("bulk") == "auto":
        run_each(request, lines, lambda line: bank_ops.auto_match_line(statement_line=line, by=request.user),
                 _("自动勾对 %(n)s 行"), label)
        return
    books = list(VoucherLine.objects.filter(pk__in=_ids(request, "books"), voucher__ledger=ledger))
    if not books:
        messages.error(request, _("请同时勾选要与之勾对的账簿分录,或选择“自动勾对所选”"))
        return
    run_each(request, lines, lambda line: bank_ops.match_among(statement_line=line, choices=books, by=request.user),
             _("已勾对 %(n)s 行"), label)


def _preview(request, ledger, account, year, month, context) -> bool:
    form = StatementUpload(request.POST, request.FILES, ledger=ledger)
    context["upload_form"] = form
    if not form.is_valid():
        return False
    upload = form.cleaned_data["file"]
    data = upload.read()
    parsed = parse(data, upload.name, form.cleaned_data["bank_format"], year=year, month=month,
                   previous=queries.previous_balance(ledger, account, year, month))
    context.update(parsed=parsed, filename=upload.name, bank_format=form.cleaned_data["bank_format"])
    if parsed.ok:
        context["token"] = spreadsheets.stash(request.user, data)
    return False
