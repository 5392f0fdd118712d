"""What to focus on at each stage of the motivation wheel (the KNUT booklet's stage table)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lotsa.worktraining.models import Stage

STAGE_GUIDANCE: dict[str, Promise] = {
    Stage.PRECONTEMPLATION: _(
        "Show curiosity about the behaviour and ask about its positive and less positive "
        "consequences. Do not give advice or argue. Make no action plan yet."
    ),
    Stage.CONTEMPLATION: _(
        "Explore the behaviour's positive and less positive consequences and what a change "
        "might gain or lose. The ambivalence cross can help."
    ),
    Stage.PREPARATION: _(
        "Put together a concrete and realistic plan. Go through earlier attempts and how "
        "problems can be prevented."
    ),
    Stage.ACTION: _(
        "Be an empathic devil's advocate: a sounding board for how the change feels, and "
        "point out what has been gained."
    ),
    Stage.MAINTENANCE: _(
        "Go through the parts of life the change touches and build strategies to keep it. "
        "Name the difficult situations and what to do instead in them."
    ),
    Stage.RELAPSE: _(
        "Analyse what set off the old behaviour and plan the next attempt with what was "
        "learned. Make a new plan: we never give up."
    ),
}
