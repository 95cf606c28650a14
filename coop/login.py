"""The login form's refusal, in plain Chinese: what went wrong, how many failures lock the login (django-axes),
for how long, and whom to call."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext as _


def lockout_hint() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _("连续输错 %(limit)s 次,这个账号从本地址登录将被锁定 %(minutes)s 分钟。"
             "忘记密码或已被锁定,请联系镇财政所或县级管理员。") % {
        "limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}


class LoginForm(AdminAuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _("用户名或密码不正确(密码区分大小写)。") + lockout_hint(),
            "inactive": _("这个账号已停用。如需恢复,请联系县级管理员。"),
        }
