"""Certificates at scale: prints timings; the database leg fails (exit 1) unless every
certificate was issued and stored.

    .venv/bin/python scripts/benchmark_certificates.py [--count 1000] [--single 100] [--no-db]

1. Rendering: `--count` different certificates as one typst document (QR codes made, one
   compile, the PDF cut into one file per certificate), then `--single` of the same
   certificates rendered one at a time, the way a single issue does. Per certificate.
2. The whole batch task through the database (unless --no-db): as many certified units seeded
   in a throw-away SQLite database under /tmp (or DATABASE_URL, which must then be an empty
   database it may fill), then `certification.batch.run_batch`: numbers issued, the combined
   PDF rendered, every certificate's file stored. The year's signer is set first, as
   certification requires before any certificate is issued; the run then checks that the batch
   finished and that each certified unit has a current certificate with a stored file.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NAMES = [
    "กลุ่มออมทรัพย์เพื่อการผลิตบ้าน",
    "กลุ่มทอผ้าฝ้ายบ้าน",
    "กลุ่มแม่บ้านเกษตรกรบ้าน",
    "วิสาหกิจชุมชนผลิตภัณฑ์จักสานบ้าน",
    "นาย",
    "นาง",
]
PLACES = ["ท่าขาม", "หนองช้างคืน", "ป่าซาง", "ศรีบัวบาน", "เหมืองง่า", "ริมปิง", "บ้านธิ"]


def sample_data(count: int):
    import datetime as dt

    from certification.codes import new_code, verify_url
    from documents.certificate import CertificateData, Signer

    rng = random.Random(7)
    signers = [
        Signer("นายวีระพงษ์ ตัวอย่าง", "ผู้ว่าราชการจังหวัดลำพูน"),
        Signer("นางสาวสมศรี ตัวอย่าง", "พัฒนาการจังหวัดลำพูน"),
    ]
    out = []
    for i in range(count):
        code = new_code()
        out.append(
            CertificateData(
                province="ลำพูน",
                unit_name=f"{rng.choice(NAMES)}{rng.choice(PLACES)} {i + 1}",
                place="อำเภอเมืองลำพูน",
                standard="มาตรฐานกลุ่ม/องค์กรชุมชน",
                fiscal_year=2570,
                issued_on=dt.date(2027, 5, 15),
                number=f"ลพ {i + 1}/2570",
                code=code,
                verify_url=verify_url(code),
                signers=signers,
            )
        )
    return out


def bench_rendering(count: int, single: int) -> None:
    from documents import certificate as doc
    from documents.render import render_pdf

    data = sample_data(count)
    doc.certificate_pdf(data[0])  # fonts and the compiler warm up once per process
    folder = Path(tempfile.mkdtemp(prefix="mchch-cert-bench-"))

    def per(seconds):
        return seconds * 1000 / count

    # The steps one after the other, to see where the time goes.
    start = time.perf_counter()
    typst_data = doc.typst_data(data)
    prepared = time.perf_counter()
    combined = render_pdf("certificate", typst_data)
    compiled = time.perf_counter()
    files = doc.split_pages(combined)
    split = time.perf_counter()
    assert len(files) == count
    print(f"{count} certificates, the steps one after the other (ms per certificate)")
    print(f"  QR codes and data                        {per(prepared - start):7.2f}")
    print(f"  one typst compile of {count} pages          {per(compiled - prepared):7.2f}")
    print(f"  cut into one PDF per certificate         {per(split - compiled):7.2f}")

    # What the batch task does: the same, with typst compiling in a second thread.
    data = sample_data(count)[::-1]  # new codes, so typst's caches do not flatter the run
    start = time.perf_counter()
    combined, files = doc.render_batch(data)
    rendered = time.perf_counter()
    for i, content in enumerate(files):
        (folder / f"{i}.pdf").write_bytes(content)
    (folder / "all.pdf").write_bytes(combined)
    stored = time.perf_counter()
    assert len(files) == count
    batch = per(stored - start)
    print(f"the batch: {count} certificates, typst in a second thread (ms per certificate)")
    print(f"  render, cut and join (render_batch)      {per(rendered - start):7.2f}")
    print(f"  write {count} files and the combined PDF  {per(stored - rendered):7.2f}")
    print(f"  total                                    {batch:7.2f}")

    timings = []
    for d in data[:single]:
        t = time.perf_counter()
        (folder / "one.pdf").write_bytes(doc.certificate_pdf(d))
        timings.append((time.perf_counter() - t) * 1000)
    print(f"one at a time, {single} of the same certificates (ms per certificate)")
    print(f"  median {statistics.median(timings):7.2f}   mean {statistics.mean(timings):7.2f}")
    print(f"the batch is {statistics.mean(timings) / batch:.1f}× faster per certificate")


def bench_batch(count: int) -> None:
    from django.core.management import call_command

    from accounts.models import Role, User
    from certification.batch import run_batch
    from certification.models import Certificate, CertificateBatch
    from certification.services import certificate_settings_update, settings_for
    from geography.models import Province, Subdistrict
    from programme.services import programme_year_create
    from registration.models import Status, Unit

    call_command("migrate", verbosity=0)
    import io

    call_command("load_geography", stdout=io.StringIO())
    officer = User.objects.create_user(
        username="bench-province", password="x", role=Role.PROVINCE, province_id="51"
    )
    year = programme_year_create(
        actor=officer, province=Province.objects.get(pk="51"), fiscal_year=2570
    )
    # No certificate is issued without a signer (certification.services.require_signer).
    certificate_settings_update(
        actor=officer,
        year=year,
        expected_version=settings_for(year).version,
        data={"signer_name": "นายวีระพงษ์ ตัวอย่าง", "signer_position": "ผู้ว่าราชการจังหวัดลำพูน"},
    )
    subdistricts = list(Subdistrict.objects.filter(district__province_id="51"))
    rng = random.Random(7)
    units = []
    for i in range(count):
        sub = rng.choice(subdistricts)
        name = f"{rng.choice(NAMES)}{rng.choice(PLACES)} {i + 1}"
        units.append(
            Unit(
                programme_year=year,
                fiscal_year=2570,
                unit_type=rng.choice(["LEADER", "GROUP", "NETWORK", "COMMUNITY"]),
                status=Status.CERTIFIED,
                district_id=sub.district_id,
                subdistrict=sub,
                name=name,
                name_key=name,
                created_by=officer,
            )
        )
    Unit.objects.bulk_create(units)
    batch = CertificateBatch.objects.create(programme_year=year, requested_by=officer)
    start = time.perf_counter()
    run_batch(batch.pk)
    elapsed = time.perf_counter() - start
    batch.refresh_from_db()
    current = Certificate.objects.filter(programme_year=year, revoked_at__isnull=True)
    issued = current.count()
    stored = current.exclude(pdf="").count()
    if batch.state != CertificateBatch.State.DONE or issued != count or stored != count:
        sys.exit(
            f"FAILED: the batch ended {batch.state} ({batch.error or 'no error recorded'}); "
            f"{issued} of {count} certificates issued, {stored} of {count} stored"
        )
    print(f"the batch task through the database ({stored} certificates issued and stored)")
    print(f"  {elapsed:.2f} s in all, {elapsed * 1000 / count:.2f} ms per certificate")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--single", type=int, default=100)
    parser.add_argument("--no-db", action="store_true")
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        os.environ["MCHCH_VAR_DIR"] = tempfile.mkdtemp(prefix="mchch-bench-")
    os.environ.setdefault("MCHCH_MEDIA_ROOT", tempfile.mkdtemp(prefix="mchch-bench-media-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    print(f"{os.cpu_count()} cores")
    bench_rendering(args.count, args.single)
    if not args.no_db:
        bench_batch(args.count)


if __name__ == "__main__":
    main()
