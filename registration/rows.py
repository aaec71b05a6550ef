"""A row of a list page: one unit with a few columns worked out for that page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registration.models import Unit


@dataclass
class UnitRow:
    """A unit with columns of its own. Attributes the row lacks read through to the unit, so
    templates and exports write `row.name` as they would `unit.name`; a page's row adds its
    columns as dataclass fields after `unit`."""

    unit: Unit

    def __getattr__(self, name: str) -> Any:
        # Only called for names the row lacks; dataclass fields never reach here. `unit` itself
        # is refused so that a row still being built (or unpickled) cannot recurse forever.
        if name == "unit":
            raise AttributeError(name)
        return getattr(self.unit, name)
