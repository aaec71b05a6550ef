"""What anyone may see without signing in: the verification page, the credential and its
status, and the issuer's public key. One indexed query a request; nothing personal."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from certification.codes import normalise_code
from certification.credential import credential_bytes, issuer_profile, revocation_list
from certification.forms import VerifyForm
from certification.models import Certificate
from certification.public_cache import cache_publicly
from geography.models import Province


def _find(code: str) -> Certificate | None:
    normal = normalise_code(code)
    if normal is None:
        return None
    return (
        Certificate.objects.select_related("programme_year__province", "unit__district")
        .only(
            "code",
            "number",
            "display_number",
            "unit_name",
            "unit_type",
            "issued_on",
            "issued_at",
            "revoked_at",
            "revocation_reason",
            "programme_year__fiscal_year",
            "programme_year__province__code",
            "programme_year__province__name_th",
            "unit__district__code",
            "unit__district__name_th",
            "unit__district__province_id",
        )
        .filter(code=normal)
        .first()
    )


def _not_found(request, code: str = "") -> HttpResponse:
    return render(request, "certification/verify_not_found.html", {"code": code[:40]}, status=404)


@require_GET
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        if code is not None:
            return redirect("verify", code=code)
        form.add_error("code", _("รหัสตรวจสอบต้องมี ๑๐ ตัวอักษร (ตัวเลขและอักษรภาษาอังกฤษ)"))
    return cache_publicly(render(request, "certification/verify_form.html", {"form": form}))


@require_GET
def verify(request, code: str):
    normal = normalise_code(code)
    if normal is not None and normal != code:
        return redirect("verify", code=normal)
    certificate = _find(code)
    if certificate is None:
        return _not_found(request, code)
    return cache_publicly(
        render(request, "certification/verify.html", {"certificate": certificate})
    )


@require_GET
def verify_credential(request, code: str):
    certificate = _find(code)
    if certificate is None or normalise_code(code) != code:
        raise Http404
    certificate = Certificate.objects.select_related(
        "programme_year__province", "unit__district"
    ).get(pk=certificate.pk)
    response = HttpResponse(credential_bytes(certificate), content_type="application/json")
    response["Content-Disposition"] = content_disposition_header(
        True, f"ข้อมูลรับรองดิจิทัล-{certificate.code}.json"
    )
    return cache_publicly(response)


@require_GET
def verify_status(request, code: str):
    certificate = _find(code)
    if certificate is None or normalise_code(code) != code:
        raise Http404
    return cache_publicly(
        JsonResponse(revocation_list(certificate), json_dumps_params={"ensure_ascii": False})
    )


@require_GET
def issuer(request, province_code: str):
    province = Province.objects.filter(code=province_code[:2]).first()
    if province is None or province_code != province.code:
        raise Http404
    return cache_publicly(
        JsonResponse(issuer_profile(province), json_dumps_params={"ensure_ascii": False})
    )
