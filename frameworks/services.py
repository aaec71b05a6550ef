"""Writes to indicator frameworks (docs/domain.md §6): copying one into a province's year,
changing it, approving it; each one transaction with its audit row. The editor's finer writes
(components, indicators, levels, the Excel import) are in frameworks/editor.py."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from core.errors import DomainError
from frameworks.models import Component, Framework, Indicator, Level
from frameworks.permissions import can_edit_defaults
from programme.models import ProgrammeYear


def is_frozen(framework: Framework) -> bool:
    """Once any assessment of the year has started against it, a framework no longer changes."""
    return framework.assessments.exists()


def _require_editable(actor: User, framework: Framework) -> None:
    if framework.is_default:
        if not can_edit_defaults(actor):
            raise DomainError(_("เฉพาะผู้ดูแลระบบของกรมเท่านั้นที่แก้ไขเกณฑ์มาตรฐานของกรมได้"))
        return
    if not actor.manages_province(framework.owner_province_id):
        raise DomainError(_("เฉพาะเจ้าหน้าที่ของจังหวัดนี้เท่านั้นที่แก้ไขเกณฑ์ของจังหวัดได้"))
    if is_frozen(framework):
        raise DomainError(_("เกณฑ์นี้เริ่มใช้ประเมินแล้วในปีนี้ จึงแก้ไขไม่ได้ (ปีต่อไปคัดลอกไปปรับปรุงได้)"))


def _copy_structure(source: Framework, target: Framework) -> None:
    for component in source.components.prefetch_related("indicators__levels"):
        new_component = Component.objects.create(
            framework=target,
            order=component.order,
            name=component.name,
            description=component.description,
            weight=component.weight,
        )
        for indicator in component.indicators.all():
            new_indicator = Indicator.objects.create(
                component=new_component,
                order=indicator.order,
                code=indicator.code,
                text=indicator.text,
                evidence=indicator.evidence,
                weight=indicator.weight,
            )
            Level.objects.bulk_create(
                Level(indicator=new_indicator, score=level.score, descriptor=level.descriptor)
                for level in indicator.levels.all()
            )


@transaction.atomic
def framework_copy(*, actor: User, source: Framework, programme_year: ProgrammeYear) -> Framework:
    """A province copies the default (or an earlier year's) framework into its year."""
    if not actor.manages_province(programme_year.province_id):
        raise DomainError(_("เฉพาะเจ้าหน้าที่ของจังหวัดนี้เท่านั้นที่กำหนดเกณฑ์ของจังหวัดได้"))
    if not source.is_default and source.owner_province_id != programme_year.province_id:
        raise DomainError(_("คัดลอกได้จากเกณฑ์มาตรฐานของกรมหรือเกณฑ์ของจังหวัดเองเท่านั้น"))
    if Framework.objects.filter(programme_year=programme_year, unit_type=source.unit_type).exists():
        raise DomainError(_("ปีนี้มีเกณฑ์ของประเภทนี้อยู่แล้ว"))
    framework = Framework.objects.create(
        programme_year=programme_year,
        unit_type=source.unit_type,
        name=source.name,
        pass_total_percent=source.pass_total_percent,
        pass_component_percent=source.pass_component_percent,
        copied_from=source,
    )
    _copy_structure(source, framework)
    log_action(
        actor=actor,
        action="framework.copy",
        obj=framework,
        changes={"copied_from": source.pk, "fiscal_year": programme_year.fiscal_year},
    )
    return framework


# The editor (frameworks/editor.py) holds the one implementation of these two writes; the names
# stay for the tests that still call them here (tests/test_development.py).


@transaction.atomic
def framework_approve(*, actor: User, framework: Framework, reference: str) -> Framework:
    """The provincial certification committee approves the year's framework (seed 004, order 12)."""
    framework = Framework.objects.select_for_update().get(pk=framework.pk)
    if framework.is_default:
        raise DomainError(_("เกณฑ์มาตรฐานของกรมไม่ต้องอนุมัติ ให้คัดลอกไปใช้ในปีของจังหวัด"))
    _require_editable(actor, framework)
    if not reference.strip():
        raise DomainError(_("กรุณาระบุมติคณะกรรมการที่อนุมัติเกณฑ์"), field="reference")
    if not Indicator.objects.filter(component__framework=framework).exists():
        raise DomainError(_("เกณฑ์ยังไม่มีตัวบ่งชี้"))
    framework.approved_at = timezone.now()
    framework.approved_by = actor
    framework.approval_reference = reference.strip()
    framework.save()
    log_action(
        actor=actor,
        action="framework.approve",
        obj=framework,
        changes={"approval_reference": framework.approval_reference},
    )
    return framework
