"""Demo data: Lamphun's current programme year, accounts for each role, and units of all four
types in several statuses, with real (generated) documents.

Runs once: if the demo province officer exists, nothing is changed.
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Role, User
from core.once import new_form_token
from core.thai import fiscal_year_of
from geography.models import District, Province, Subdistrict, Village
from programme.models import Deadline, UnitType
from programme.services import district_report_send, programme_year_create
from registration import services
from registration.models import REQUIRED_DOCUMENTS, DocumentKind

DEMO_PASSWORD = "mchch-demo-2570"
PROVINCE_CODE = "51"  # ลำพูน

# (username, role, district code or None, title, first, last, position)
ACCOUNTS = [
    ("admin", Role.ADMIN, None, "นาย", "ผู้ดูแล", "ระบบกรม", "ผู้ดูแลระบบ กรมการพัฒนาชุมชน"),
    ("lamphun", Role.PROVINCE, None, "นาง", "ปริศนา", "สายนที", "นักวิชาการพัฒนาชุมชนชำนาญการ"),
    ("mueang", Role.DISTRICT, "5101", "นาย", "ประเสริฐ", "ใจดี", "พัฒนาการอำเภอเมืองลำพูน"),
    ("mueang.dev1", Role.DEVELOPER, "5101", "นางสาว", "กนกวรรณ", "คำมา", "นักวิชาการพัฒนาชุมชน"),
    ("mueang.dev2", Role.DEVELOPER, "5101", "นาย", "อนุชา", "ทองคำ", "นักวิชาการพัฒนาชุมชน"),
    ("maetha", Role.DISTRICT, "5102", "นาง", "วิไลวรรณ", "ปัญญา", "พัฒนาการอำเภอแม่ทา"),
    ("maetha.dev1", Role.DEVELOPER, "5102", "นาย", "ธนากร", "มูลคำ", "นักวิชาการพัฒนาชุมชน"),
]
OTHER_DISTRICT_OFFICERS = ["5103", "5104", "5105", "5106", "5107", "5108"]

VILLAGES = {
    "510101": [(1, "ประตูลี้"), (2, "สันป่ายางหลวง")],
    "510102": [(1, "เหมืองง่า"), (3, "ท่าขาม"), (5, "สันป่าเหียง")],
    "510103": [(2, "อุโมงค์"), (4, "หนองช้างคืน")],
    "510201": [(1, "ทาสบเส้า"), (2, "ทาชมภู")],
    "510202": [(3, "ทากาศ"), (4, "ท่าข้าม")],
}


def attendance(entry) -> dict:
    """The whole committee at the decision, each member who did not score in the system with
    the reason (assessment.services.decide)."""
    from assessment.selectors import committee_members, scored_member_ids

    present = [m.pk for m in committee_members(entry.round)]
    scored = scored_member_ids(entry)
    return {
        "present_member_ids": present,
        "missing_reasons": {pk: "ให้คะแนนบนแบบประเมินกระดาษ" for pk in present if pk not in scored},
    }


def _photo(text: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (600, 800), (225, 220, 235))
    draw = ImageDraw.Draw(image)
    draw.ellipse((180, 140, 420, 380), fill=(150, 120, 170))
    draw.rectangle((120, 420, 480, 760), fill=(150, 120, 170))
    draw.text((20, 20), text, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def _scan(title: str, lines: list[str]) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned paper document."""
    import typst

    from documents.render import FONT_DIR

    body = "\n\n".join(line.replace("#", "\\#") for line in lines)
    source = f'#set page(paper: "a4", margin: 2.5cm)\n#set text(font: "Sarabun", size: 16pt, lang: "th")\n#align(center)[*{title}*]\n\n{body}\n'
    # The fonts as a Fonts object: typst's stubs want one path type for the source and fonts.
    fonts = typst.Fonts(include_system_fonts=False, font_paths=[str(FONT_DIR)])
    pdf = typst.compile(source.encode(), font_paths=fonts)
    return SimpleUploadedFile("scan.pdf", pdf, content_type="application/pdf")


