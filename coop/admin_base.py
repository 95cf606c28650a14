"""The base every admin class in the project derives from: scope and rights come from coop.access only.

A system check (coop.checks) refuses to start if a registered admin class does not derive from
ScopedAdmin, or if its model declares no scope or no rights.
"""

from django.contrib import admin
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from coop import access


class ScopedAdmin(SimpleHistoryAdmin):
    """Rows outside the user's scope do not exist for this admin: not in lists, detail pages,
    history pages, autocompletes, foreign-key choices or exports."""

    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        return access.visible(request.user, super().get_queryset(request))

    def has_module_permission(self, request):
        return bool(access.actions_for(request.user, self.model))

    def has_view_permission(self, request, obj=None):
        return access.allows(request.user, access.VIEW, self.model) or self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return access.allows(request.user, access.ADD, self.model)

    def has_change_permission(self, request, obj=None):
        return access.allows(request.user, access.CHANGE, self.model)

    def has_delete_permission(self, request, obj=None):
        return access.allows(request.user, access.DELETE, self.model)

    def has_view_history_or_change_history_permission(self, request, obj=None):
        # simple-history falls back to the last historical row when the live row is out of the
        # queryset, so scope must be checked on the object itself.
        allowed = super().has_view_history_or_change_history_permission(request, obj)
        return allowed and (obj is None or access.contains(request.user, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if access.declares_scope(related) and "queryset" not in kwargs:
            kwargs["queryset"] = access.visible(request.user, related._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if access.declares_scope(related) and "queryset" not in kwargs:
            kwargs["queryset"] = access.visible(request.user, related._default_manager.all())
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedExportAdmin(ExportMixin, ScopedAdmin):
    """A scoped admin whose list can be exported to xlsx: whoever may view the rows may export them."""

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
