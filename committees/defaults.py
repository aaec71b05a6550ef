"""The committees' starting structure, from the orders of seed 004 (คำสั่งจังหวัดฉะเชิงเทรา
ที่ ๑๒, ๑๓ และ ๑๔/๒๕๖๒), adapted to the province, its districts and the fiscal year.

Plain data: committees.services.committees_create_for_year turns it into rows. The texts keep
Arabic digits; the order shows them in Thai numerals when the committee asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from committees.models import EFFECTIVE_TEXT, Kind, MemberRole, MemberTitle

CHAIR, VICE, MEMBER, SECRETARY, ASSISTANT = (
    MemberRole.CHAIR,
    MemberRole.VICE_CHAIR,
    MemberRole.MEMBER,
    MemberRole.SECRETARY,
    MemberRole.ASSISTANT_SECRETARY,
)

MCHCH = "ระบบมาตรฐานการพัฒนาชุมชน (มชช.)"


@dataclass
class MemberTemplate:
    position_title: str
    role: str
    agency: str = ""


@dataclass
class CommitteeTemplate:
    kind: str
    name: str
    member_title: str
    subject: str
    reason: str
    authority: str
    members: list[MemberTemplate] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    issuing_office: str = ""
    signer_position: str = "รองผู้ว่าราชการจังหวัด"
    on_behalf_of: str = ""
    effective_text: str = EFFECTIVE_TEXT


def _reason(fiscal_year: int) -> str:
    return (
        f"กรมการพัฒนาชุมชน ได้กำหนดให้มีการดำเนินงานการพัฒนาตาม{MCHCH} ประจำปี {fiscal_year} "
        "โดยกลุ่มเป้าหมายประกอบด้วยผู้นำชุมชน กลุ่มองค์กรชุมชน เครือข่ายองค์กรชุมชน และชุมชน "
        "เพื่อเป็นเครื่องมือในการสร้างความเข้มแข็งในชุมชน โดยกำหนดให้มีการดำเนินกิจกรรมเป็นประจำทุกปี"
    )


def _authority(fiscal_year: int, appointed: str) -> str:
    return (
        f"เพื่อให้การดำเนินงานตาม{MCHCH} ประจำปี {fiscal_year} เป็นไปอย่างมีประสิทธิภาพ "
        f"จึงแต่งตั้ง{appointed} ดังนี้"
    )


def _appointment(
    *,
    kind: str,
    name: str,
    member_title: str,
    province: str,
    fiscal_year: int,
    members: list[MemberTemplate],
    duties: list[str],
    appointed: str = "",
) -> CommitteeTemplate:
    """An order as the seeds word it: the subject appoints `name`, the authority paragraph names
    `appointed` (the name, unless the order words it shorter), the province issues and signs."""
    return CommitteeTemplate(
        kind=kind,
        name=name,
        member_title=member_title,
        subject=f"แต่งตั้ง{name}",
        reason=_reason(fiscal_year),
        authority=_authority(fiscal_year, appointed or name),
        members=members,
        duties=duties,
        issuing_office=f"จังหวัด{province}",
        on_behalf_of=f"ผู้ว่าราชการจังหวัด{province}",
    )


def _local_members(area: str, health_head: str) -> list[MemberTemplate]:
    """The agency heads and network chairs each assessment order lists at its level; `area` is
    "จังหวัด…" or "อำเภอ…", `health_head` the public-health head's title at that level."""
    return [
        MemberTemplate(f"{health_head}{area}", MEMBER),
        MemberTemplate(f"ท้องถิ่น{area}", MEMBER),
        MemberTemplate(f"เกษตร{area}", MEMBER),
        MemberTemplate(f"ประธานชมรมอาสาพัฒนาชุมชน{area}", MEMBER),
        MemberTemplate(f"ประธานศูนย์ประสานงานองค์กรชุมชน{area}", MEMBER),
        MemberTemplate(f"ประธานเครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต{area}", MEMBER),
    ]


def provincial_certification(province: str, fiscal_year: int) -> CommitteeTemplate:
    """Order 12/2562: the provincial certification committee, chaired by the vice governor."""
    p = province
    office = f"สำนักงานพัฒนาชุมชนจังหวัด{p}"
    return _appointment(
        kind=Kind.PROVINCIAL_CERTIFICATION,
        name=f"คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด{p}",
        member_title=MemberTitle.COMMITTEE,
        province=p,
        fiscal_year=fiscal_year,
        members=[
            MemberTemplate(f"รองผู้ว่าราชการจังหวัด{p}", CHAIR, f"(ที่กำกับดูแล{office})"),
            MemberTemplate(f"ปลัดจังหวัด{p}", VICE),
            *_local_members(f"จังหวัด{p}", "นายแพทย์สาธารณสุข"),
            MemberTemplate(f"พัฒนาการจังหวัด{p}", SECRETARY),
            MemberTemplate("หัวหน้ากลุ่มงานส่งเสริมการพัฒนาชุมชน", ASSISTANT, office),
            MemberTemplate("นักวิชาการพัฒนาชุมชนชำนาญการ", ASSISTANT, office),
        ],
        duties=[
            f"ให้ความเห็นชอบในการกำหนดรูปแบบ วิธีการ เครื่องมือ และเกณฑ์ในการประเมินผลตาม{MCHCH}",
            "แต่งตั้งคณะกรรมการทุกระดับ",
            f"พิจารณารับรองผู้ผ่านการประเมินตาม{MCHCH}",
            f"จัดทำประกาศจังหวัด และใบประกาศเกียรติคุณแก่ผู้ผ่านการประเมินตาม{MCHCH}",
        ],
    )


