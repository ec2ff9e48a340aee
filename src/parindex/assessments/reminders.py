"""Reminders to the units that have not submitted their self-assessment: one e-mail to each
of their officers, by the instance's mail backend (the log by default, SMTP once set)."""

from django.core.mail import send_mass_mail
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parindex.assessments import actions, build
from parindex.assessments.models import AssessmentState, Cycle
from parindex.audit.writes import Actor, acting_person, require
from parindex.core.assessment import StageKind
from parindex.org.models import Role, User


def remind(actor: Actor, cycle: Cycle) -> int:
    """Send the reminders; the number of e-mails sent."""
    person = acting_person(actor)
    require(actions.coordinates(person, cycle))
    closes = build.stages(cycle)[StageKind.SELF_ASSESSMENT].closes
    mails = []
    for assessment in cycle.assessments.filter(state=AssessmentState.DRAFT).select_related("unit"):
        unit = assessment.unit
        above = [unit.path[:end] for end in range(len(unit.path), 0, -1)]
        officers = User.objects.filter(
            Q(role_assignments__role=Role.UNIT_OFFICER, role_assignments__unit__path__in=above),
            is_active=True,
        ).exclude(email="")
        subject = _("Reminder: the self-assessment of %(unit)s for %(year)s") % {
            "unit": unit,
            "year": cycle.year,
        }
        body = _(
            "%(cycle)s: the self-assessment of %(unit)s has not been submitted yet. "
            "Self-assessment closes on %(day)s."
        ) % {"cycle": cycle, "unit": unit, "day": date_format(closes, "SHORT_DATE_FORMAT")}
        mails += [(subject, body, None, [officer.email]) for officer in officers.distinct()]
    return send_mass_mail(mails, fail_silently=False)
