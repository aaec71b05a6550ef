"""The national ID's two columns (docs/encryption.md): the ID encrypted (read back in clear) and
its keyed hash, which carries the index, the one-per-year constraint and every equality search.

`Unit.objects.filter(national_id=value)` and `national_id__in=[…]` are rewritten to the hash
column, so no code can compare a ciphertext by mistake and find nothing; any other lookup
(`__icontains`, `__startswith`, a transform) is refused with a FieldError. Prefer
registration.selectors.units_by_national_id, the one function that says what it does.

Only `Model.save()` and `bulk_create` fill the hash (NationalIdHashField.pre_save): never set
the ID with `QuerySet.update()` or `bulk_update`, which would leave the hash stale."""

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models import lookups

from registration.crypto import (
    decrypt_national_id,
    encrypt_national_id,
    is_encrypted,
    national_id_hash,
)


def _hashed_column(lhs: Any) -> Any:
    field = getattr(lhs, "target", None)
    if not isinstance(field, EncryptedNationalIdField) or not hasattr(lhs, "alias"):
        raise FieldError("a national ID is compared only as the column itself (its hash)")
    hash_field = field.model._meta.get_field(field.hash_field)
    assert isinstance(hash_field, models.Field)
    return hash_field.get_col(lhs.alias)


def _hash_of(value: Any) -> str:
    if value is not None and not isinstance(value, str):
        raise FieldError("a national ID is compared only with a string")
    return national_id_hash(value or "")


class HashedExact(lookups.Exact):
    """national_id=value → national_id_hash = HMAC(value)."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        super().__init__(_hashed_column(lhs), _hash_of(rhs))


class HashedIn(lookups.In):
    """national_id__in=[…] → national_id_hash IN (HMAC(…), …)."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if isinstance(rhs, (str, models.QuerySet)) or not hasattr(rhs, "__iter__"):
            raise FieldError("national_id__in takes a list of IDs")
        super().__init__(_hashed_column(lhs), [_hash_of(value) for value in rhs])


class EncryptedNationalIdField(models.TextField):
    """A national ID stored AES-GCM-encrypted (registration/crypto.py); reading the attribute
    gives the clear, normalised ID, so templates, masks and documents work unchanged. A value
    the keys cannot decrypt raises NationalIdDecryptError when the row is loaded."""

    def __init__(self, *args: Any, hash_field: str = "national_id_hash", **kwargs: Any) -> None:
        self.hash_field = hash_field
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.hash_field != "national_id_hash":
            kwargs["hash_field"] = self.hash_field
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return value if value is None else decrypt_national_id(value)

    def to_python(self, value: Any) -> Any:
        # loaddata hands over what value_to_string wrote: the ciphertext.
        if isinstance(value, str) and is_encrypted(value):
            return decrypt_national_id(value)
        return super().to_python(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return value if value is None else encrypt_national_id(value)

    def value_to_string(self, obj: models.Model) -> str:
        # dumpdata writes the ciphertext, never the clear ID.
        return encrypt_national_id(str(self.value_from_object(obj) or ""))

    def get_lookup(self, lookup_name: str) -> Any:
        return {"exact": HashedExact, "in": HashedIn, "isnull": lookups.IsNull}.get(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None


class NationalIdHashField(models.CharField):
    """HMAC-SHA256 (hex) of the normalised ID in `source`, computed on every save: it cannot
    drift from the ID it stands for."""

    def __init__(self, *args: Any, source: str = "national_id", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.source != "national_id":
            kwargs["source"] = self.source
        for key, value in (("max_length", 64), ("editable", False), ("blank", True)):
            if kwargs.get(key, value) == value:
                kwargs.pop(key, None)
        if kwargs.get("default") == "":
            kwargs.pop("default")
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = national_id_hash(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
