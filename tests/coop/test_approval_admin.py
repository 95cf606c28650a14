"""The admin's door to coop.approvals."""

import pytest


def test_an_approval_admin_without_its_operations_is_refused_when_the_class_is_made():
    from coop.admin_approvals import ApprovalAdmin

    with pytest.raises(TypeError, match="reject_one"):
        type("HalfDone", (ApprovalAdmin,), {"approve_one": lambda self, request, obj: obj})
