import unicodedata

from django.core.management.base import BaseCommand
from django.db import transaction

from coop import demo


class Command(BaseCommand):
    help = "Load (or complete) the demo county modelled on Liuba; safe to run again. Prints the logins."

    def handle(self, *args, **options):
        with transaction.atomic():
            logins = demo.seed_all()
        self.stdout.write(self.style.SUCCESS("演示数据已就绪 (demo county ready)."))
        self.stdout.write(f"\n演示账号 / demo logins — 密码 password: {demo.DEMO_PASSWORD}")
        self.stdout.write(f"{'username':<22}{pad('角色 role', 20)}范围 scope")
        for login in logins:
            self.stdout.write(f"{login.username:<22}{pad(login.role, 20)}{login.scope}")


def pad(text: str, width: int) -> str:
    """Left-justify by display width: a Chinese character takes two columns in a terminal."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 1)
