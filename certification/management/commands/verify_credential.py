"""Check a certificate's credential file: its form, its issuer's key, its signature, its status.

    python manage.py verify_credential credential-ABCDE12345.json

Prints why it fails, in Thai and English, and exits non-zero on any failure.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certification.credential import code_from_credential, issuer_id, verification_method
from certification.models import Certificate
from certification.signing import ProofError, public_key_multibase, signing_key, verify
from core.thai import thai_datetime


class Command(BaseCommand):
    help = "Verify an Open Badges 3.0 credential issued by this system (signature and status)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the credential JSON file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            credential = json.loads(path.read_bytes())
        except OSError as exc:
            raise CommandError(f"อ่านไฟล์ไม่ได้ (cannot read file): {exc.strerror}") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"ไฟล์ไม่ใช่ JSON ที่ถูกต้อง (malformed JSON): {exc}") from exc
        if not isinstance(credential, dict) or "VerifiableCredential" not in (
            credential.get("type") or []
        ):
            raise CommandError(
                "ไฟล์ไม่ใช่ข้อมูลรับรองดิจิทัล (not a Verifiable Credential: no VerifiableCredential type)"
            )

        proof = credential.get("proof")
        if not isinstance(proof, dict):
            raise CommandError("ไม่มีลายมือชื่อดิจิทัล (no proof)")

        # 1. The key: the proof must name this system's key, published under the credential's
        # issuer (one of the provinces' offices).
        issuer = credential.get("issuer")
        issuer_value = issuer.get("id") if isinstance(issuer, dict) else issuer
        method = proof.get("verificationMethod")
        province = str(issuer_value or "").removeprefix(issuer_id(""))
        if (
            not isinstance(issuer_value, str)
            or issuer_value != issuer_id(province)
            or not province
            or method != verification_method(province)
        ):
            raise CommandError(
                "ไม่รู้จักกุญแจที่ใช้ลงนาม (unknown key): "
                f"verificationMethod {method!r} is not this system's key for issuer {issuer_value!r}"
            )

        # 2. The signature over the canonical (JCS) form.
        try:
            verify(credential, signing_key().public_key())
        except ProofError as error:
            raise CommandError(error.message) from error

        # 3. The status, from the database.
        code = code_from_credential(credential)
        certificate = Certificate.objects.filter(code=code).first() if code else None
        if certificate is None:
            raise CommandError(
                "ไม่พบประกาศนียบัตรนี้ในระบบ (unknown certificate: no certificate with this id)"
            )
        if certificate.is_revoked:
            raise CommandError(
                f"ประกาศนียบัตรถูกเพิกถอนแล้ว (revoked) เมื่อ {thai_datetime(certificate.revoked_at)}: "
                f"{certificate.revocation_reason}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"ถูกต้อง (valid): ประกาศนียบัตรเลขที่ {certificate.display_number} "
                f"ของ {certificate.unit_name} ลงนามด้วยกุญแจ {public_key_multibase()[:16]}… "
                "และยังไม่ถูกเพิกถอน (signature verified, not revoked)"
            )
        )
