"""The five roles of DOMAIN.md §2, and which scope each is bound to."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_ADMIN = "county_admin", _("县级管理员")
    TOWNSHIP_OFFICER = "township_officer", _("镇财政所会计")
    CHAIRMAN = "chairman", _("合作社理事长")
    AUDITOR = "auditor", _("县审计(纪检)")
    INSPECTOR = "inspector", _("行业部门检查人员")

    @classmethod
    def county_wide(cls):
        return [cls.COUNTY_ADMIN, cls.AUDITOR, cls.INSPECTOR]

    @classmethod
    def scope_field(cls, role) -> str:
        """Which of the user's county / township / village fields the role's scope lives in."""
        if role == cls.TOWNSHIP_OFFICER:
            return "township"
        if role == cls.CHAIRMAN:
            return "village"
        return "county"
