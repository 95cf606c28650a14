"""The two rate columns. 占用费 is quoted per month in ‰ (千分之, REFERENCE-FUND §1: "monthly ‰ rate"), so 6
means 0.6 % a month; the overdue penalty is quoted per day in ‱ (万分之), so 5 means 0.05 % a day."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

PER_MILLE = Decimal("1000")
PER_TEN_THOUSAND = Decimal("10000")


def monthly_fee_rate_field(verbose_name, **kwargs):
    """Monthly 占用费 rate in ‰, three places (6.125‰)."""
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=3,
                               validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
                               **kwargs)


def daily_penalty_rate_field(verbose_name, **kwargs):
    """Daily overdue penalty rate in ‱, three places (5.000‱ = 0.05 % a day)."""
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=3,
                               validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
                               **kwargs)
