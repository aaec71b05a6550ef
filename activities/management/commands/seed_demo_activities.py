"""Demo activities with generated photos for เมืองลำพูน (called by seed_demo).

Runs once: it does nothing without the demo accounts, or when the district already has
activities. One photo carries camera and GPS EXIF, to show what the district sees of it.
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from accounts.models import User
from activities import services
from activities.models import Activity, Kind, Stage
from activities.selectors import eligible_units, year_indicators
from core.once import new_form_token
from core.thai import fiscal_year_bounds, fiscal_year_of
from documents.render import FONT_DIR
from programme.models import ProgrammeYear

DISTRICT = "5101"
SCENES = {
    "hall": ((222, 214, 196), (120, 96, 70)),
    "field": ((190, 222, 170), (70, 120, 60)),
    "village": ((205, 220, 235), (90, 110, 150)),
}


def _photo(name: str, caption: str, scene: str, *, gps: bool = False) -> SimpleUploadedFile:
    """A drawn stand-in for a phone photo: a room or a field with people and a caption."""
    background, figures = SCENES[scene]
    image = Image.new("RGB", (1600, 1200), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 820, 1600, 1200), fill=tuple(max(c - 40, 0) for c in background))
    for i in range(7):
        x = 120 + i * 210
        draw.ellipse((x, 430, x + 110, 540), fill=figures)
        draw.rounded_rectangle((x - 20, 560, x + 130, 900), radius=40, fill=figures)
    font = ImageFont.truetype(str(FONT_DIR / "Sarabun-SemiBold.ttf"), 64)
    draw.text((80, 80), caption, font=font, fill=(30, 30, 30))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F], exif[0x0110] = "Samsung", "Galaxy A54"
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1], gps_ifd[2] = "N", (18.0, 34.0, 52.0)
        gps_ifd[3], gps_ifd[4] = "E", (99.0, 0.0, 31.0)
        image.save(out, "JPEG", quality=85, exif=exif.tobytes())
    else:
        image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "สร้างกิจกรรมสาธิตพร้อมภาพของอำเภอเมืองลำพูน (ทำครั้งเดียว)"

    def handle(self, *args, **options):
        officer = User.objects.filter(username="mueang").first()
        developer = User.objects.filter(username="mueang.dev1").first()
        year = (
            ProgrammeYear.objects.filter(province_id=DISTRICT[:2]).order_by("-fiscal_year").first()
        )
        if officer is None or developer is None or year is None:
            self.stdout.write("ไม่มีข้อมูลสาธิต ข้ามการสร้างกิจกรรม")
            return
        if Activity.objects.filter(programme_year=year, district_id=DISTRICT).exists():
            self.stdout.write("มีกิจกรรมสาธิตอยู่แล้ว")
            return
        with transaction.atomic():
            self._seed(year, officer, developer)
        self.stdout.write(self.style.SUCCESS("สร้างกิจกรรมสาธิตแล้ว"))

    def _seed(self, year, officer, developer):
        first, _ = fiscal_year_bounds(year.fiscal_year)
        today = timezone.localdate()
        if fiscal_year_of(today) != year.fiscal_year:
            today = fiscal_year_bounds(year.fiscal_year)[1]

        def day(offset: int) -> dt.date:
            # Early in the fiscal year the dates crowd at its start; never in the future.
            return min(first + dt.timedelta(days=offset), today)

        units = list(eligible_units(year.pk, DISTRICT))
        leader = next((u for u in units if u.unit_type == "LEADER"), None)
        indicators = list(
            year_indicators(year.pk).filter(component__framework__unit_type="LEADER")[:2]
        )

        meeting = services.activity_create(
            once=new_form_token(),
            actor=officer,
            programme_year=year,
            district_id=DISTRICT,
            values={
                "kind": Kind.GROUP,
                "title": "ประชุมชี้แจงแนวทางการดำเนินงาน มชช. ระดับอำเภอ",
                "held_on": day(5),
                "place": "ห้องประชุมที่ว่าการอำเภอเมืองลำพูน",
                "partners": "ที่ทำการปกครองอำเภอ สาธารณสุขอำเภอ เกษตรอำเภอ",
                "learning": "ทีมอำเภอเข้าใจขั้นตอนทั้ง 5 ขั้น และกำหนดปฏิทินของอำเภอ",
            },
            links=services.Links(),
        )
        services.photos_upload(
            once=new_form_token(),
            actor=officer,
            activity=meeting,
            uploads=[_photo("meeting.jpg", "ประชุมชี้แจงระดับอำเภอ", "hall")],
            stage=Stage.PREPARATION,
            caption="พัฒนาการอำเภอชี้แจงแนวทางแก่ทีมอำเภอ",
        )
        if not units:
            return
        forum = services.activity_create(
            once=new_form_token(),
            actor=officer,
            programme_year=year,
            district_id=DISTRICT,
            values={
                "kind": Kind.GROUP,
                "title": "เวทีเรียนรู้ตัวบ่งชี้และประเมินตนเองก่อนการพัฒนา",
                "held_on": day(60),
                "place": "ศาลาเอนกประสงค์บ้านท่าขาม หมู่ที่ 3 ตำบลเหมืองง่า",
                "partners": "องค์การบริหารส่วนตำบลเหมืองง่า",
                "learning": "หน่วยนับเข้าใจตัวบ่งชี้ ประเมินตนเองก่อนการพัฒนา และเห็นช่องว่างที่ต้องพัฒนา",
            },
            links=services.Links(units=units, indicators=indicators),
        )
        services.photos_upload(
            once=new_form_token(),
            actor=officer,
            activity=forum,
            uploads=[
                _photo("forum-1.jpg", "เวทีเรียนรู้ตัวบ่งชี้", "village", gps=True),
                _photo("forum-2.jpg", "ประเมินตนเองก่อนการพัฒนา", "hall"),
            ],
            stage=Stage.LEARNING_REINFORCEMENT,
            units=units,
            caption="หน่วยนับร่วมเรียนรู้ตัวบ่งชี้และประเมินตนเอง",
        )
        if leader is None:
            return
        coaching = services.activity_create(
            once=new_form_token(),
            actor=developer,
            programme_year=year,
            district_id=DISTRICT,
            values={
                "kind": Kind.INDIVIDUAL,
                "title": "สอนแนะการจัดทำแผนพัฒนาตนเองรายบุคคล",
                "held_on": day(90),
                "place": f"บ้านของ{leader.name}",
                "learning": "ผู้นำชุมชนกำหนดความรู้ วิธีการ และหลักฐานที่จะแสดงผลในแผนได้เอง",
            },
            links=services.Links(units=[leader], indicators=indicators),
        )
        services.photos_upload(
            once=new_form_token(),
            actor=developer,
            activity=coaching,
            uploads=[
                _photo("coaching-1.jpg", "สอนแนะการจัดทำแผน", "field"),
                _photo("coaching-2.jpg", "ทบทวนผลการเรียนรู้", "village"),
            ],
            stage=Stage.SELF_DEVELOPMENT,
            units=[leader],
            caption="พัฒนากรสอนแนะการจัดทำแผนพัฒนาตนเอง",
        )
