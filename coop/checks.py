"""Start-up checks that keep the scope mechanism universal: no admin class may bypass it."""

from django.contrib import admin
from django.core import checks

from coop import access
from coop.admin_base import ScopedAdmin


@checks.register(checks.Tags.admin)
def every_admin_is_scoped(app_configs, **kwargs):
    errors = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if not isinstance(model_admin, ScopedAdmin):
            errors.append(checks.Error(f"{label}: admin class does not derive from ScopedAdmin",
                                       obj=model_admin, id="coop.E001"))
        if not access.declares_scope(model):
            errors.append(checks.Error(f"{label}: model declares no scope (scope_village / scope_township / "
                                       "scope_county / scope_q_for)", obj=model, id="coop.E002"))
        if not access.is_governed(model):
            errors.append(checks.Error(f"{label}: no rights granted in any rights.py", obj=model, id="coop.E003"))
        for name in set(getattr(model_admin, "action_rights", {})) - set(model_admin.actions or ()):
            errors.append(checks.Error(f"{label}: action_rights names {name!r}, which is not one of its actions",
                                       obj=model_admin, id="coop.E004"))
    return errors
