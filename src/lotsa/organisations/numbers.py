"""Organisation numbers: Swedish organisationsnummer and Danish CVR, validated with python-stdnum."""

from __future__ import annotations

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.dk import cvr
from stdnum.se import orgnr

from lotsa.core.choices import Country


class OrganisationNumberError(ValueError):
    pass


def normalise_organisation_number(raw: str, country: str) -> str:
    """Return the number in its canonical form (SE ``NNNNNN-NNNN``, DK eight digits)."""
    number = (raw or "").strip()
    if not number:
        raise OrganisationNumberError(_("Enter the organisation number."))
    try:
        if country == Country.SWEDEN:
            return orgnr.format(orgnr.validate(number))
        if country == Country.DENMARK:
            return cvr.validate(number)
    except stdnum_errors.InvalidLength:
        if country == Country.SWEDEN:
            raise OrganisationNumberError(
                _("A Swedish organisation number has 10 digits.")
            ) from None
        raise OrganisationNumberError(_("A Danish CVR number has 8 digits.")) from None
    except stdnum_errors.InvalidChecksum:
        raise OrganisationNumberError(
            _("The check digit does not match: check the number for typing errors.")
        ) from None
    except stdnum_errors.ValidationError:
        raise OrganisationNumberError(
            _("The number may contain only digits and a hyphen.")
        ) from None
    raise OrganisationNumberError(_("Choose Sweden or Denmark."))
