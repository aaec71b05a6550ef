"""Editing an indicator framework's structure (docs/domain.md §6): the province adapts its year's copy, the
department its defaults.

Every write locks the framework row, checks `services._require_editable` (own province, not yet
used in an assessment; defaults only by the department), un-approves the framework (a changed
framework goes back to its committee) and writes one audit row, all in one transaction.

Indicator codes: when every code of a framework follows its position ("องค์ประกอบ.ลำดับ", e.g.
1.1, 1.2, 2.1 — as the department's defaults do), adding, deleting or moving renumbers them so
they stay in step with the order. A framework whose officers typed codes of their own keeps them
as typed; codes are unique within a framework either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext

from accounts.models import User
from audit.services import diff, log_action
from core.errors import DomainError
from core.ordering import UP, require_direction, swap_with_neighbour
from core.text import clean_text
from core.thai import arabic_digits
from frameworks.models import Component, Framework, Indicator, Level
from frameworks.services import _require_editable

MAX_NAME = 255
MAX_TEXT = 2000
MAX_CODE = 16
MAX_LEVELS = 10
MAX_SCORE = 100
MAX_WEIGHT = Decimal("9999.99")
CENT = Decimal("0.01")

# The framework's own values besides its structure: what the settings form and the import set.
SETTINGS = ("name", "pass_total_percent", "pass_component_percent")


# --- plain data: what the editor, the Excel file and the tests compare -----------------------


@dataclass(frozen=True)
class IndicatorData:
    code: str
    text: str
    evidence: str
    weight: Decimal
    levels: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class ComponentData:
    name: str
    description: str
    weight: Decimal
    indicators: tuple[IndicatorData, ...]


@dataclass(frozen=True)
class FrameworkData:
    name: str
    pass_total_percent: Decimal
    pass_component_percent: Decimal
    components: tuple[ComponentData, ...]


def framework_data(framework: Framework) -> FrameworkData:
    """The framework's whole structure as plain values, in order (four queries)."""
    components = Component.objects.filter(framework=framework).prefetch_related(
        "indicators__levels"
    )
    return FrameworkData(
        name=framework.name,
        pass_total_percent=framework.pass_total_percent,
        pass_component_percent=framework.pass_component_percent,
        components=tuple(
            ComponentData(
                name=c.name,
                description=c.description,
                weight=c.weight,
                indicators=tuple(
                    IndicatorData(
                        code=i.code,
                        text=i.text,
                        evidence=i.evidence,
                        weight=i.weight,
                        levels=tuple((lv.score, lv.descriptor) for lv in i.levels.all()),
                    )
                    for i in c.indicators.all()
                ),
            )
            for c in components
        ),
    )


# --- parsing and checking values (shared by the web forms and the Excel import) --------------


