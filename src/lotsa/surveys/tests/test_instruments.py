from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.utils import translation

from lotsa.pathways.definitions.reading import DefinitionError
from lotsa.pathways.definitions.registry import registry
from lotsa.pathways.definitions.vocabulary import AGENCY_KINDS
from lotsa.surveys.answers import field_name
from lotsa.surveys.forms import SurveyForm
from lotsa.surveys.instruments import (
    AUDIENCES,
    CHOICES,
    FREE_TEXT,
    INSTRUMENTS_DIR,
    LONGEST_GROUP_CODE,
    SCALES_FILE,
    STAFF_AUDIENCES,
    current_instrument,
    current_instruments,
    instrument,
    instruments,
    load_instruments,
    load_scales,
)
from lotsa.surveys.models import Response
from lotsa.testing.surveys import installed_instruments, write_instrument

CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# The most words a sentence of easy-read wording may have.
SHORT_SENTENCE = 13
EXIT_ITEMS_A_TO_H = (
    "activities_offered",
    "contacts_easier",
    "agencies_collaborate",
    "healthcare_collaborate",
    "meaningful",
    "closer_to_work",
    "onward_at_af",
    "attitude",
)

# A small instrument for the checks of the format; each broken case replaces one piece of it.
TRIAL = """
code = "trial"
version = 1
audience = "participant"
programmes = ["amia"]
waves = ["t1", "t3"]
name = { sv = "Prov", da = "Prøve", en = "Trial" }
intro = { sv = "Inledning", da = "Indledning", en = "Introduction" }
easy_intro = { sv = "Lätt inledning", da = "Let indledning", en = "Easy introduction" }

[[items]]
code = "feels_better"
kind = "scale3"
text = { sv = "Mår du bättre?", da = "Har du det bedre?", en = "Do you feel better?" }
easy = { sv = "Mår du bra?", da = "Har du det godt?", en = "Are you well?" }

[[items]]
code = "activity"
kind = "choices"
text = { sv = "Vad har du gjort?", da = "Hvad har du lavet?", en = "What have you done?" }
easy = { sv = "Vad gjorde du?", da = "Hvad lavede du?", en = "What did you do?" }
choices = [
  { code = "walk", text = { sv = "Promenad", da = "Gåtur", en = "A walk" }, easy = { sv = "Gå", da = "Gå", en = "Walk" } },
]

[[items]]
code = "comments"
kind = "text"
text = { sv = "Något mer?", da = "Andet?", en = "Anything else?" }
easy = { sv = "Något mer?", da = "Andet?", en = "More?" }

[[indicators]]
code = "better_at_end"
item = "feels_better"
wave = "t3"
target = 0.8
name = { sv = "Mår bättre", da = "Har det bedre", en = "Feel better" }
"""

STEERING = """
code = "panel"
version = 1
audience = "steering"
name = { sv = "Panel", da = "Panel", en = "Panel" }
intro = { sv = "Inledning", da = "Indledning", en = "Introduction" }
easy_intro = { sv = "Lätt inledning", da = "Let indledning", en = "Easy introduction" }
respondent_groups = [
  { code = "fk", kinds = ["forsakringskassan"], name = { sv = "FK", da = "FK", en = "FK" } },
  { code = "rest", kinds = ["municipality", "region", "arbetsformedlingen", "jobcentre", "coordination_association", "provider", "other"], name = { sv = "Övriga", da = "Øvrige", en = "Others" } },
]

[[items]]
code = "knows_enough"
kind = "yes_no"
screening = true
text = { sv = "Vet du nog?", da = "Ved du nok?", en = "Do you know enough?" }
easy = { sv = "Vet du nog?", da = "Ved du nok?", en = "Know enough?" }

[[items]]
code = "improved"
kind = "scale10"
text = { sv = "Hur mycket?", da = "Hvor meget?", en = "How much?" }
easy = { sv = "Hur mycket?", da = "Hvor meget?", en = "How much?" }
"""

FIRST_ITEM_EASY = 'easy = { sv = "Mår du bra?", da = "Har du det godt?", en = "Are you well?" }\n'


def write_copy(directory: Path, text: str, replace: str, by: str, name: str) -> None:
    assert replace in text, replace
    write_instrument(directory, name, text.replace(replace, by, 1))


