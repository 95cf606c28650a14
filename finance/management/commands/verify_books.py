"""verify_books: recompute the tamper-evidence chain (finance.chain) of a village's, a township's or the county's
ledgers and name, per ledger, the first voucher whose stored data no longer matches what was posted."""

from django.core.management.base import BaseCommand, CommandError

from finance import chain
from finance.models import Ledger


class Command(BaseCommand):
    help = "Verify the books: recompute each ledger's hash chain and name the first voucher that was changed."

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--village", help="the village's 12-digit code")
        where.add_argument("--township", help="the township's code")
        where.add_argument("--county", nargs="?", const="", help="every ledger (of the county with this code)")

    def handle(self, *args, village=None, township=None, county=None, **options):
        ledgers = Ledger.objects.all()
        if village:
            ledgers = ledgers.filter(village__code=village)
        elif township:
            ledgers = ledgers.filter(village__township__code=township)
        elif county:
            ledgers = ledgers.filter(village__township__county__code=county)
        if not ledgers.exists():
            raise CommandError("没有找到要核验的账套")
        results = chain.verify(ledgers)
        for result in results:
            if result.ok:
                self.stdout.write(f"{result.village}:通过,{result.vouchers} 张凭证,链首 {result.head[:16]}")
            else:
                self.stderr.write(f"核验未通过 {result.broken}")
        broken = [r for r in results if not r.ok]
        if broken:
            raise CommandError(f"{len(broken)} 个账套核验未通过(共 {len(results)} 个)")
        self.stdout.write(self.style.SUCCESS(f"{len(results)} 个账套全部核验通过"))