def _number(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        text = arabic_digits(str(raw or "")).strip().replace(",", "")
        if not text or len(text) > 30:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None
    return value if value.is_finite() else None


def parse_weight(raw: Any, *, field: str = "weight") -> Decimal:
    """A weight: a number above 0, at most 9999.99, with at most two decimals."""
    if raw is None or str(raw).strip() == "":
        raise DomainError(gettext("กรุณากรอกน้ำหนัก"), field=field)
    value = _number(raw)
    if value is None:
        raise DomainError(gettext("น้ำหนักต้องเป็นตัวเลข เช่น 1 หรือ 1.5"), field=field)
    if value <= 0 or value > MAX_WEIGHT:
        raise DomainError(gettext("น้ำหนักต้องมากกว่า 0 และไม่เกิน 9,999.99"), field=field)
    if value != value.quantize(CENT):
        raise DomainError(gettext("น้ำหนักมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"), field=field)
    return value.quantize(CENT)


def parse_percent(raw: Any, *, field: str) -> Decimal:
    if raw is None or str(raw).strip() == "":
        raise DomainError(gettext("กรุณากรอกเกณฑ์การผ่าน (ร้อยละ)"), field=field)
    value = _number(raw)
    if value is None:
        raise DomainError(gettext("เกณฑ์การผ่านต้องเป็นตัวเลข เช่น 60"), field=field)
    if not Decimal(0) <= value <= Decimal(100):
        raise DomainError(gettext("เกณฑ์การผ่านต้องอยู่ระหว่างร้อยละ 0 ถึง 100"), field=field)
    if value != value.quantize(CENT):
        raise DomainError(gettext("เกณฑ์การผ่านมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง"), field=field)
    return value.quantize(CENT)


def parse_score(raw: Any, *, field: str = "levels") -> int:
    value = _number(raw)
    if value is None or value != value.to_integral_value():
        raise DomainError(gettext("คะแนนของระดับต้องเป็นจำนวนเต็ม เช่น 1 2 3"), field=field)
    if not 0 <= value <= MAX_SCORE:
        raise DomainError(
            gettext("คะแนนของระดับต้องอยู่ระหว่าง 0 ถึง %(MAX_SCORE)s") % {"MAX_SCORE": MAX_SCORE},
            field=field,
        )
    return int(value)


def _text(value: Any) -> str:
    return clean_text("" if value is None else str(value)).strip()


def _check_length(value: str, limit: int, label: str, field: str) -> None:
    if len(value) > limit:
        raise DomainError(
            gettext("%(label)sยาวเกินไป (ไม่เกิน %(limit)s ตัวอักษร)")
            % {"label": label, "limit": format(limit, ",")},
            field=field,
        )


def check_framework_values(name: str, total: Decimal, component: Decimal) -> None:
    if not name:
        raise DomainError(gettext("กรุณากรอกชื่อเกณฑ์"), field="name")
    _check_length(name, MAX_NAME, gettext("ชื่อเกณฑ์"), "name")
    for value, field in ((total, "pass_total_percent"), (component, "pass_component_percent")):
        parse_percent(value, field=field)


def check_component(name: str, description: str, weight: Decimal) -> None:
    if not name:
        raise DomainError(gettext("กรุณากรอกชื่อองค์ประกอบ"), field="name")
    _check_length(name, MAX_NAME, gettext("ชื่อองค์ประกอบ"), "name")
    _check_length(description, MAX_TEXT, gettext("คำอธิบาย"), "description")
    parse_weight(weight)


def check_indicator(
    code: str, text: str, evidence: str, weight: Decimal, levels: list[tuple[int, str]]
) -> None:
    if not code:
        raise DomainError(gettext("กรุณากรอกรหัสตัวบ่งชี้ เช่น 1.1"), field="code")
    _check_length(code, MAX_CODE, gettext("รหัสตัวบ่งชี้"), "code")
    if not text:
        raise DomainError(gettext("กรุณากรอกตัวบ่งชี้"), field="text")
    _check_length(text, MAX_TEXT, gettext("ตัวบ่งชี้"), "text")
    _check_length(evidence, MAX_TEXT, gettext("หลักฐานที่แสดง"), "evidence")
    parse_weight(weight)
    check_levels(levels)


def check_levels(levels: list[tuple[int, str]]) -> None:
    scores = [score for score, _ in levels]
    if len(levels) < 2 or scores != sorted(set(scores)):
        raise DomainError(
            gettext("ต้องมีอย่างน้อย 2 ระดับ และคะแนนของแต่ละระดับต้องเรียงจากน้อยไปมากไม่ซ้ำกัน"),
            field="levels",
        )
    if len(levels) > MAX_LEVELS:
        raise DomainError(
            gettext("มีได้ไม่เกิน %(MAX_LEVELS)s ระดับ") % {"MAX_LEVELS": MAX_LEVELS}, field="levels"
        )
    for score, descriptor in levels:
        parse_score(score)
        if not descriptor:
            raise DomainError(
                gettext("กรุณากรอกคำอธิบายของระดับคะแนน %(score)s") % {"score": score}, field="levels"
            )
        _check_length(
            descriptor,
            MAX_TEXT,
            gettext("คำอธิบายของระดับคะแนน %(score)s ") % {"score": score},
            "levels",
        )


# --- who may edit ----------------------------------------------------------------------------


def edit_refusal(user: User, framework: Framework) -> str | None:
    """Why this user may not edit the framework now (a Thai sentence), or None if they may."""
    try:
        _require_editable(user, framework)
    except DomainError as error:
        return error.message
    return None


def version_of(framework: Framework) -> str:
    """Changes with every write to the framework: an edit form carries it to detect a concurrent
    change by someone else."""
    return framework.updated_at.isoformat() if framework.updated_at else ""


# --- internals -------------------------------------------------------------------------------


def _lock(framework_id: int, actor: User, version: str | None = None) -> Framework:
    framework = (
        Framework.objects.select_for_update(of=("self",))
        .select_related("programme_year")
        .get(pk=framework_id)
    )
    _require_editable(actor, framework)
    if version is not None and version != version_of(framework):
        raise DomainError(gettext("มีผู้อื่นแก้ไขเกณฑ์นี้ระหว่างที่คุณกำลังแก้ไข กรุณาเปิดหน้านี้ใหม่แล้วแก้ไขอีกครั้ง"))
    return framework


def _component_in(framework: Framework, pk: int) -> Component:
    component = Component.objects.filter(pk=pk, framework=framework).first()
    if component is None:
        raise DomainError(gettext("ไม่พบองค์ประกอบนี้ในเกณฑ์ (อาจถูกลบไปแล้ว)"))
    return component


def _indicator_in(framework: Framework, pk: int) -> Indicator:
    indicator = Indicator.objects.filter(pk=pk, component__framework=framework).first()
    if indicator is None:
        raise DomainError(gettext("ไม่พบตัวบ่งชี้นี้ในเกณฑ์ (อาจถูกลบไปแล้ว)"))
    return indicator


def _changed(
    framework: Framework,
    *,
    actor: User,
    action: str,
    changes: dict[str, Any],
    fields: tuple[str, ...] = (),
) -> None:
    """How every write ends: a changed framework must be approved again, and the change is
    audited on the framework. `fields` are the framework's own values the write set, saved with
    it."""
    framework.approved_at = None
    framework.approved_by = None
    framework.save(update_fields=["approved_at", "approved_by", "updated_at", *fields])
    log_action(actor=actor, action=action, obj=framework, changes=changes)


def _ordered(framework: Framework) -> list[tuple[Component, list[Indicator]]]:
    components = list(Component.objects.filter(framework=framework).order_by("order", "id"))
    indicators: dict[int, list[Indicator]] = {c.pk: [] for c in components}
    for indicator in Indicator.objects.filter(component__framework=framework).order_by(
        "order", "id"
    ):
        indicators[indicator.component_id].append(indicator)
    return [(c, indicators[c.pk]) for c in components]


def _position_code(component_index: int, indicator_index: int) -> str:
    return f"{component_index}.{indicator_index}"


def _auto_numbered(structure: list[tuple[Component, list[Indicator]]]) -> bool:
    return all(
        indicator.code == _position_code(ci, ii)
        for ci, (_component, indicators) in enumerate(structure, start=1)
        for ii, indicator in enumerate(indicators, start=1)
    )


def is_auto_numbered(framework: Framework) -> bool:
    """Whether the framework's codes follow their positions (and so are renumbered on a move)."""
    return _auto_numbered(_ordered(framework))


def _renumber(structure: list[tuple[Component, list[Indicator]]], *, codes: bool) -> None:
    """Orders become 1..n as listed; with `codes`, indicator codes follow the positions."""
    components, indicators = [], []
    for ci, (component, items) in enumerate(structure, start=1):
        component.order = ci
        components.append(component)
        for ii, indicator in enumerate(items, start=1):
            indicator.order = ii
            if codes:
                indicator.code = _position_code(ci, ii)
            indicators.append(indicator)
    Component.objects.bulk_update(components, ["order"])
    Indicator.objects.bulk_update(indicators, ["order", "code"])


def _swap_with_neighbour(
    items: list[Any], index: int, direction: str, *, first: str, last: str
) -> int:
    """Swap items[index] with its neighbour that way, in place; the neighbour's index. Refused
    with `first` or `last` when there is none that way."""
    other = swap_with_neighbour(items, index, direction)
    if other is None:
        raise DomainError(first if direction == UP else last)
    return other


def _require_unique_code(framework: Framework, code: str, exclude: int | None = None) -> None:
    taken = Indicator.objects.filter(component__framework=framework, code=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise DomainError(gettext("รหัสตัวบ่งชี้ %(code)s มีอยู่แล้วในเกณฑ์นี้") % {"code": code}, field="code")


def _delete_indicators(indicators) -> None:
    try:
        for indicator in indicators:
            indicator.delete()
    except ProtectedError as exc:
        raise DomainError(
            gettext("ตัวบ่งชี้นี้มีข้อมูลของหน่วยนับอ้างอิงอยู่แล้ว (เช่น เกณฑ์ย่อย แผนพัฒนา หรือหลักฐาน) จึงลบไม่ได้")
        ) from exc


def _set_levels(indicator: Indicator, levels: list[tuple[int, str]]) -> None:
    """Keep the levels whose score stays (their descriptor updated), drop and add the rest."""
    wanted = dict(levels)
    existing = {level.score: level for level in indicator.levels.all()}
    gone = [level.pk for score, level in existing.items() if score not in wanted]
    if gone:
        try:
            Level.objects.filter(pk__in=gone).delete()
        except ProtectedError as exc:
            raise DomainError(gettext("ระดับนี้ถูกใช้ในการประเมินแล้ว จึงลบไม่ได้"), field="levels") from exc
    changed = []
    for score, level in existing.items():
        if score in wanted and level.descriptor != wanted[score]:
            level.descriptor = wanted[score]
            changed.append(level)
    Level.objects.bulk_update(changed, ["descriptor"])
    Level.objects.bulk_create(
        Level(indicator=indicator, score=score, descriptor=descriptor)
        for score, descriptor in levels
        if score not in existing
    )


def _settings(framework: Framework | FrameworkData) -> dict[str, Any]:
    """The framework's name and pass rule, as its edit and its import compare them."""
    return {field: getattr(framework, field) for field in SETTINGS}


def _indicator_values(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "text": indicator.text,
        "evidence": indicator.evidence,
        "weight": indicator.weight,
        "levels": [[lv.score, lv.descriptor] for lv in indicator.levels.all()],
    }


# --- framework -------------------------------------------------------------------------------


@transaction.atomic
def framework_edit(
    *,
    actor: User,
    framework: Framework,
    name: str,
    pass_total_percent: Decimal,
    pass_component_percent: Decimal,
    version: str | None = None,
) -> Framework:
    """Rename the framework and set its pass rule."""
    framework = _lock(framework.pk, actor, version)
    name = _text(name)
    check_framework_values(name, pass_total_percent, pass_component_percent)
    before = _settings(framework)
    after = {
        "name": name,
        "pass_total_percent": parse_percent(pass_total_percent, field="pass_total_percent"),
        "pass_component_percent": parse_percent(
            pass_component_percent, field="pass_component_percent"
        ),
    }
    changes = diff(before, after)
    if not changes:
        return framework
    for key, value in after.items():
        setattr(framework, key, value)
    _changed(framework, actor=actor, action="framework.edit", changes=changes, fields=SETTINGS)
    return framework


# --- components ------------------------------------------------------------------------------


@transaction.atomic
def component_add(
    *,
    actor: User,
    framework: Framework,
    name: str,
    description: str = "",
    weight: Decimal = Decimal(1),
) -> Component:
    framework = _lock(framework.pk, actor)
    name, description = _text(name), _text(description)
    check_component(name, description, weight)
    structure = _ordered(framework)
    component = Component.objects.create(
        framework=framework,
        order=len(structure) + 1,
        name=name,
        description=description,
        weight=parse_weight(weight),
    )
    _renumber(structure + [(component, [])], codes=False)
    _changed(
        framework,
        actor=actor,
        action="framework.component_add",
        changes={"component": component.pk, "name": name, "weight": component.weight},
    )
    return component


@transaction.atomic
def component_update(
    *,
    actor: User,
    component: Component,
    name: str,
    description: str,
    weight: Decimal,
    version: str | None = None,
) -> Component:
    framework = _lock(component.framework_id, actor, version)
    component = _component_in(framework, component.pk)
    name, description = _text(name), _text(description)
    check_component(name, description, weight)
    fields = ("name", "description", "weight")
    before = {f: getattr(component, f) for f in fields}
    after = {"name": name, "description": description, "weight": parse_weight(weight)}
    changes = diff(before, after)
    if not changes:
        return component
    for key, value in after.items():
        setattr(component, key, value)
    component.save()
    _changed(
        framework,
        actor=actor,
        action="framework.component_update",
        changes={"component": component.pk, **changes},
    )
    return component


@transaction.atomic
def component_delete(*, actor: User, component: Component) -> None:
    """Delete a component with its indicators."""
    framework = _lock(component.framework_id, actor)
    component = _component_in(framework, component.pk)
    structure = _ordered(framework)
    auto = _auto_numbered(structure)
    indicators = next(items for c, items in structure if c.pk == component.pk)
    codes = [i.code for i in indicators]
    _delete_indicators(indicators)
    name, pk = component.name, component.pk
    component.delete()
    _renumber([(c, items) for c, items in structure if c.pk != pk], codes=auto)
    _changed(
        framework,
        actor=actor,
        action="framework.component_delete",
        changes={"name": name, "indicators": codes},
    )


@transaction.atomic
def component_move(*, actor: User, component: Component, direction: str) -> None:
    """Move a component one place up or down; its indicators go with it."""
    require_direction(direction)
    framework = _lock(component.framework_id, actor)
    component = _component_in(framework, component.pk)
    structure = _ordered(framework)
    index = next(i for i, (c, _items) in enumerate(structure) if c.pk == component.pk)
    auto = _auto_numbered(structure)
    other = _swap_with_neighbour(
        structure,
        index,
        direction,
        first=gettext("องค์ประกอบนี้อยู่ลำดับแรกแล้ว"),
        last=gettext("องค์ประกอบนี้อยู่ลำดับสุดท้ายแล้ว"),
    )
    _renumber(structure, codes=auto)
    _changed(
        framework,
        actor=actor,
        action="framework.component_move",
        changes={"component": component.pk, "order": [index + 1, other + 1]},
    )


# --- indicators ------------------------------------------------------------------------------


@transaction.atomic
def indicator_add(
    *,
    actor: User,
    component: Component,
    code: str,
    text: str,
    levels: list[tuple[int, str]],
    weight: Decimal = Decimal(1),
    evidence: str = "",
) -> Indicator:
    """Add an indicator at the end of a component. An empty code gets the next position code."""
    framework = _lock(component.framework_id, actor)
    component = _component_in(framework, component.pk)
    structure = _ordered(framework)
    index = next(i for i, (c, _items) in enumerate(structure) if c.pk == component.pk)
    code, text, evidence = _text(code), _text(text), _text(evidence)
    if not code:
        code = _position_code(index + 1, len(structure[index][1]) + 1)
    levels = [(score, _text(descriptor)) for score, descriptor in levels]
    check_indicator(code, text, evidence, weight, levels)
    _require_unique_code(framework, code)
    indicator = Indicator.objects.create(
        component=component,
        order=len(structure[index][1]) + 1,
        code=code,
        text=text,
        evidence=evidence,
        weight=parse_weight(weight),
    )
    Level.objects.bulk_create(Level(indicator=indicator, score=s, descriptor=d) for s, d in levels)
    _changed(
        framework,
        actor=actor,
        action="framework.indicator_add",
        changes={"indicator": indicator.pk, **_indicator_values(indicator)},
    )
    return indicator


@transaction.atomic
def indicator_update(
    *,
    actor: User,
    indicator: Indicator,
    code: str,
    text: str,
    evidence: str,
    weight: Decimal,
    levels: list[tuple[int, str]],
    version: str | None = None,
) -> Indicator:
    framework = _lock(indicator.component.framework_id, actor, version)
    indicator = _indicator_in(framework, indicator.pk)
    code, text, evidence = _text(code), _text(text), _text(evidence)
    levels = [(score, _text(descriptor)) for score, descriptor in levels]
    check_indicator(code, text, evidence, weight, levels)
    _require_unique_code(framework, code, exclude=indicator.pk)
    before = _indicator_values(indicator)
    indicator.code, indicator.text, indicator.evidence = code, text, evidence
    indicator.weight = parse_weight(weight)
    indicator.save()
    _set_levels(indicator, levels)
    changes = diff(before, _indicator_values(indicator))
    if not changes:
        return indicator
    _changed(
        framework,
        actor=actor,
        action="framework.indicator_update",
        changes={"indicator": indicator.pk, **changes},
    )
    return indicator


@transaction.atomic
def indicator_delete(*, actor: User, indicator: Indicator) -> None:
    framework = _lock(indicator.component.framework_id, actor)
    indicator = _indicator_in(framework, indicator.pk)
    structure = _ordered(framework)
    auto = _auto_numbered(structure)
    values, pk = _indicator_values(indicator), indicator.pk
    _delete_indicators([indicator])
    _renumber([(c, [i for i in items if i.pk != pk]) for c, items in structure], codes=auto)
    _changed(framework, actor=actor, action="framework.indicator_delete", changes=values)


@transaction.atomic
def indicator_move(*, actor: User, indicator: Indicator, direction: str) -> None:
    """Move an indicator one place up or down within its component."""
    require_direction(direction)
    framework = _lock(indicator.component.framework_id, actor)
    indicator = _indicator_in(framework, indicator.pk)
    structure = _ordered(framework)
    auto = _auto_numbered(structure)
    items = next(items for c, items in structure if c.pk == indicator.component_id)
    index = next(i for i, item in enumerate(items) if item.pk == indicator.pk)
    code = items[index].code
    other = _swap_with_neighbour(
        items,
        index,
        direction,
        first=gettext("ตัวบ่งชี้นี้อยู่ลำดับแรกขององค์ประกอบแล้ว"),
        last=gettext("ตัวบ่งชี้นี้อยู่ลำดับสุดท้ายขององค์ประกอบแล้ว"),
    )
    _renumber(structure, codes=auto)
    _changed(
        framework,
        actor=actor,
        action="framework.indicator_move",
        changes={"indicator": code, "order": [index + 1, other + 1]},
    )


# --- the whole structure at once (Excel import) ---------------------------------------------


def check_framework_data(data: FrameworkData) -> None:
    check_framework_values(data.name, data.pass_total_percent, data.pass_component_percent)
    seen: set[str] = set()
    for component in data.components:
        check_component(component.name, component.description, component.weight)
        for indicator in component.indicators:
            check_indicator(
                indicator.code,
                indicator.text,
                indicator.evidence,
                indicator.weight,
                list(indicator.levels),
            )
            if indicator.code in seen:
                raise DomainError(gettext("รหัสตัวบ่งชี้ %(code)s ซ้ำกัน") % {"code": indicator.code})
            seen.add(indicator.code)


@transaction.atomic
def framework_replace(*, actor: User, framework: Framework, data: FrameworkData) -> Framework:
    """Replace the framework's name, pass rule and whole structure with `data`.

    Indicators are matched by code and kept (so whatever refers to them stays attached); the
    rest are created or deleted.
    """
    framework = _lock(framework.pk, actor)
    check_framework_data(data)
    before = framework_data(framework)
    old_components = list(
        Component.objects.filter(framework=framework).values_list("pk", flat=True)
    )
    existing: dict[str, Indicator] = {}
    for indicator in Indicator.objects.filter(component__framework=framework).prefetch_related(
        "levels"
    ):
        existing.setdefault(indicator.code, indicator)
    kept: set[int] = set()
    for c_order, c_data in enumerate(data.components, start=1):
        component = Component.objects.create(
            framework=framework,
            order=c_order,
            name=c_data.name,
            description=c_data.description,
            weight=c_data.weight,
        )
        for i_order, i_data in enumerate(c_data.indicators, start=1):
            indicator = existing.get(i_data.code) or Indicator(code=i_data.code)
            indicator.component = component
            indicator.order = i_order
            indicator.text, indicator.evidence = i_data.text, i_data.evidence
            indicator.weight = i_data.weight
            indicator.save()
            kept.add(indicator.pk)
            _set_levels(indicator, list(i_data.levels))
    _delete_indicators(
        Indicator.objects.filter(component__framework=framework).exclude(pk__in=kept)
    )
    Component.objects.filter(pk__in=old_components).delete()
    framework.name = data.name
    framework.pass_total_percent = data.pass_total_percent
    framework.pass_component_percent = data.pass_component_percent

    def counts(d: FrameworkData) -> list[int]:
        return [len(d.components), sum(len(c.indicators) for c in d.components)]

    _changed(
        framework,
        actor=actor,
        action="framework.import",
        changes={
            "components_indicators": [counts(before), counts(data)],
            **diff(_settings(before), _settings(data)),
        },
        fields=SETTINGS,
    )
    return framework
