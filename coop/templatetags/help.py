"""{% load help %}{% help_url user %}: where the header's 帮助 link goes — the user's role guide, or the index."""

from django import template
from django.urls import reverse

from coop import guides

register = template.Library()


@register.simple_tag
def help_url(user) -> str:
    own = guides.guide_for(user)
    return reverse("help:guide", args=[own.slug]) if own else reverse("help:index")
