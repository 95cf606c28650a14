"""Every `manage.py` start (migrate, seed_demo, runserver and its reloaded child, db_worker) loads the apps; what
they import at start is paid by `make run` before the login page answers (issue 10)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_starting_the_apps_does_not_import_weasyprint_until_a_pdf_is_made():
    code = ("import os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'coop.settings'); import django; "
            "django.setup(); from django.contrib import admin; admin.autodiscover(); "
            "import django.urls; django.urls.get_resolver().url_patterns; "
            "print('weasyprint' in sys.modules, end=' '); from coop import reports; "
            "reports.html_to_pdf('<p>x</p>'); print('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