def test_the_shipped_instruments_load() -> None:
    shipped = instruments()
    assert {code for code, _version in shipped} == {
        "amia_participant",
        "amia_exit",
        "amia_closing",
        "amia_caseworker",
        "amia_steering",
        "knut_user",
        "jom_evaluation",
    }
    # Every file in the directory is an instrument that loaded.
    assert len(shipped) == len(list(INSTRUMENTS_DIR.glob("*-v*.toml")))

    participant = current_instrument("amia_participant")
    assert participant.waves == ("t1", "t2", "t3", "d90")
    (indicator,) = participant.indicators
    assert (indicator.item, indicator.wave, str(indicator.target)) == (
        "work_capacity_chances",
        "d90",
        "0.8",
    )
    assert participant.item("work_capacity_chances").kind == "yes_no_position"

    exit_survey = current_instrument("amia_exit")
    assert exit_survey.waves == ("exit",) and exit_survey.programmes == ("amia",)
    assert tuple(item.code for item in exit_survey.items[:8]) == EXIT_ITEMS_A_TO_H
    offered = exit_survey.item("activities_offered")
    assert offered.multiple and offered.other
    assert [choice.code for choice in offered.choices] == [
        "health",
        "work_trial",
        "guidance",
        "job_search",
    ]
    assert {item.kind for item in exit_survey.items[1:7]} == {"scale3"}
    attitude = exit_survey.item("attitude")
    assert not attitude.multiple
    assert [choice.code for choice in attitude.choices] == ["positive", "neutral", "negative"]

    closing = current_instrument("amia_closing")
    assert [(item.code, item.kind) for item in closing.items] == [
        ("work_capacity_chances", "yes_no_position"),
        ("comments", FREE_TEXT),
    ]

    caseworker = current_instrument("amia_caseworker")
    assert caseworker.audience == "staff" and not caseworker.waves
    assert [item.kind for item in caseworker.items] == ["scale5"] * 7 + [FREE_TEXT] * 2

    steering = current_instrument("amia_steering")
    assert steering.audience == "steering"
    assert steering.screening_item is steering.items[0]
    assert steering.items[0].kind == "yes_no" and steering.items[0].required
    assert [item.kind for item in steering.items[1:]] == ["scale10"] * 4 + [FREE_TEXT] * 3

    user = current_instrument("knut_user")
    assert (user.audience, user.programmes, user.waves) == ("user", ("knut_pv",), ())
    work_gives = user.item("work_gives")
    assert work_gives.multiple and work_gives.other
    assert {"routine", "community", "self_esteem"} <= {choice.code for choice in work_gives.choices}

    jom = current_instrument("jom_evaluation")
    assert (jom.audience, jom.programmes, jom.waves) == ("participant", ("jom",), ("course_end",))


def test_every_instrument_names_installed_programmes_and_known_audiences() -> None:
    for found in instruments().values():
        assert found.audience in AUDIENCES
        assert found.programmes, found.code
        assert set(found.programmes) <= set(registry().programmes), found.code
        # Participant surveys are answered in waves; the others in rounds.
        assert bool(found.waves) == (found.audience == "participant"), found.code


def test_every_item_and_choice_has_three_languages_and_easy_read() -> None:
    for found in instruments().values():
        texts = [found.name, found.intro, found.easy_intro]
        for item in found.items:
            assert CODE.match(item.code), item.code
            texts += [item.text, item.easy]
            for choice in item.choices:
                assert CODE.match(choice.code), choice.code
                texts += [choice.text, choice.easy]
        texts += [group.name for group in found.respondent_groups]
        texts += [indicator.name for indicator in found.indicators]
        for text in texts:
            assert all(getattr(text, language).strip() for language in ("sv", "da", "en"))


def test_free_text_is_never_required_and_scales_are_the_shared_ones() -> None:
    scales = load_scales()
    for found in instruments().values():
        for item in found.items:
            if item.kind == FREE_TEXT:
                assert not item.required, (found.code, item.code)
            elif item.kind != CHOICES:
                assert item.scale == scales[item.kind]


