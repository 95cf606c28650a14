"""The command door to a project's labour: record a CSV or an .xlsx (the admin's import template) of labour rows (all
or nothing) and, with --pay, the payroll that pays them — both through projects.operations, so R5 and R4b refuse
here exactly as on the admin."""

import csv
import io
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from coop import spreadsheets
from coop.errors import DOMAIN_ERRORS, explain_text
from coop.models import User
from members.face import persons_by_id_number
from projects import labour_import
from projects import operations as ops
from projects.models import Project

COLUMNS = ("身份证号", "日期", "工日", "日工资")


class Command(BaseCommand):
    help = ("Record a project's labour from a UTF-8 CSV (columns 身份证号, 日期 YYYY-MM-DD, 工日, 日工资) or an .xlsx "
            "in the admin's import template, all or nothing; with --pay YYYY-MM-DD, also record the payroll paying "
            "every unpaid labour row of the project.")

    def add_arguments(self, parser):
        parser.add_argument("project", type=int, help="the project's id")
        parser.add_argument("file", type=Path, nargs="?", help="the CSV or .xlsx file (leave out to only pay)")
        parser.add_argument("--user", required=True, help="the login the rows are recorded under")
        parser.add_argument("--pay", type=date.fromisoformat, help="the payment date of the payroll")

    def handle(self, *args, project, file, user, pay, **options):
        by = User.objects.filter(username=user, is_active=True).first()
        if by is None:
            raise CommandError(f"用户 {user} 不存在或已停用")
        target = Project.objects.select_related("cooperative__village").filter(pk=project).first()
        if target is None:
            raise CommandError(f"项目 {project} 不存在")
        rows = self._rows(file, target) if file else []
        try:
            with transaction.atomic():
                if rows:
                    ops.record_labour_batch(project=target, rows=rows, by=by)
                payment = ops.pay_labour(project=target, on=pay, by=by) if pay else None
        except ops.BatchRefused as refused:
            for refusal in refused.refusals:
                self.stderr.write(f"第 {refusal.row} 行:{explain_text(refusal.error)}")
            raise CommandError(f"文件有 {len(refused.refusals)} 处被拒绝,未写入任何数据") from refused
        except DOMAIN_ERRORS as exc:
            raise CommandError(explain_text(exc)) from exc
        if rows:
            self.stdout.write(self.style.SUCCESS(f"已登记 {len(rows)} 条用工记录:{target}"))
        if payment is not None:
            self.stdout.write(self.style.SUCCESS(f"已登记工资支付 {payment.amount} 元,待镇财政所审批"))

    def _rows(self, file: Path, project: Project) -> list[ops.LabourRow]:
        if not file.is_file():
            raise CommandError(f"找不到文件 {file}")
        if file.suffix.lower() == ".xlsx":
            return self._xlsx_rows(file, project)
        reader = csv.DictReader(io.StringIO(file.read_text(encoding="utf-8-sig")))
        missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise CommandError(f"缺少列:{'、'.join(missing)}")
        lines = list(reader)
        persons = persons_by_id_number([line["身份证号"].strip().upper() for line in lines],
                                       project.cooperative.village_id)
        rows, errors = [], []
        for number, line in enumerate(lines, start=2):
            person = persons.get(line["身份证号"].strip().upper())
            try:
                days = spreadsheets.number(line["工日"], "工日", whole_digits=labour_import.DAYS_DIGITS)
                wage = spreadsheets.number(line["日工资"], "日工资")
            except spreadsheets.CellError as error:
                errors.append(f"第 {number} 行:{error}")
                continue
            try:
                on = date.fromisoformat(line["日期"].strip())
            except ValueError:
                errors.append(f"第 {number} 行:日期“{line['日期'].strip()}”格式不正确,应如 2026-05-06")
                continue
            if person is None:
                errors.append(f"第 {number} 行:人员名册中没有身份证号为 {line['身份证号'].strip()} 的人员")
                continue
            rows.append(ops.LabourRow(person=person, on=on, days=days, daily_wage=wage, row=number))
        for error in errors:
            self.stderr.write(error)
        if errors:
            raise CommandError(f"文件有 {len(errors)} 处错误,未写入任何数据")
        return rows

    def _xlsx_rows(self, file: Path, project: Project) -> list[ops.LabourRow]:
        """The file read as the admin's upload reads it (projects.labour_import): every row error, or the rows."""
        parsed = labour_import.parse(file.read_bytes(), project)
        for error in parsed.errors:
            where = f"第 {error.rows} 行" if error.row else "文件"
            self.stderr.write(f"{where}{' ' + error.column if error.column else ''}:{error.message}")
        if parsed.errors:
            raise CommandError(f"文件有 {len(parsed.errors)} 处错误,未写入任何数据")
        return parsed.rows
