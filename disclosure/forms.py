"""The villagers' question form on the public page: the browser's own limits first; the operation
(disclosure.operations.ask) judges the text again, since a hostile client ignores maxlength."""

from django import forms
from django.utils.translation import gettext_lazy as _

from disclosure.operations import NAME_MAX, QUESTION_MAX


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("疑问或意见"), max_length=QUESTION_MAX,
                           widget=forms.Textarea(attrs={"rows": 4, "maxlength": QUESTION_MAX}))
    name = forms.CharField(label=_("姓名(可不填)"), max_length=NAME_MAX, required=False)
    phone = forms.CharField(label=_("联系电话(可不填,不会公开)"), max_length=20, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
