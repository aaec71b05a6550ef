"""National IDs encrypted at rest and found through a keyed hash (docs/encryption.md,
docs/security.md §13).

Why our own few lines on `cryptography` and not a field library: in December 2026 none of the
Django field-encryption packages was both healthy and fit. django-fernet-encrypted-fields (the
one with 2025–2026 releases) lives under Jazzband, which is winding down; django-cryptography
and django-fernet-fields have had no release for years; django-crypto-fields (edc) brings its
own key files and tables; django-pgcrypto(-fields) is PostgreSQL-only, and our development and
test database is SQLite. None gives a searchable keyed hash either, which is the half we need
most (the one-per-year rule and the search). AES-GCM from `cryptography` (already a
dependency: the credential signatures use it) is a few lines we can read whole.

A stored value is ``nid1$<key id>$<base64url(nonce ‖ ciphertext ‖ tag)>``: AES-256-GCM with a
random 96-bit nonce, so the same ID twice gives different ciphertexts. The key id (a
fingerprint of the key, not the key) says which key of NATIONAL_ID_KEY / NATIONAL_ID_OLD_KEYS
decrypts it, so the key can be rotated (`manage.py rekey_national_ids`). The hash is
HMAC-SHA256 of the normalised ID under NATIONAL_ID_HASH_KEY, a different key: the hash must stay
the same for the same ID (it carries the unique index and every equality search), the
ciphertext must not.

Anything that cannot be decrypted (an unknown key id, a wrong key, a changed byte, a value in
clear) raises NationalIdDecryptError: never an empty or garbled ID shown as if it were real."""

import base64
import binascii
import functools
import hashlib
import hmac
import secrets
from collections import Counter

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from core.national_id import normalise_national_id

PREFIX = "nid1"
# Binds a ciphertext to what it is: one made for another purpose does not decrypt as an ID.
_AAD = b"mchch:registration.Unit.national_id"
_NONCE_BYTES = 12


class NationalIdDecryptError(RuntimeError):
    """A stored national ID that the configured keys cannot decrypt."""


def _decode_key(value: str, name: str, *, length: int | None = 32) -> bytes:
    try:
        raw = base64.b64decode(
            value.strip() + "=" * (-len(value.strip()) % 4), altchars=b"-_", validate=True
        )
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(f"{name} must be base64") from exc
    if length is not None and len(raw) != length:
        raise ImproperlyConfigured(f"{name} must be {length} bytes in base64, not {len(raw)}")
    if length is None and len(raw) < 32:
        raise ImproperlyConfigured(f"{name} must be at least 32 bytes in base64")
    return raw


def _derived(label: str) -> bytes:
    # Development and tests only (config/settings.py warns when DEBUG is off): a key derived
    # from SECRET_KEY, so a fresh checkout works and the backup round trip restores it.
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"mchch-dev-derived", info=label.encode()
    ).derive(settings.SECRET_KEY.encode())


def key_id(key: bytes) -> str:
    """A short public name for a key: its fingerprint (tells which key, reveals nothing)."""
    return hashlib.sha256(b"mchch:national-id-key-id:" + key).hexdigest()[:8]


def generate_key() -> str:
    """A new key for NATIONAL_ID_KEY or NATIONAL_ID_HASH_KEY, in base64."""
    return base64.b64encode(secrets.token_bytes(32)).decode()


@functools.lru_cache(maxsize=8)
def _keyring(
    current: str, old: tuple[str, ...], hash_key: str, secret_key: str
) -> tuple[str, dict[str, AESGCM], bytes]:
    if current:
        encrypt_key = _decode_key(current, "NATIONAL_ID_KEY")
    else:
        encrypt_key = _derived("national-id-encryption")
    keys = [encrypt_key] + [_decode_key(k, "NATIONAL_ID_OLD_KEYS") for k in old]
    ring = {key_id(k): AESGCM(k) for k in keys}
    if hash_key:
        mac_key = _decode_key(hash_key, "NATIONAL_ID_HASH_KEY", length=None)
        if mac_key in keys:
            raise ImproperlyConfigured("NATIONAL_ID_HASH_KEY must differ from the encryption keys")
    else:
        mac_key = _derived("national-id-hash")
    return key_id(encrypt_key), ring, mac_key


def keyring() -> tuple[str, dict[str, AESGCM], bytes]:
    """(the current key's id, every decrypting key by id, the hash key), from the settings."""
    return _keyring(
        settings.NATIONAL_ID_KEY,
        tuple(settings.NATIONAL_ID_OLD_KEYS),
        settings.NATIONAL_ID_HASH_KEY,
        settings.SECRET_KEY,
    )


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX + "$")


def stored_key_id(stored: str) -> str:
    """The id of the key a stored value was encrypted with ('' for an empty value)."""
    return stored.split("$")[1] if is_encrypted(stored) else ""


def encrypt_national_id(value: str) -> str:
    """The stored form of an ID (normalised first); '' stays '' (no ID is no personal data)."""
    value = normalise_national_id(value)
    if not value:
        return ""
    current, ring, _mac = keyring()
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = ring[current].encrypt(nonce, value.encode(), _AAD)
    return f"{PREFIX}${current}${base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt_national_id(stored: str) -> str:
    if not stored:
        return ""
    if not is_encrypted(stored):
        raise NationalIdDecryptError(
            "a national ID is stored in clear: run `manage.py migrate` (registration 0004)"
        )
    _prefix, kid, body = stored.split("$", 2)
    _current, ring, _mac = keyring()
    aes = ring.get(kid)
    if aes is None:
        raise NationalIdDecryptError(
            f"national ID encrypted with key {kid}, which is neither NATIONAL_ID_KEY nor in "
            "NATIONAL_ID_OLD_KEYS (docs/encryption.md)"
        )
    try:
        raw = base64.urlsafe_b64decode(body)
        return aes.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _AAD).decode()
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise NationalIdDecryptError(
            f"a national ID under key {kid} does not decrypt: wrong key or changed data"
        ) from exc


def national_id_hash(value: str) -> str:
    """HMAC-SHA256 (hex) of the normalised ID under NATIONAL_ID_HASH_KEY; '' for no ID. The
    same ID typed with dashes, spaces, Thai or full-width digits has the same hash."""
    value = normalise_national_id(value or "")
    if not value:
        return ""
    _current, _ring, mac_key = keyring()
    return hmac.new(mac_key, value.encode(), hashlib.sha256).hexdigest()


def hash_key_id() -> str:
    """A fingerprint of the hash key, for the backup manifest (backups/archive.py)."""
    return key_id(keyring()[2])


def key_ids_in_use() -> Counter[str]:
    """How many stored IDs each key encrypts, read from the column as stored (for the rekey
    command and the backup manifest)."""
    # Plain SQL: the model would decrypt (and this module is imported by the model's fields).
    with connection.cursor() as cursor:
        cursor.execute("SELECT national_id FROM registration_unit WHERE national_id <> ''")
        return Counter(stored_key_id(stored) for (stored,) in cursor.fetchall())


def missing_keys(key_ids: list[str], hash_id: str | None) -> list[str]:
    """Which of these key ids (of stored IDs, and of the hash key) the settings do not hold."""
    _current, ring, _mac = keyring()
    missing = [f"NATIONAL_ID_KEY {kid}" for kid in key_ids if kid not in ring]
    if hash_id is not None and hash_id != hash_key_id():
        missing.append(f"NATIONAL_ID_HASH_KEY {hash_id}")
    return missing
