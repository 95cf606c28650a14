"""A table report (coop.reports.Report) made by the worker as PDF or xlsx: the kind behind every report that reads
a whole county and so takes longer than a request may (the compliance report, the verification of the books)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.jobs.registry import Output, register
from coop.reports import PDF_MIME, XLSX_MIME, page_progress, render_pdf, render_xlsx

FORMATS = {"pdf": PDF_MIME, "xlsx": XLSX_MIME}


def register_table(name: str, *, label, build: Callable) -> None:
    """Declare a kind whose `build(job, progress) -> Report` reads `job.params` (applying `job.requested_by`'s
    scope again) and may report its own steps with `progress(done, total)`; `job.params["format"]` ("pdf" or
    "xlsx") picks the output. Laying out the PDF counts as one step more, then as its pages."""

    @register(name, label=label)
    def render(job, progress) -> Output:
        output = job.params.get("format")
        if output not in FORMATS:
            raise RuleViolation(Rule.JOBS, _("不支持的文件格式“%(format)s”:只能生成 PDF 或 Excel") % {
                "format": output})
        steps = {"done": 0, "total": 0}

        def step(done: int, total: int | None = None) -> None:
            steps["done"], steps["total"] = done, total if total is not None else steps["total"]
            progress(done, steps["total"] + 1)

        report = build(job, step)
        if output == "xlsx":
            data = render_xlsx(report)
        else:
            done, total = steps["done"], steps["total"] + 1
            with page_progress(lambda page: progress(min(done + page, total - 1), total)):
                data = render_pdf(report)
        return Output(data, f"{report.filename}.{output}", FORMATS[output])