def test_easy_read_is_a_plain_version_not_a_copy() -> None:
    """Easy-read wording has short sentences (one idea each) and is not the standard wording
    again, unless that is already short."""
    for found in instruments().values():
        pairs = [(found.intro, found.easy_intro)]
        pairs += [(item.text, item.easy) for item in found.items]
        pairs += [(choice.text, choice.easy) for item in found.items for choice in item.choices]
        for standard, easy_read in pairs:
            for language in ("sv", "da", "en"):
                easy, text = getattr(easy_read, language), getattr(standard, language)
                assert easy != text or len(text.split()) <= SHORT_SENTENCE, easy
                for sentence in re.split(r"(?<=[.?!])\s+", easy):
                    assert len(sentence.split()) <= SHORT_SENTENCE, sentence


def test_every_shipped_instrument_builds_a_form_in_easy_read() -> None:
    for found in current_instruments():
        with translation.override("da"):
            form = SurveyForm(found, easy_read=True)
            labels = [str(form.fields[field_name(item)].label) for item in found.items]
            choices = [
                [str(label) for _code, label in form.fields[field_name(item)].choices]
                for item in found.items
                if item.kind == CHOICES
            ]
        assert labels == [item.easy.da for item in found.items]
        assert choices == [
            [choice.easy.da for choice in item.choices]
            for item in found.items
            if item.kind == CHOICES
        ]


def test_staff_surveys_break_down_by_the_respondents_organisation() -> None:
    caseworker = current_instrument("amia_caseworker")
    steering = current_instrument("amia_steering")
    for found in (caseworker, steering):
        assert [group.code for group in found.respondent_groups] == [
            "forsakringskassan",
            "arbetsformedlingen",
            "other",
        ]
        # Every kind of employer falls in exactly one group.
        for kind in AGENCY_KINDS:
            assert sum(kind in group.kinds for group in found.respondent_groups) == 1
    group = caseworker.respondent_group_for("arbetsformedlingen")
    assert group is not None and group.code == "arbetsformedlingen"
    region = steering.respondent_group_for("region")
    assert region is not None and region.code == "other"
    assert current_instrument("amia_participant").respondent_group_for("region") is None
    # The stored code fits the response's field.
    assert Response._meta.get_field("respondent_group").max_length == LONGEST_GROUP_CODE
    for found in instruments().values():
        if found.respondent_groups:
            assert found.audience in STAFF_AUDIENCES


