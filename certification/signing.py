"""Ed25519 Data Integrity proofs with the eddsa-jcs-2022 cryptosuite (W3C vc-di-eddsa).

The proof signs SHA-256(JCS(proof options)) ‖ SHA-256(JCS(document without proof)), where JCS
is the JSON Canonicalization Scheme (RFC 8785). Keys are published as Multikey: 'z' +
base58btc(0xed01 ‖ 32-byte public key).

The signing key is read from settings.CREDENTIAL_SIGNING_KEY_FILE (PEM, PKCS#8). In production
the file must exist; in development it is generated on first use into the git-ignored var/.
"""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CRYPTOSUITE = "eddsa-jcs-2022"
ED25519_MULTICODEC = b"\xed\x01"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

_cache: dict[str, Ed25519PrivateKey] = {}


# --- base58btc ---------------------------------------------------------------------------


def b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rest = divmod(number, 58)
        out = _B58[rest] + out
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + out


def b58decode(text: str) -> bytes:
    number = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise ValueError("not base58")
        number = number * 58 + index
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


# --- keys --------------------------------------------------------------------------------


def _generate(path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once must not each write a different key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def signing_key() -> Ed25519PrivateKey:
    path = Path(settings.CREDENTIAL_SIGNING_KEY_FILE)
    cached = _cache.get(str(path))
    if cached is not None:
        return cached
    if not path.exists():
        if settings.PRODUCTION:
            raise ImproperlyConfigured(
                f"CREDENTIAL_SIGNING_KEY_FILE {path} does not exist: credentials cannot be signed"
            )
        _generate(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{path} is not a PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"{path} is not an Ed25519 key")
    _cache[str(path)] = key
    return key


def public_key_multibase(public_key: Ed25519PublicKey | None = None) -> str:
    public_key = public_key or signing_key().public_key()
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + b58encode(ED25519_MULTICODEC + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    if not value.startswith("z"):
        raise ValueError("not base58btc multibase")
    raw = b58decode(value[1:])
    if len(raw) != 34 or raw[:2] != ED25519_MULTICODEC:
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def key_fragment(multibase: str | None = None) -> str:
    """A short, stable name for the key inside the issuer's document."""
    multibase = multibase or public_key_multibase()
    return "key-" + hashlib.sha256(multibase.encode()).hexdigest()[:16]


# --- proofs ------------------------------------------------------------------------------


def _hash_data(document: dict[str, Any], proof_config: dict[str, Any]) -> bytes:
    return (
        hashlib.sha256(rfc8785.dumps(proof_config)).digest()
        + hashlib.sha256(rfc8785.dumps(document)).digest()
    )


def sign(document: dict[str, Any], *, verification_method: str, created: str) -> dict[str, Any]:
    """The document with a DataIntegrityProof (eddsa-jcs-2022) added."""
    unsecured = copy.deepcopy(document)
    unsecured.pop("proof", None)
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    signature = signing_key().sign(_hash_data(unsecured, proof))
    proof["proofValue"] = "z" + b58encode(signature)
    return {**unsecured, "proof": proof}


class ProofError(Exception):
    """Why a proof does not hold; `code` names the kind of failure."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def verify(secured: dict[str, Any], public_key: Ed25519PublicKey) -> None:
    """Raise ProofError unless the proof is a valid eddsa-jcs-2022 signature by `public_key`."""
    proof = secured.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("no_proof", "ไม่มีลายมือชื่อดิจิทัล (no proof)")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(
            "unsupported",
            f"รูปแบบลายมือชื่อไม่รองรับ (unsupported proof: {proof.get('type')}/{proof.get('cryptosuite')})",
        )
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError(
            "purpose", "วัตถุประสงค์ของลายมือชื่อไม่ถูกต้อง (proofPurpose is not assertionMethod)"
        )
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in options:
        context = options["@context"]
        document_context = unsecured.get("@context")
        if not isinstance(context, list) or not isinstance(document_context, list):
            context, document_context = [context], [document_context]
        if document_context[: len(context)] != context:
            raise ProofError(
                "signature", "ลายมือชื่อไม่ตรงกับเนื้อหา (signature does not match: @context differs)"
            )
    value = proof.get("proofValue")
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise ValueError
        signature = b58decode(value[1:])
    except ValueError:
        raise ProofError("signature", "ลายมือชื่อเสียหาย (proofValue is not base58btc)") from None
    try:
        public_key.verify(signature, _hash_data(unsecured, options))
    except (InvalidSignature, rfc8785.CanonicalizationError) as exc:
        raise ProofError(
            "signature",
            "ลายมือชื่อไม่ตรงกับเนื้อหา: เอกสารถูกแก้ไขหลังลงนาม (signature does not match)",
        ) from exc
