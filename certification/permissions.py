"""Who may do what with certificates and the provincial announcement: read them at all (the
offices), manage them (the province, through `User.manages_province`).

Permissions decide what a role may do; which certificates and years a user sees at all is
core.scope's job (`visible_to` / `get_in_scope`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_office_staff


def can_read_certificates(user: User) -> bool:
    """Certificates and the announcement are the offices' pages: committee members score,
    nothing more (404)."""
    return is_office_staff(user)
