"""The machine-readable twin of a certificate: an Open Badges 3.0 / W3C Verifiable Credential
signed with an Ed25519 Data Integrity proof (eddsa-jcs-2022).

Everything in it comes from what the certificate recorded when it was issued, and the proof's
`created` is the issue time, so the same certificate always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.conf import settings
from django.utils import timezone

from certification.codes import normalise_code, verify_url
from certification.models import Certificate
from certification.signing import key_fragment, public_key_multibase, sign
from documents.text import province_name

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
PROGRAMME = "ระบบมาตรฐานการพัฒนาชุมชน (มชช.)"
CRITERIA = (
    "ผ่านการตรวจประเมินของคณะกรรมการตรวจประเมินระดับอำเภอและระดับจังหวัด "
    "ตามเกณฑ์มาตรฐานที่คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดให้ความเห็นชอบ "
    "และคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดมีมติรับรอง"
)


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def issuer_id(province_code: str) -> str:
    return f"{site_url()}/issuer/{province_code}"


def verification_method(province_code: str) -> str:
    return f"{issuer_id(province_code)}#{key_fragment()}"


def credential_id(code: str) -> str:
    return f"{verify_url(code)}/credential.json"


def status_url(code: str) -> str:
    return f"{verify_url(code)}/status.json"


_ID_CODE = re.compile(r"/verify/([0-9A-Z]{10})(?:/|$)")


def code_from_credential(credential: dict[str, Any]) -> str | None:
    """The certificate's code, read from the credential's id."""
    value = credential.get("id")
    if not isinstance(value, str):
        return None
    match = _ID_CODE.search(value)
    return normalise_code(match.group(1)) if match else None


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def issuer_office(province_name_th: str) -> str:
    return f"สำนักงานพัฒนาชุมชน{province_name(province_name_th)}"


def issuer_profile(province) -> dict[str, Any]:
    """The issuer's public document: who it is and the key its credentials are signed with."""
    own_id = issuer_id(province.code)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT, "https://w3id.org/security/multikey/v1"],
        "id": own_id,
        "type": ["Profile"],
        "name": issuer_office(province.name_th),
        "url": site_url(),
        "verificationMethod": [
            {
                "id": verification_method(province.code),
                "type": "Multikey",
                "controller": own_id,
                "publicKeyMultibase": public_key_multibase(),
            }
        ],
        "assertionMethod": [verification_method(province.code)],
    }


def unsigned_credential(certificate: Certificate) -> dict[str, Any]:
    year = certificate.programme_year
    province = year.province
    unit = certificate.unit
    standard = certificate.type_label
    place = f"{unit.district.display_name} {province_name(province.name_th)}"
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id(certificate.code),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"ประกาศนียบัตร{standard} เลขที่ {certificate.display_number}",
        "issuer": {
            "id": issuer_id(province.code),
            "type": ["Profile"],
            "name": issuer_office(province.name_th),
            "url": site_url(),
        },
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": certificate.unit_name,
                }
            ],
            "achievement": {
                "id": f"urn:mchch:achievement:{province.code}:{year.fiscal_year}:{certificate.unit_type}",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": f"{standard} ปี {year.fiscal_year}",
                "description": (
                    f"{certificate.unit_name} ({place}) ได้ผ่านการรับรอง{standard} "
                    f"ตาม{PROGRAMME} ประจำปีงบประมาณ พ.ศ. {year.fiscal_year} "
                    f"ประกาศนียบัตรเลขที่ {certificate.display_number}"
                ),
                "criteria": {"narrative": CRITERIA},
            },
        },
        "credentialStatus": {"id": status_url(certificate.code), "type": "1EdTechRevocationList"},
    }


def signed_credential(certificate: Certificate) -> dict[str, Any]:
    return sign(
        unsigned_credential(certificate),
        verification_method=verification_method(certificate.programme_year.province_id),
        created=_iso(certificate.issued_at),
    )


def credential_bytes(certificate: Certificate) -> bytes:
    return json.dumps(signed_credential(certificate), ensure_ascii=False, indent=2).encode()


def revocation_list(certificate: Certificate) -> dict[str, Any]:
    """The credential's status as a 1EdTech revocation list holding this credential or none."""
    revoked = []
    if certificate.is_revoked:
        revoked.append(
            {
                "id": credential_id(certificate.code),
                "revocationReason": certificate.revocation_reason,
                "revokedAt": _iso(certificate.revoked_at or timezone.now()),
            }
        )
    return {
        "id": status_url(certificate.code),
        "issuer": issuer_id(certificate.programme_year.province_id),
        "revokedCredentials": revoked,
    }
