"""Loans carried over from the paper books (结转旧账): the same Loan rows, seen through a proxy so that the admin
has a page of its own for them (their form, their import) beside the applications' page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from finance.fund.models.loans import Loan


class CarriedOverLoans(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(carried_over=True)


class CarriedLoan(Loan):
    objects = CarriedOverLoans()

    class Meta:
        proxy = True
        verbose_name = _("结转旧账借款")
        verbose_name_plural = _("结转旧账借款")
