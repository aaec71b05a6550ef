"""The province records that its year-end report went to the department (reports.services
.year_end_report_send): confirmed, once per press, audited, by the province's own officer only;
the department's start page lists the provinces that have not sent it."""

from django.urls import reverse

from audit.models import AuditEntry
from core.once import new_form_token
from reports.models import YearEndReportSent


def send(client, user, year, **data):
    client.force_login(user)
    return client.post(reverse("reports:year_end_send", args=[year.pk]), data, follow=True)


def test_the_province_records_the_report_sent_once_per_press_and_audited(pat, year, client):
    # Without the confirmation nothing is recorded, and the page says why.
    response = send(client, pat, year, once=new_form_token())
    assert "กรุณายืนยันว่าได้ส่งรายงานประจำปีถึงกรมการพัฒนาชุมชนแล้ว" in response.content.decode()
    assert not YearEndReportSent.objects.exists()

    once = new_form_token()
    response = send(client, pat, year, once=once, confirm="1")
    assert "บันทึกการส่งรายงานประจำปีถึงกรมการพัฒนาชุมชนแล้ว" in response.content.decode()
    sent = YearEndReportSent.objects.get(programme_year=year)
    assert sent.sent_by == pat and sent.times == 1 and sent.first_sent_at == sent.sent_at
    entry = AuditEntry.objects.get(action="year_end_report.send")
    assert entry.actor == pat and entry.object_id == str(year.pk)
    page = client.get(reverse("reports:year_end", args=[year.pk])).content.decode()
    assert "ส่งกรมแล้ว" in page

    # The same form pressed again records nothing more.
    response = send(client, pat, year, once=once, confirm="1")
    assert "ระบบจึงไม่บันทึกซ้ำ" in response.content.decode()
    assert YearEndReportSent.objects.get().times == 1
    assert AuditEntry.objects.filter(action="year_end_report.send").count() == 1

    # A corrected report sent later keeps the first time and counts the sending.
    send(client, pat, year, once=new_form_token(), confirm="1")
    again = YearEndReportSent.objects.get()
    assert again.times == 2 and again.first_sent_at == sent.first_sent_at
    assert again.sent_at > sent.sent_at


def test_only_the_provinces_own_officer_records_it(alice, olivia, admin_user, year, client):
    for user in (alice, olivia, admin_user):
        client.force_login(user)
        response = client.post(
            reverse("reports:year_end_send", args=[year.pk]),
            {"once": new_form_token(), "confirm": "1"},
        )
        assert response.status_code == 404, user.username
    assert not YearEndReportSent.objects.exists()
    assert not AuditEntry.objects.filter(action="year_end_report.send").exists()


def test_a_form_without_its_token_records_nothing(pat, year, client):
    response = send(client, pat, year, confirm="1")
    assert response.status_code == 200
    assert not YearEndReportSent.objects.exists()


def test_the_department_sees_the_provinces_that_have_not_sent(admin_user, pat, year, client):
    def not_sent_part() -> str:
        client.force_login(admin_user)
        page = client.get(reverse("home"), follow=True).content.decode()
        return page.split("จังหวัดที่ยังไม่ส่งรายงานผลการดำเนินงานประจำปีถึงกรม")[1]

    part = not_sent_part()
    assert "(1)" in part.split("</h2>")[0]
    assert reverse("reports:year_end", args=[year.pk]) in part and "ลำพูน" in part
    send(client, pat, year, once=new_form_token(), confirm="1")
    part = not_sent_part()
    assert "ลำพูน" not in part.split("</section>")[0]
    assert "ทุกจังหวัดที่เปิดปีแล้วส่งรายงานประจำปีแล้ว" in part