def provincial_assessment(province: str, fiscal_year: int) -> CommitteeTemplate:
    """Order 13/2562: the provincial assessment committee, chaired by the provincial CD officer."""
    p = province
    office = f"สำนักงานพัฒนาชุมชนจังหวัด{p}"
    return _appointment(
        kind=Kind.PROVINCIAL_ASSESSMENT,
        name=f"คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชน จังหวัด{p}",
        member_title=MemberTitle.SUBCOMMITTEE,
        province=p,
        fiscal_year=fiscal_year,
        appointed="คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชน",
        members=[
            MemberTemplate(f"พัฒนาการจังหวัด{p}", CHAIR),
            *_local_members(f"จังหวัด{p}", "นายแพทย์สาธารณสุข"),
            MemberTemplate("หัวหน้ากลุ่มงานส่งเสริมการพัฒนาชุมชน", SECRETARY, office),
            MemberTemplate("นักวิชาการพัฒนาชุมชนชำนาญการ", ASSISTANT, office),
        ],
        duties=[
            "ให้คำแนะนำ กำกับ ติดตาม และสอนแนะเจ้าหน้าที่พัฒนาชุมชนอำเภอในการดำเนินงาน"
            f"พัฒนากลุ่มเป้าหมายตามแนวทาง{MCHCH}",
            f"จัดทำร่างเกณฑ์การประเมินผู้ผ่านการประเมินตาม{MCHCH}",
            f"จัดประชุมคณะกรรมการในระดับจังหวัด เพื่อประเมินผู้ผ่านการประเมินตาม{MCHCH}",
            f"จัดทำทะเบียนผู้ผ่านการประเมินตาม{MCHCH} และเสนอคณะกรรมการรับรองมาตรฐาน"
            "การพัฒนาชุมชนจังหวัด เพื่อดำเนินการพิจารณารับรองผู้ผ่านการประเมิน"
            f"ตาม{MCHCH}",
            f"จัดทำทะเบียนข้อมูลผู้ผ่านการประเมินตาม{MCHCH}",
            f"จัดทำเอกสารเผยแพร่หรือดำเนินการประชาสัมพันธ์ผู้ผ่านการประเมินตาม{MCHCH}",
        ],
    )


def district_assessment(province: str, district: str, fiscal_year: int) -> CommitteeTemplate:
    """Order 14/2562 ("อำเภอละ ๑ คณะ"): one district assessment committee, chaired by the
    district chief. `district` is the bare name ("เมืองลำพูน")."""
    d = district
    office = f"สำนักงานพัฒนาชุมชนอำเภอ{d}"
    return _appointment(
        kind=Kind.DISTRICT_ASSESSMENT,
        name=f"คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชน ระดับอำเภอ อำเภอ{d}",
        member_title=MemberTitle.SUBCOMMITTEE,
        province=province,
        fiscal_year=fiscal_year,
        members=[
            MemberTemplate(f"นายอำเภอ{d}", CHAIR),
            *_local_members(f"อำเภอ{d}", "สาธารณสุข"),
            MemberTemplate(f"พัฒนาการอำเภอ{d}", SECRETARY, office),
            MemberTemplate("เจ้าหน้าที่พัฒนาชุมชน", ASSISTANT, f"ในสังกัด{office}"),
        ],
        duties=[
            f"ติดตามการดำเนินการพัฒนาศักยภาพของกลุ่มเป้าหมายที่สมัครเข้าสู่{MCHCH}",
            "บูรณาการความรู้ ความเชี่ยวชาญจากหน่วยงานในพื้นที่ เพื่อพัฒนากลุ่มเป้าหมายที่สมัคร"
            f"เข้าสู่{MCHCH} ให้ผ่านเกณฑ์ที่คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดกำหนด",
            f"ตรวจประเมินกลุ่มเป้าหมายที่สมัครเข้าสู่{MCHCH} "
            "ตามเกณฑ์ที่คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดกำหนด",
            "สรุปผลและเสนอความเห็นในการรับรองผู้ผ่านการประเมินตาม"
            f"{MCHCH} ต่อคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด",
        ],
    )


def zone_group(
    province: str, zone_name: str, districts: list[str], fiscal_year: int, name: str = ""
) -> CommitteeTemplate:
    """A zone working group (seed 001 §2.9: units present their development to the zone's
    working group). The seeds give no order for it; this mirrors the district committee with
    the zone's district officers as members. `districts` are bare names; `name` replaces the
    one made from the zone's."""
    office = f"สำนักงานพัฒนาชุมชนจังหวัด{province}"
    return _appointment(
        kind=Kind.ZONE,
        name=name or f"คณะทำงานประเมินผลและรับรองมาตรฐานการพัฒนาชุมชน ระดับโซนอำเภอ {zone_name}".strip(),
        member_title=MemberTitle.WORKING_GROUP,
        province=province,
        fiscal_year=fiscal_year,
        members=[
            MemberTemplate("หัวหน้ากลุ่มงานส่งเสริมการพัฒนาชุมชน", CHAIR, office),
            *(MemberTemplate(f"พัฒนาการอำเภอ{d}", MEMBER) for d in districts),
            MemberTemplate("นักวิชาการพัฒนาชุมชนชำนาญการ", SECRETARY, office),
        ],
        duties=[
            f"รับฟังการนำเสนอผลการพัฒนาตนเองของกลุ่มเป้าหมายที่สมัครเข้าสู่{MCHCH} ในระดับโซนอำเภอ",
            "ประเมินผลกลุ่มเป้าหมายตามเกณฑ์ที่คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดกำหนด",
            "สรุปผลการประเมินเสนอคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด",
        ],
    )
