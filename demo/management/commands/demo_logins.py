from django.core.management.base import BaseCommand

from accounts.models import User
from demo.management.commands.seed_demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "แสดงบัญชีผู้ใช้สาธิต"

    def handle(self, *args, **options):
        demo = User.objects.filter(
            username__in=[
                "admin",
                "lamphun",
                "mueang",
                "mueang.dev1",
                "mueang.dev2",
                "maetha",
                "maetha.dev1",
            ]
        )
        self.stdout.write(f"\nบัญชีสาธิต (รหัสผ่านทุกบัญชี: {DEMO_PASSWORD})")
        for user in demo.select_related("province", "district").order_by("role", "username"):
            self.stdout.write(
                f"  {user.username:<14} {user.get_role_display()} · {user.scope_label}"
            )
        self.stdout.write("  officer5103 … officer5108: พัฒนาการอำเภออื่น ๆ ของจังหวัดลำพูน")
        self.stdout.write(
            "  mueang.member1, mueang.member2, mueang.secretary, maetha.member1, maetha.member2,"
            " maetha.secretary: กรรมการตรวจประเมินระดับอำเภอ"
        )
        self.stdout.write("\nเปิด http://127.0.0.1:8000/ ในเบราว์เซอร์\n")
