from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lotsa.pathways.definitions.reading import DefinitionError
from lotsa.pathways.definitions.registry import Registry, load_programme, registry
from lotsa.testing.programmes import installed_programmes

SHIPPED = Path(__file__).resolve().parents[1] / "programmes"


def test_the_four_shipped_models_load() -> None:
    assert set(registry().programmes) == {"ips", "amia", "jom", "knut_pv"}
    ips = registry().get("ips")
    assert ips.start_phase == "referral" and ips.terminal_phase == "closed"
    first_contact = ips.deadlines["first_employer_contact"]
    assert (first_contact.after, first_contact.days, first_contact.expect) == (
        "enrolled",
        30,
        "first_employer_contact",
    )
    # Follow-along support is time-unlimited: no deadline ends the in-work phase.
    assert not any(
        d.kind == "after_milestone" and d.expect == "exit" for d in ips.deadlines.values()
    )
    jom = registry().get("jom")
    assert jom.group is not None and (jom.group.min_size, jom.group.max_size) == (8, 10)
    amia = registry().get("amia")
    assert amia.requires_consent == ("participation",)
    assert amia.deadlines["mapping_completed"].days == 14


def copy_with(tmp_path: Path, replace: str, by: str) -> Path:
    text = (SHIPPED / "ips.toml").read_text(encoding="utf-8")
    assert replace in text
    target = tmp_path / "ips.toml"
    target.write_text(text.replace(replace, by, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            'to = ["engagement"',
            'to = ["engagemnet"',
            "transitions[0].to[0]: unknown phase 'engagemnet'",
        ),
        ('after = "enrolled"', 'after = "enroled"', "after: unknown milestone 'enroled'"),
        ('outcome = "work"', 'outcome = "happiness"', "outcome: unknown outcome class 'happiness'"),
        ('sv = "Remiss"', 'se = "Remiss"', "name.sv: missing text"),
        (
            'closed_by = ["first_job_start"]',
            'closed_by = ["first_job"]',
            "closed_by[0]: unknown milestone 'first_job'",
        ),
        (
            'closed_by = ["first_job_start"]',
            'closed_by = ["phase:working"]',
            "closed_by[0]: unknown phase 'working'",
        ),
        ('owner = "team_leader"', 'owner = "manager"', "owner: unknown deadline owner 'manager'"),
        ('phases = ["referral"]', 'phases = ["refferal"]', "phases[0]: unknown phase 'refferal'"),
    ],
)
def test_a_broken_definition_names_file_and_key(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    with pytest.raises(DefinitionError) as broken:
        load_programme(copy_with(tmp_path, replace, by))
    assert str(broken.value).startswith("ips.toml: ")
    assert message in str(broken.value)


def test_an_exit_reason_without_outcome_class_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match=r"exit_reasons\[0\]\.outcome: missing"):
        load_programme(copy_with(tmp_path, 'outcome = "work"', "# no outcome"))


def test_the_application_does_not_start_with_a_broken_definition(tmp_path: Path) -> None:
    copy_with(tmp_path, 'to = ["engagement"', 'to = ["nowhere"')
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    environment["PROGRAMME_DEFINITIONS_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "lotsa", "check"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ips.toml: transitions[0].to[0]: unknown phase 'nowhere'" in result.stderr


def test_a_private_registry_can_be_built_for_tests(tmp_path: Path) -> None:
    (tmp_path / "ips.toml").write_text(
        (SHIPPED / "ips.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert list(Registry.from_directory(tmp_path).programmes) == ["ips"]


def test_a_test_can_install_programme_models_of_its_own() -> None:
    shipped = registry()
    ips = (SHIPPED / "ips.toml").read_text(encoding="utf-8")
    with installed_programmes(ips=ips) as installed:
        assert registry() is installed and list(installed.programmes) == ["ips"]
    assert registry() is shipped


def test_an_installed_model_is_checked_as_a_shipped_one() -> None:
    ips = (SHIPPED / "ips.toml").read_text(encoding="utf-8")
    broken = ips.replace('to = ["engagement"', 'to = ["nowhere"', 1)
    with (
        pytest.raises(DefinitionError, match=r"^ips\.toml: .*unknown phase 'nowhere'"),
        installed_programmes(ips=broken),
    ):
        pass
