from __future__ import annotations

from django import forms


class SignForm(forms.Form):
    """The hash of the version the page showed, sent back with the signature."""

    content_hash = forms.CharField(max_length=64, min_length=64, widget=forms.HiddenInput)
