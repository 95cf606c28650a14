"""The base every admin class in the project derives from: scope and rights come from coop.access only.

A system check (coop.checks) refuses to start if a registered admin class does not derive from
ScopedAdmin, or if its model declares no scope or no rights.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import XLSX
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin

from coop import access, history_view
from coop.errors import DOMAIN_ERRORS, explain_text, show_on_form
from coop.reports.xlsx import table_xlsx


def run_each(request, rows, act, done_message, label=str) -> tuple[int, list[str]]:
    """A bulk action: `act(row)` on each row in its own savepoint, so one refusal leaves the others done.
    Reports how many went through (`done_message % {"n": ...}`) and each refusal after `label(row)`."""
    done, refused = 0, []
    for row in rows:
        try:
            with transaction.atomic():
                act(row)
            done += 1
        except DOMAIN_ERRORS as exc:
            refused.append(f"{label(row)}:{explain_text(exc, model=type(row))}")
    if done:
        messages.success(request, done_message % {"n": done})
    for text in refused:
        messages.error(request, text)
    return done, refused


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """Django's related-field filter offers every row of the related model; this one only those in scope."""

    def field_choices(self, field, request, model_admin):
        related = field.remote_field.model
        rows = related._default_manager.all()
        if access.declares_scope(related):
            rows = access.visible(request.user, rows)
        return [(obj.pk, str(obj)) for obj in rows]


class ScopedAdmin(SimpleHistoryAdmin):
    """Rows outside the user's scope do not exist for this admin: not in lists, detail pages,
    history pages, autocompletes, foreign-key choices or exports."""

    show_full_result_count = False
    list_per_page = 50
    # action name -> the right (coop.access) a user needs to be offered the action: a right on this admin's model,
    # or (model, right) for a right on another, e.g. {"export_year_books": (Voucher, "view")} on the ledgers
    action_rights: dict[str, str | tuple[type, str]] = {}

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

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        for name, right in self.action_rights.items():
            model, right = right if isinstance(right, tuple) else (self.model, right)
            if not access.allows(request.user, right, model):
                actions.pop(name, None)
        return actions

    def has_view_history_or_change_history_permission(self, request, obj=None):
        # simple-history falls back to the last historical row when the live row is out of the
        # queryset, so scope must be checked on the object itself.
        allowed = super().has_view_history_or_change_history_permission(request, obj)
        return allowed and (obj is None or access.contains(request.user, obj))

    def get_list_filter(self, request):
        """Plain foreign-key filters become scoped ones, so no admin can forget to."""
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                field = get_fields_from_path(self.model, entry)[-1]
                if field.is_relation and (field.many_to_one or field.one_to_one):
                    entry = (entry, ScopedRelatedFilter)
            filters.append(entry)
        return filters

    def history_view(self, request, object_id, extra_context=None):
        if not hasattr(self.model._meta, "simple_history_manager_attribute"):  # a model kept without history
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """Only the acting user joined: related rows are named per page by coop.history_view, not per row."""
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        page = historical_records
        records = list(page.object_list)
        older = None
        if page.has_next():
            older = page.paginator.object_list[page.end_index()]
        page.entries = history_view.entries(self.model, records, older, masks=self.history_masks(request))

    def history_masks(self, request) -> dict:
        """{field name: function showing a stored value} for fields this reader may not read whole on the history
        page; none by default."""
        return {}

    def history_view_title(self, request, obj):
        return _("修改历史:%(object)s") % {"object": obj}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # R3: the past is for reading. simple-history saves whatever is posted to this page, whatever the
        # user's rights and SIMPLE_HISTORY_REVERT_DISABLED; corrections go through the operations instead.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

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


class OperationAdmin(ScopedAdmin):
    """An admin whose saves go through an operation (the project's one door), not `obj.save()`.

    `perform(request, form, change)` calls the operation and returns the saved object. It runs once while
    the form validates, inside a savepoint that is rolled back, so a RuleViolation shows on the form next
    to the input that caused it; then once more, for real, when the admin saves.
    """

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class CheckedByOperation(form_class):
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                savepoint = transaction.savepoint_create()
                try:
                    model_admin.perform(request, self, change)
                except DOMAIN_ERRORS as exc:
                    show_on_form(self, exc)
                finally:
                    transaction.savepoint_rollback(savepoint)

        return CheckedByOperation

    def save_model(self, request, obj, form, change):
        saved = self.perform(request, form, change)
        for field in saved._meta.concrete_fields:  # what the operation decided (numbers, defaults) shows
            setattr(obj, field.attname, getattr(saved, field.attname))

    def delete_model(self, request, obj):
        self.remove(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        """A refused removal goes back to the object's page with the rule's words, not to an error page."""
        try:
            with transaction.atomic():
                return super().delete_view(request, object_id, extra_context)
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc))
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change",
                                                args=[object_id]))

    def delete_queryset(self, request, queryset):
        run_each(request, queryset, lambda obj: self.remove(request, obj), _("已删除 %(n)s 条记录"))
        request._removals_reported = True

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_removals_reported", False):
            return  # Django's "deleted N" would count the refused rows too; run_each has told it row by row
        super().message_user(request, message, level, *args, **kwargs)


class AddOnlyAdmin(OperationAdmin):
    """Rows are added through an operation and never edited or deleted here: a correction is a new row (a
    reversal, a rejection, a new version), so the history an auditor reads is never rewritten."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SafeXLSX(XLSX):
    """import-export's xlsx with a real formula guard. Its own (IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) drops
    one leading "=" and turns every number into text; "==1+1", "+1" or "@SUM" still ran. Cells starting with
    = + - @ or a tab are stored as text instead, and numbers and dates stay numbers and dates."""

    def export_data(self, dataset, **kwargs):
        return table_xlsx(dataset.title or "export", list(dataset.headers or []), dataset)


class ColumnsByHeaderExportForm(SelectableFieldsExportForm):
    """The export page offers each column by the Chinese header it gets in the sheet, not as "Amount (金额(元))"
    from the resource's Python field name."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field and field.column_name else field_name


class Exportable(ExportMixin):
    """A list that can be exported to xlsx: whoever may view the rows may export them (scoped queryset). The
    resource is given the exporting user, so what a role may read whole (an ID number) is decided per row."""

    export_formats = [SafeXLSX]
    export_form_class = ColumnsByHeaderExportForm
    export_template_name = "admin/coop/export.html"

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class ScopedExportAdmin(Exportable, ScopedAdmin):
    """A scoped admin with an xlsx export of its list."""


class ReadOnlyAdmin(ScopedAdmin):
    """Records an operation writes elsewhere (a page of their own, the worker): listed and read here, never added,
    changed or deleted through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows shown under their parent, readable by whoever may read the parent (whose page is scoped). `related`:
    the foreign keys its rows show, read in the inline's own query rather than one query a row."""

    extra = 0
    can_delete = False
    related: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.related) if self.related else queryset

    def has_view_permission(self, request, obj=None):
        return access.allows(request.user, access.VIEW, self.parent_model)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def action_form_page(model_admin, request, *, template: str, action: str, form, rows, title: str) -> TemplateResponse:
    """The page an admin action shows to ask one more answer for all its rows (templates/admin/action_form.html);
    posting it runs the action `action` again on the same rows, with the form bound."""
    return TemplateResponse(request, template, {
        **model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, "form": form, "rows": rows,
        "title": title, "action_name": action, "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME})
