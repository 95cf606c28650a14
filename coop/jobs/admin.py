"""The job page (progress, download, retry) and the list of one's own report jobs."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from coop.admin_base import ReadOnlyAdmin
from coop.errors import DOMAIN_ERRORS, explain_text
from coop.jobs import operations
from coop.jobs.models import ReportJob

# django-tasks-db registers its task table with a plain ModelAdmin; that table is not scoped (coop.checks), and
# what a user needs to see of it is their job's state, here. Operators read it with `manage.py jobs`.
if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnlyAdmin):
    list_display = ["title", "state", "progress_text", "created_at", "finished_at", "requested_by"]
    list_display_links = ["title"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]
    fields = ["title", "requested_by", "created_at", "started_at", "heartbeat_at", "finished_at"]
    readonly_fields = fields
    change_form_template = "admin/jobs/reportjob/change_form.html"

    @admin.display(description=_("状态"), ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.display(description=_("进度"))
    def progress_text(self, obj):
        if obj.total:
            return f"{obj.done} / {obj.total} {obj.unit}"
        return "—"

    def get_urls(self):
        own = [
            path("<int:pk>/download/", self.admin_site.admin_view(self.download_view), name="jobs_reportjob_download"),
            path("<int:pk>/retry/", self.admin_site.admin_view(self.retry_view), name="jobs_reportjob_retry"),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        extra = dict(extra_context or {})
        if job is not None:
            extra.update({"job": job, "refresh_seconds": 3 if job.is_pending else 0,
                          "is_requester": job.requested_by_id == request.user.pk})
        return super().change_view(request, object_id, form_url, extra)

    def download_view(self, request, pk):
        """Only the requester, and only while the job is in their scope; always an attachment, never sniffed."""
        job = get_object_or_404(self.get_queryset(request), pk=pk, requested_by=request.user)
        if job.status != ReportJob.Status.DONE or not job.file:
            raise Http404
        response = FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                                content_type=job.content_type or "application/octet-stream")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    def retry_view(self, request, pk):
        if request.method != "POST":
            raise PermissionDenied
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            operations.retry_job(job=job, by=request.user)
        except DOMAIN_ERRORS as exc:
            messages.error(request, explain_text(exc))
        else:
            messages.success(request, _("已重新提交,请稍候"))
        return HttpResponseRedirect(reverse("admin:jobs_reportjob_change", args=[pk]))

