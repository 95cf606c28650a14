# Share movements take their approval fields from coop.approvals.Approvable: approved_at becomes decided_at
# (renamed, values kept), the rejection reason gets its own field (copied from the note of rejected rows, which
# keeps its text), and the database requires a reason for every rejection.

from django.conf import settings
from django.db import migrations, models


def copy_rejection_reasons(apps, schema_editor):
    ShareTransaction = apps.get_model("members", "ShareTransaction")
    rejected = ShareTransaction.objects.filter(status="rejected")
    rejected.exclude(note="").update(reject_reason=models.F("note"))
    rejected.filter(note="").update(reject_reason="未记录原因")


class Migration(migrations.Migration):

    dependencies = [
        ('coop', '0002_charter_max_shares_charter_min_shares_and_more'),
        ('finance', '0004_account_managed_by_historicalaccount_managed_by'),
        ('members', '0004_cadre_term_end_reason'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='sharetransaction', old_name='approved_at', new_name='decided_at'),
        migrations.RenameField(model_name='historicalsharetransaction', old_name='approved_at',
                               new_name='decided_at'),
        migrations.AddField(
            model_name='historicalsharetransaction',
            name='reject_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='驳回原因'),
        ),
        migrations.AddField(
            model_name='sharetransaction',
            name='reject_reason',
            field=models.CharField(blank=True, max_length=200, verbose_name='驳回原因'),
        ),
        migrations.AlterField(
            model_name='historicalsharetransaction',
            name='note',
            field=models.CharField(blank=True, max_length=200, verbose_name='备注'),
        ),
        migrations.AlterField(
            model_name='sharetransaction',
            name='note',
            field=models.CharField(blank=True, max_length=200, verbose_name='备注'),
        ),
        migrations.RunPython(copy_rejection_reasons, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='sharetransaction',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'rejected'), _negated=True), models.Q(('reject_reason', ''), _negated=True), _connector='OR'), name='share_tx_rejection_has_reason', violation_error_message='驳回必须填写原因'),
        ),
        migrations.AlterConstraint(
            model_name='sharetransaction',
            name='share_tx_four_eyes',
            constraint=models.CheckConstraint(condition=models.Q(('approved_by__isnull', True), models.Q(('approved_by', models.F('recorded_by')), _negated=True), _connector='OR'), name='share_tx_four_eyes', violation_error_message='R2 四眼原则:经办人不能审批自己经办的业务'),
        ),
    ]
