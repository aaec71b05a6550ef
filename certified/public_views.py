"""What anyone may see without signing in: the register of certified units and the profiles
their districts published, with the photos they approved.

Nothing personal: rows are read with `.only()` the public columns (name, type, village,
subdistrict, district, province, year, certificate), never a national ID, birth date, house
number or phone; templates show only those. Anything not public is a plain 404.
"""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from certification.public_cache import cache_publicly  # as verify: changes show in a minute
from certified import selectors
from certified.forms import PublicRegisterForm, not_understood
from geography.models import Province

PAGE_SIZE = 50


@require_GET
def register(request):
    form = PublicRegisterForm(
        request.GET or None,
        years=selectors.fiscal_years(),
        provinces=Province.objects.order_by("name_th"),
    )
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    refused = not_understood(form)
    units = selectors.public_register(filters)
    if refused:
        units = units.none()  # as the staff register: nothing, rather than every row
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.attach_columns(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return cache_publicly(
        render(
            request,
            "certified/public_list.html",
            {
                "form": form,
                "not_understood": refused,
                "page": page,
                "rows": rows,
                "querystring": query.urlencode(),
            },
        )
    )


@require_GET
def profile(request, unit_id: int):
    found = selectors.public_profile(unit_id)
    if found is None:
        raise Http404
    unit_profile, certificate, photos = found
    return cache_publicly(
        render(
            request,
            "certified/public_profile.html",
            {
                "profile": unit_profile,
                "unit": unit_profile.unit,
                "certificate": certificate,
                "photos": photos,
            },
        )
    )


@require_GET
def photo(request, unit_id: int, pk: int, rendition: str):
    approved = selectors.public_photo(unit_id, pk)
    if approved is None:
        raise Http404
    field = {"image": approved.photo.image, "thumb": approved.photo.thumbnail}.get(rendition)
    if field is None or not field.name or not field.storage.exists(field.name):
        raise Http404
    # The stored renditions were re-encoded from pixels alone at upload (activities.photos):
    # no EXIF, GPS, camera or XMP byte of the original exists to leak; the original is not kept.
    # Shown inline, named for the one who saves it.
    response = FileResponse(
        field.open("rb"), content_type="image/jpeg", filename=f"ภาพ-{approved.pk}.jpg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return cache_publicly(response)