def test_a_scale_has_one_easy_label_per_label() -> None:
    for kind, scale in load_scales().items():
        assert len(scale.labels) == len(scale.easy), kind
        assert scale.positive <= set(scale.values), kind
    scale10 = load_scales()["scale10"]
    assert [group.values for group in scale10.groups] == [(1, 2, 3, 4), (5, 6, 7), (8, 9, 10)]


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (FIRST_ITEM_EASY, "", "items[0].easy: missing"),
        (
            FIRST_ITEM_EASY,
            'easy = { sv = "Mår du bra?", da = "Har du det godt?", en = " " }\n',
            "items[0].easy.en: missing text",
        ),
        ('kind = "scale3"', 'kind = "scale7"', "items[0].kind: unknown kind 'scale7'"),
        (
            'kind = "scale3"',
            'kind = "scale3"\nchoices = [{ code = "x", text = { sv = "x", da = "x", en = "x" }, '
            'easy = { sv = "x", da = "x", en = "x" } }]',
            "items[0].choices: choices belong to, and are needed by, kind 'choices'",
        ),
        (
            'code = "comments"\nkind = "text"',
            'code = "comments"\nkind = "yes_no"\nscreening = true',
            "items: the screening item must come first",
        ),
        (
            'code = "feels_better"\nkind = "scale3"',
            'code = "feels_better"\nkind = "text"',
            "indicators[0].item: an indicator needs an item with an answer scale",
        ),
        (
            'wave = "t3"',
            'wave = "t3"\npositive = [4]',
            "indicators[0].positive: values outside the item's scale",
        ),
        ('wave = "t3"', 'wave = "d90"', "indicators[0].wave: unknown wave 'd90'"),
        (
            'audience = "participant"',
            'audience = "staff"',
            "waves: only participant surveys are answered in waves",
        ),
        (
            'waves = ["t1", "t3"]',
            'waves = ["t1", "t3"]\nrespondent_groups = [{ code = "fk", kinds = ["forsakringskassan"], '
            'name = { sv = "FK", da = "FK", en = "FK" } }]',
            "respondent_groups: only staff and steering surveys have groups",
        ),
    ],
)
def test_a_broken_instrument_names_file_and_key(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    write_copy(tmp_path, TRIAL, replace, by, "trial-v1.toml")
    with pytest.raises(DefinitionError) as broken:
        load_instruments(tmp_path)
    assert str(broken.value).startswith("trial-v1.toml: ")
    assert message in str(broken.value)


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            '"jobcentre", ',
            "",
            "respondent_groups: the groups must cover every kind of organisation once",
        ),
        (
            '"jobcentre", ',
            '"jobcentre", "forsakringskassan", ',
            "respondent_groups: the groups must cover every kind of organisation once",
        ),
        (
            '"jobcentre", ',
            '"jobcenter", ',
            "respondent_groups[1].kinds[3]: unknown kind of organisation 'jobcenter'",
        ),
        (
            'code = "fk"',
            f'code = "{"f" * (LONGEST_GROUP_CODE + 1)}"',
            f"respondent_groups[0].code: at most {LONGEST_GROUP_CODE} characters",
        ),
        (
            'kind = "yes_no"',
            'kind = "yes_no_position"',
            "items[0].screening: a screening item is a yes/no question",
        ),
    ],
)
def test_a_broken_staff_survey_names_file_and_key(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    write_copy(tmp_path, STEERING, replace, by, "panel-v1.toml")
    with pytest.raises(DefinitionError) as broken:
        load_instruments(tmp_path)
    assert str(broken.value).startswith("panel-v1.toml: ")
    assert message in str(broken.value)


def test_the_file_name_must_match_code_and_version(tmp_path: Path) -> None:
    write_instrument(tmp_path, "trial-v2.toml", TRIAL)
    with pytest.raises(DefinitionError) as broken:
        load_instruments(tmp_path)
    assert str(broken.value) == "trial-v2.toml: code: the file must be named trial-v1.toml"


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("positive = [3]", "positive = [4]", "scale3.positive: values must lie in 1–3"),
        (
            "values = [5, 6, 7]",
            "values = [5, 6]",
            "scale10.groups: the groups must cover every value once",
        ),
        (
            '  { sv = "Mittemellan", da = "Midt imellem", en = "In between" },\n',
            "",
            "scale3.easy: needs one easy-read label per label",
        ),
    ],
)
def test_a_broken_scale_names_file_and_key(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    text = SCALES_FILE.read_text(encoding="utf-8")
    assert replace in text
    (tmp_path / SCALES_FILE.name).write_text(text.replace(replace, by, 1), encoding="utf-8")
    with pytest.raises(DefinitionError) as broken:
        load_instruments(tmp_path)
    assert str(broken.value) == f"scales.toml: {message}"


def test_a_changed_instrument_is_a_new_version_installed_beside_the_old(tmp_path: Path) -> None:
    write_instrument(tmp_path, "trial-v1.toml", TRIAL)
    changed = TRIAL.replace("version = 1", "version = 2").replace(
        'code = "feels_better"', 'code = "feels_much_better"'
    )
    write_instrument(
        tmp_path,
        "trial-v2.toml",
        changed.replace('item = "feels_better"', 'item = "feels_much_better"'),
    )
    with installed_instruments(tmp_path):
        assert set(instruments()) == {("trial", 1), ("trial", 2)}
        assert current_instrument("trial").version == 2
        assert [found.key for found in current_instruments()] == [("trial", 2)]
        # A response answered with version 1 still finds its own wording.
        assert instrument("trial", 1).items[0].code == "feels_better"
        assert instrument("trial", 2).items[0].code == "feels_much_better"
        with pytest.raises(DefinitionError):
            current_instrument("amia_participant")
    # The shipped instruments are back after the block.
    assert ("amia_participant", 1) in instruments()
    assert ("trial", 1) not in instruments()


def test_an_installation_stops_at_a_broken_file(tmp_path: Path) -> None:
    shutil.copy(INSTRUMENTS_DIR / "amia_closing-v1.toml", tmp_path)
    write_copy(tmp_path, TRIAL, FIRST_ITEM_EASY, "", "trial-v1.toml")
    broken = pytest.raises(DefinitionError, match=r"^trial-v1\.toml: items\[0\]\.easy: missing$")
    with broken, installed_instruments(tmp_path):
        pass
    assert ("amia_closing", 1) in instruments()
