from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("三线监督")

    def ready(self):
        from coop import demo, errors
        from coop.doors import RequestDoorMiddleware
        from supervision import breaches

        errors.on_refusal(breaches.record)  # the one hook: every door's refusal passes through coop.errors
        RequestDoorMiddleware.after_request.append(breaches.flush_pending)
        demo.register_part("supervision.demo.seed", order=99)  # last: it reads every register's refusals
