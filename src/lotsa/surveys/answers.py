"""What an answer to an item is, checked against its instrument: the one place that knows how a
scale value, chosen choices and text are stored, used by the forms and by every service."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lotsa.errors import DomainError
from lotsa.surveys.instruments import CHOICES, FREE_TEXT, Instrument, Item

LONGEST_TEXT_ANSWER = 2000
# A screening item's "no" (the second value of a yes/no scale): the respondent knows too little.
SCREENED_OUT_VALUE = 2


@dataclass(frozen=True)
class ItemAnswer:
    value: int | None = None
    choices: tuple[str, ...] = ()
    text: str = ""
    # "Other, what?" of a choice item.
    other: str = ""

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.choices and not self.text and not self.other


@dataclass(frozen=True)
class CheckedAnswers:
    answers: dict[str, ItemAnswer] = field(default_factory=dict)
    screened_out: bool = False


def field_name(item: Item) -> str:
    return f"item_{item.code}"


def check_answers(instrument: Instrument, answers: dict[str, ItemAnswer]) -> CheckedAnswers:
    """The answers that belong to the instrument, or a field-level error for each that does not.

    After a screening "no" nothing else is kept: the respondent said they could not answer."""
    errors: dict[str, str] = {}
    unknown = set(answers) - {item.code for item in instrument.items}
    for code in sorted(unknown):
        errors[f"item_{code}"] = _("This question is not in the survey.")
    screening = instrument.screening_item
    screened_out = bool(
        screening and answers.get(screening.code, ItemAnswer()).value == SCREENED_OUT_VALUE
    )
    kept: dict[str, ItemAnswer] = {}
    for item in instrument.items:
        answer = answers.get(item.code, ItemAnswer())
        if screened_out and not item.screening:
            continue
        problem = _problem(item, answer)
        if problem:
            errors[field_name(item)] = problem
        elif not answer.is_empty:
            kept[item.code] = answer
    if errors:
        raise DomainError(errors)
    return CheckedAnswers(kept, screened_out)


def _problem(item: Item, answer: ItemAnswer) -> str:
    if answer.is_empty:
        return _("Answer this question.") if item.required else ""
    if item.scale is not None:
        if answer.value not in item.scale.values or answer.choices or answer.text:
            return _("Choose one of the answers.")
        return ""
    if item.kind == CHOICES:
        known = {choice.code for choice in item.choices}
        if not set(answer.choices) <= known or (len(answer.choices) > 1 and not item.multiple):
            return _("Choose among the answers shown.")
        if answer.other and not item.other:
            return _("This question has no other answer.")
        if len(answer.other) > LONGEST_TEXT_ANSWER:
            return _("At most %(count)d characters.") % {"count": LONGEST_TEXT_ANSWER}
        return ""
    if item.kind == FREE_TEXT and len(answer.text) > LONGEST_TEXT_ANSWER:
        return _("At most %(count)d characters.") % {"count": LONGEST_TEXT_ANSWER}
    return ""