class Command(BaseCommand):
    help = "สร้างข้อมูลสาธิตจังหวัดลำพูน (ทำครั้งเดียว ข้อมูลเดิมไม่ถูกลบ)"

    def handle(self, *args, **options):
        if User.objects.filter(username="lamphun").exists():
            self.stdout.write("มีข้อมูลสาธิตอยู่แล้ว ไม่เปลี่ยนแปลงข้อมูลใด ๆ")
            return
        if not Province.objects.filter(pk=PROVINCE_CODE).exists():
            call_command("load_geography", stdout=io.StringIO())
        with transaction.atomic():
            self._seed()
        self.stdout.write(self.style.SUCCESS("สร้างข้อมูลสาธิตจังหวัดลำพูนแล้ว"))

    def _seed(self):
        users = {}
        for username, role, district_code, title, first, last, position in ACCOUNTS:
            district = District.objects.get(pk=district_code) if district_code else None
            users[username] = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                role=role,
                title=title,
                first_name=first,
                last_name=last,
                position_title=position,
                district=district,
                province_id=PROVINCE_CODE if role != Role.ADMIN else None,
            )
        for code in OTHER_DISTRICT_OFFICERS:
            district = District.objects.get(pk=code)
            User.objects.create_user(
                username=f"officer{code}",
                password=DEMO_PASSWORD,
                role=Role.DISTRICT,
                first_name="พัฒนาการ",
                last_name=district.display_name,
                position_title=f"พัฒนาการ{district.display_name}",
                district=district,
                province_id=PROVINCE_CODE,
            )
        for subdistrict_code, rows in VILLAGES.items():
            for number, name in rows:
                Village.objects.get_or_create(
                    subdistrict_id=subdistrict_code, number=number, defaults={"name": name}
                )

        province = Province.objects.get(pk=PROVINCE_CODE)
        this_year = fiscal_year_of(timezone.localdate())
        previous = programme_year_create(
            actor=users["lamphun"], province=province, fiscal_year=this_year - 1
        )
        current = programme_year_create(
            actor=users["lamphun"], province=province, fiscal_year=this_year
        )

        officer, dev1, dev2 = users["mueang"], users["mueang.dev1"], users["mueang.dev2"]
        v = {(vl.subdistrict_id, vl.number): vl for vl in Village.objects.all()}
        s = {sd.pk: sd for sd in Subdistrict.objects.filter(pk__in=VILLAGES)}
        today = timezone.localdate()

        # Last year's units that did not finish: candidates to carry into this year.
        self._unit(
            previous,
            officer,
            UnitType.GROUP,
            "5101",
            {
                "name": "กลุ่มจักสานบ้านอุโมงค์",
                "subdistrict": s["510103"],
                "village": v[("510103", 2)],
                "category": "OTHER",
                "category_other": "กลุ่มอาชีพจักสาน",
                "founded_on": dt.date(2015, 3, 1),
                "member_count": 24,
                "resolution_date": today - dt.timedelta(days=400),
                "responsible_developer": dev2,
            },
            team="นางบัวคำ ใจมา, ประธานกลุ่ม\nนางศรีนวล คำปัน, เหรัญญิก",
            complete=True,
        )

        self._unit(
            current,
            officer,
            UnitType.LEADER,
            "5101",
            {
                "person_title": "นาย",
                "first_name": "สมชาย",
                "last_name": "ใจงาม",
                "national_id": "3510100012345",
                "birth_date": dt.date(1968, 5, 12),
                "house_number": "45",
                "subdistrict": s["510102"],
                "village": v[("510102", 3)],
                "phone": "081-234-5678",
                "domicile_years": 30,
                "position_kind": "FORMAL",
                "position_title": "ผู้ใหญ่บ้านหมู่ที่ 3",
                "community_work": "ประธานอาสาพัฒนาชุมชน (อช.) ตำบลเหมืองง่า นำจัดเวทีประชาคมแผนชุมชนทุกปี",
                "community_accepted": True,
                "responsible_developer": dev1,
            },
            advisers="นายบุญมา ศรีวงค์, ปราชญ์ชาวบ้าน",
            complete=True,
        )
        self._unit(
            current,
            dev1,
            UnitType.LEADER,
            "5101",
            {
                "person_title": "นาง",
                "first_name": "บัวผัน",
                "last_name": "ธรรมวงค์",
                "national_id": "3510100023452",
                "birth_date": dt.date(1975, 9, 2),
                "house_number": "12/1",
                "subdistrict": s["510101"],
                "village": v[("510101", 1)],
                "domicile_years": 8,
                "position_kind": "INFORMAL",
                "position_title": "แกนนำกลุ่มสตรี",
                "community_work": "จัดตั้งกองทุนข้าวสารหมู่บ้าน",
                "community_accepted": True,
                "responsible_developer": dev1,
            },
        )
        self._unit(
            current,
            officer,
            UnitType.GROUP,
            "5101",
            {
                "name": "กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่าขาม",
                "subdistrict": s["510102"],
                "village": v[("510102", 3)],
                "category": "SAVINGS",
                "founded_on": dt.date(1998, 6, 1),
                "member_count": 182,
                "resolution_date": today - dt.timedelta(days=20),
                "responsible_developer": dev2,
            },
            team="นายทองดี มาลัย, ประธาน\nนางจันทร์ฟอง อินทร์แก้ว, เลขานุการ",
            submit=True,
        )
        network = self._unit(
            current,
            officer,
            UnitType.NETWORK,
            "5101",
            {
                "name": "ศูนย์ประสานงานองค์กรชุมชนตำบลอุโมงค์",
                "subdistrict": s["510103"],
                "category": "SOCHT",
                "founded_on": dt.date(2010, 1, 15),
                "member_count": 14,
                "resolution_date": today - dt.timedelta(days=15),
                "responsible_developer": dev2,
            },
            team="นายสุรชัย วงศ์ใหญ่, ประธานเครือข่าย",
            organisations="กลุ่มออมทรัพย์เพื่อการผลิตบ้านอุโมงค์\nกลุ่มสตรีตำบลอุโมงค์\nกองทุนหมู่บ้านหนองช้างคืน",
            submit=True,
        )
        document = network.documents.get(kind=DocumentKind.MEETING_MINUTES, is_current=True)
        services.document_return(
            actor=officer,
            document=document,
            reason="บันทึกการประชุมไม่มีลายมือชื่อผู้เข้าประชุม กรุณาแนบฉบับที่ลงนามแล้ว",
        )
        self._unit(
            current,
            officer,
            UnitType.COMMUNITY,
            "5101",
            {
                "name": "บ้านหนองช้างคืน",
                "subdistrict": s["510103"],
                "village": v[("510103", 4)],
                "boundary_description": "ทิศเหนือจดบ้านอุโมงค์ ทิศใต้จดลำน้ำกวง ทิศตะวันออกจดทางหลวง 106 ทิศตะวันตกจดบ้านหนองเงือก",
                "household_count": 236,
                "assembly_resolution_date": today - dt.timedelta(days=25),
                "responsible_developer": dev1,
            },
            team="นายอินทร์ ศรีสุข, ผู้ใหญ่บ้าน\nนางแสงเดือน คำมูล, อสม.",
            complete=True,
        )

        # เมืองลำพูน has already sent its applicant list to the province.
        district_report_send(
            actor=officer,
            year=current,
            district_id="5101",
            deadline=Deadline.APPLICANT_LIST_DUE,
            unit_count=current.units.filter(
                district_id="5101", status="DOCUMENTS_COMPLETE"
            ).count(),
        )

        self._frameworks(users["lamphun"], current, officer)
        call_command("seed_demo_activities", stdout=io.StringIO())  # activities with photos

        maetha, maetha_dev = users["maetha"], users["maetha.dev1"]
        self._unit(
            current,
            maetha,
            UnitType.LEADER,
            "5102",
            {
                "person_title": "นาย",
                "first_name": "ประยูร",
                "last_name": "คำแสน",
                "national_id": "3510200034561",
                "birth_date": dt.date(1970, 2, 20),
                "house_number": "88",
                "subdistrict": Subdistrict.objects.get(pk="510201"),
                "village": v[("510201", 1)],
                "domicile_years": 40,
                "position_kind": "FORMAL",
                "position_title": "กำนันตำบลทาสบเส้า",
                "community_work": "นำพัฒนาแหล่งน้ำชุมชนและตลาดชุมชน",
                "community_accepted": True,
                "responsible_developer": maetha_dev,
            },
            complete=True,
        )
        self._unit(
            current,
            maetha,
            UnitType.COMMUNITY,
            "5102",
            {
                "name": "บ้านทากาศ",
                "subdistrict": Subdistrict.objects.get(pk="510202"),
                "village": v[("510202", 3)],
                "boundary_description": "ตามแนวเขตหมู่ที่ 3 ตำบลทากาศ",
                "household_count": 180,
                "assembly_resolution_date": today - dt.timedelta(days=10),
                "responsible_developer": maetha_dev,
            },
            team="นายเสาร์ แก้วมา, ผู้ใหญ่บ้าน",
            submit=True,
        )
        self._stage5(users, current)

    def _stage5(self, users, year):
        """Committees from the seeds' templates with demo logins for three members of each
        of เมืองลำพูน's and แม่ทา's district committees; เมืองลำพูน's round open with one
        member's scores in; แม่ทา's leader assessed, recommended, certified by the province,
        with a certificate, a published profile, and chosen as the district's outstanding unit.
        """
        from assessment import services as assessment
        from assessment.models import Outcome, RoundLevel
        from certification import services as certification
        from certified import services as certified
        from committees import services as committees
        from committees.models import Committee, Kind, MemberRole
        from development import services as development
        from development.models import Phase
        from frameworks.models import Indicator
        from registration.models import Unit

        province = users["lamphun"]
        committees.committees_create_for_year(actor=province, programme_year=year)
        members: dict[str, User] = {}
        for district, prefix in (("5101", "mueang"), ("5102", "maetha")):
            committee = Committee.objects.get(programme_year=year, district_id=district)
            chosen = list(
                committee.members.filter(role=MemberRole.MEMBER).order_by("order")[:2]
            ) + [committee.members.filter(role=MemberRole.SECRETARY).earliest("order")]
            for member, suffix in zip(chosen, ("member1", "member2", "secretary"), strict=True):
                user, _password = committees.member_account_create(
                    actor=province, member=member, username=f"{prefix}.{suffix}"
                )
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                members[user.username] = user

        def levels(unit, pick):
            indicators = Indicator.objects.filter(
                component__framework__programme_year=year,
                component__framework__unit_type=unit.unit_type,
            ).order_by("component__order", "order")
            return {i.pk: (i.levels.get(score=pick(n)).pk, "") for n, i in enumerate(indicators)}

        def round_for(district, officer, unit):
            committee = Committee.objects.get(programme_year=year, district_id=district)
            round_ = assessment.round_create(
                once=new_form_token(),
                actor=officer,
                programme_year=year,
                level=RoundLevel.DISTRICT,
                committee=committee,
                place=f"ห้องประชุมที่ว่าการ{District.objects.get(pk=district).display_name}",
            )
            (entry,) = assessment.round_add_units(actor=officer, round_=round_, unit_ids=[unit.pk])
            starts = timezone.make_aware(
                dt.datetime.combine(timezone.localdate() + dt.timedelta(days=7), dt.time(9))
            )
            assessment.round_schedule(actor=officer, round_=round_, starts_at=starts)
            return entry

        # เมืองลำพูน: the round is open and member1 has scored; member2 has not yet.
        leader = Unit.objects.get(programme_year=year, national_id="3510100012345")
        entry = round_for("5101", users["mueang"], leader)
        assessment.score_save(
            actor=members["mueang.member1"],
            round_unit=entry,
            scores=levels(leader, lambda n: 3 + n % 2),
        )

        # แม่ทา: the whole stage, down to the certificate and the public profile.
        maetha = users["maetha"]
        unit = Unit.objects.get(programme_year=year, national_id="3510200034561")
        for phase, pick in ((Phase.BEFORE, lambda n: 2 + n % 2), (Phase.AFTER, lambda n: 4)):
            development.self_assessment_save(
                actor=maetha, unit=unit, phase=phase, answers=levels(unit, pick), finish=True
            )
        entry = round_for("5102", maetha, unit)
        for username, pick in (("maetha.member1", lambda n: 4), ("maetha.member2", lambda n: 5)):
            assessment.score_save(
                actor=members[username], round_unit=entry, scores=levels(unit, pick)
            )
        assessment.decide(
            actor=members["maetha.secretary"],
            round_unit=entry,
            outcome=Outcome.RECOMMEND,
            reasons="ผ่านเกณฑ์ทุกองค์ประกอบ มีผลงานพัฒนาแหล่งน้ำเป็นที่ประจักษ์",
            **attendance(entry),
        )
        provincial = assessment.round_create(
            once=new_form_token(),
            actor=province,
            programme_year=year,
            level=RoundLevel.PROVINCE,
            committee=Committee.objects.get(
                programme_year=year, kind=Kind.PROVINCIAL_CERTIFICATION
            ),
            place="ห้องประชุมศาลากลางจังหวัดลำพูน",
        )
        (entry,) = assessment.round_add_units(actor=province, round_=provincial, unit_ids=[unit.pk])
        assessment.decide(
            actor=province,
            round_unit=entry,
            outcome=Outcome.CERTIFY,
            reasons="ผ่านการตรวจประเมินตามเกณฑ์มาตรฐานผู้นำชุมชน",
            # The provincial committee scored on paper: certifying without scores in the
            # system is an override, confirmed.
            confirmed=True,
            **attendance(entry),
        )
        unit.refresh_from_db()
        certification.certificate_settings_update(
            actor=province,
            year=year,
            expected_version=certification.settings_for(year).version,
            data={"signer_name": "นายสมศักดิ์ ตัวอย่าง", "signer_position": "ผู้ว่าราชการจังหวัดลำพูน"},
        )
        certification.certificate_issue(actor=province, unit=unit)
        certified.profile_update(
            actor=maetha,
            unit=unit,
            description="กำนันตำบลทาสบเส้า นำชาวบ้านพัฒนาแหล่งน้ำชุมชนและตลาดชุมชน",
            achievements="ฟื้นฟูฝายชะลอน้ำ 3 แห่งร่วมกับชาวบ้าน\nเปิดตลาดชุมชนทุกวันเสาร์",
            is_published=True,
            expected_version=None,
        )
        certified.outstanding_select(
            actor=maetha, year=year, unit=unit, reason="ผลงานพัฒนาแหล่งน้ำเป็นแบบอย่างของอำเภอ"
        )

    def _frameworks(self, provincial, year, officer):
        """Lamphun adopted the department's frameworks; one leader has assessed itself before."""
        from development import services as development
        from development.models import Phase
        from frameworks import services as framework_services
        from frameworks.models import Framework, Indicator
        from registration.models import Unit

        call_command("load_default_frameworks", stdout=io.StringIO())
        for default in Framework.objects.filter(programme_year__isnull=True):
            framework = framework_services.framework_copy(
                actor=provincial, source=default, programme_year=year
            )
            framework_services.framework_approve(
                actor=provincial,
                framework=framework,
                reference=f"มติคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน ครั้งที่ 1/{year.fiscal_year}",
            )
        leader = Unit.objects.get(programme_year=year, national_id="3510100012345")
        indicators = Indicator.objects.filter(
            component__framework__programme_year=year, component__framework__unit_type="LEADER"
        )
        first = indicators.earliest("component__order", "order")
        development.sub_criterion_add(
            actor=officer,
            unit=leader,
            indicator_id=first.pk,
            text="ร่วมเวทีประชาคมหมู่บ้านอย่างน้อยไตรมาสละ 1 ครั้ง",
            once=new_form_token(),
        )
        own = development.own_indicator_add(
            actor=officer,
            unit=leader,
            text="ชักชวนเยาวชนในหมู่บ้านร่วมกิจกรรมจิตอาสา",
            evidence="ภาพกิจกรรมและรายชื่อผู้ร่วม",
            levels=["ยังไม่มีเยาวชนร่วม", "มีเยาวชนร่วมบ้าง", "เยาวชนร่วมทุกครั้ง"],
            once=new_form_token(),
        )
        own_levels = {lv.score: lv.pk for lv in own.levels.all()}
        answers: dict[int, tuple[int | None, str]] = {
            i.pk: (
                i.levels.get(score=2 + (n % 3)).pk,
                "ประเมินร่วมกับพัฒนากรในเวทีประชาคม" if n == 0 else "",
            )
            for n, i in enumerate(indicators)
        }
        development.self_assessment_save(
            actor=officer,
            unit=leader,
            phase=Phase.BEFORE,
            answers=answers,
            own_answers={own.pk: (own_levels[1], "")},
            finish=True,
        )
        self._plan(development, officer, leader, year, indicators, answers, own, own_levels)

    def _plan(self, development, officer, leader, year, indicators, before, own, own_levels):
        """The leader's plan for two gaps, approved, one item done with evidence, and the
        after-assessment: the demo shows a change chart."""
        from development.models import Phase
        from frameworks.models import Level

        scores = dict(
            Level.objects.filter(pk__in=[v[0] for v in before.values()]).values_list("pk", "score")
        )
        gaps = [
            i
            for i in indicators.order_by("component__order", "order")
            if scores[before[i.pk][0]] <= 3
        ]
        start = dt.date(year.fiscal_year - 543, 1, 10)
        items = []
        for indicator, (knowledge, method, resource, wisdom) in zip(
            gaps[:2],
            [
                (
                    "การเป็นวิทยากรกระบวนการในเวทีประชาคม",
                    "อบรมร่วมกับผู้นำ อช. ทั้งอำเภอ",
                    "สำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน",
                    False,
                ),
                (
                    "การจัดทำบัญชีครัวเรือนและถ่ายทอดให้ลูกบ้าน",
                    "ศึกษาดูงานและฝึกปฏิบัติกับปราชญ์ชาวบ้าน",
                    "พ่อหลวงบุญมา ปราชญ์ชาวบ้านตำบลเหมืองง่า",
                    True,
                ),
            ],
            strict=False,
        ):
            current = scores[before[indicator.pk][0]]
            items.append(
                development.plan_item_add(
                    once=new_form_token(),
                    actor=officer,
                    unit=leader,
                    indicator_id=indicator.pk,
                    values={
                        "knowledge": knowledge,
                        "method": method,
                        "starts_on": start,
                        "ends_on": start + dt.timedelta(days=60),
                        "resource": resource,
                        "local_wisdom": wisdom,
                        "evidence": "รายงานการประชุมและภาพกิจกรรม",
                        "target_score": current + 1,
                    },
                )
            )
        development.plan_submit(actor=officer, unit=leader)
        reviewer = leader.responsible_developer or officer
        development.plan_review(
            actor=reviewer, unit=leader, approve=True, comment="เห็นชอบ ดำเนินการตามแผน"
        )
        development.plan_item_progress(
            actor=reviewer,
            item=items[0],
            progress="DONE",
            note="เข้าอบรมครบหลักสูตรแล้ว",
            expected_version=items[0].version,
        )
        development.evidence_upload(
            actor=officer,
            unit=leader,
            uploads=[
                _scan("รายงานการประชุมประชาคมหมู่บ้าน", [leader.name, "วาระที่ 1 การจัดทำแผนพัฒนาหมู่บ้าน"])
            ],
            plan_item_id=items[0].pk,
            description="รายงานการประชุมที่ผู้นำเป็นวิทยากรกระบวนการ",
            once=new_form_token(),
        )
        after = {}
        for indicator in indicators:
            level_id, _note = before[indicator.pk]
            raised = scores[level_id] + (1 if indicator in gaps[:2] or scores[level_id] == 2 else 0)
            after[indicator.pk] = (indicator.levels.get(score=min(raised, 5)).pk, "")
        development.self_assessment_save(
            actor=officer,
            unit=leader,
            phase=Phase.AFTER,
            answers=after,
            own_answers={own.pk: (own_levels[3], "")},
            finish=True,
        )

    def _unit(
        self,
        year,
        actor,
        unit_type,
        district_code,
        data,
        *,
        team=None,
        advisers=None,
        organisations=None,
        submit=False,
        complete=False,
    ):
        data = {**data, "privacy_notice": True}
        unit = services.unit_create(
            actor=actor,
            programme_year=year,
            unit_type=unit_type,
            district_id=district_code,
            data=data,
            team=team,
            advisers=advisers,
            member_organisations=organisations,
        )
        if not (submit or complete):
            # A draft with only its application form: what an officer leaves half-done.
            services.document_upload(
                actor=actor,
                unit=unit,
                kind=DocumentKind.APPLICATION_FORM,
                upload=self._document(unit, DocumentKind.APPLICATION_FORM),
            )
            return unit
        for kind, required in REQUIRED_DOCUMENTS[unit_type]:
            if required:
                services.document_upload(
                    actor=actor, unit=unit, kind=kind, upload=self._document(unit, kind)
                )
        services.unit_submit(actor=actor, unit=unit)
        if complete:
            reviewer = User.objects.get(role=Role.DISTRICT, district_id=district_code)
            for document in unit.documents.filter(is_current=True):
                services.document_verify(actor=reviewer, document=document)
        unit.refresh_from_db()
        return unit

    def _document(self, unit, kind):
        from registration.exports import application_form

        if kind == DocumentKind.APPLICATION_FORM:
            return SimpleUploadedFile(
                "ใบสมัคร.pdf", application_form(unit), content_type="application/pdf"
            )
        if kind == DocumentKind.PHOTO:
            return _photo(unit.name)
        if kind in (DocumentKind.ID_CARD, DocumentKind.HOUSE_REGISTRATION):
            return _photo(f"{DocumentKind(kind).label} (demo)")
        people = (
            "\n".join(
                f"{i}. {m.name} {m.position}" for i, m in enumerate(unit.team_members.all(), 1)
            )
            or "-"
        )
        return _scan(
            str(DocumentKind(kind).label),
            [
                f"{unit.name}",
                f"{unit.subdistrict.display_name} {unit.district.display_name}",
                people,
            ],
        )
