"""What the members operations share: the cooperative lock every one of them takes first."""

from coop.models import Cooperative


def lock_cooperative(cooperative) -> Cooperative:
    return Cooperative.objects.select_for_update(of=("self",)).select_related("village__township").get(
        pk=cooperative.pk)
