from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("การตรวจประเมินเพื่อการรับรอง")

    def ready(self) -> None:
        from assessment.scope import committee_units, member_committees
        from core.scope import register_committee_member_scope

        register_committee_member_scope(committees=member_committees, units=committee_units)
