"""Every `manage.py` start (migrate, seed_demo, runserver and its reloaded child, db_worker) loads the apps; what
they import at start is paid by `make run` before the login page answers (issue 10)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_starting_the_apps_imports_neither_weasyprint_nor_cn2an_until_they_are_used():
    code = ("import os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'coop.settings'); import django; "
            "django.setup(); from django.contrib import admin; admin.autodiscover(); "
            "import django.urls; django.urls.get_resolver().url_patterns; "
            "loaded = lambda: ['weasyprint' in sys.modules, 'cn2an' in sys.modules]; print(*loaded()); "
            "from coop import money, reports; reports.html_to_pdf('<p>x</p>'); money.daxie('1.00'); print(*loaded())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "True", "True"]
