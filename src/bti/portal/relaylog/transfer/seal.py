"""Sealing a log package with a passphrase: Scrypt, then Fernet.

A sealed file is::

    BTILOG\\n
    {"format": 1, "kdf": "scrypt", "n": .., "r": .., "p": .., "salt": .., "check": ..}
    <Fernet token>

Scrypt turns the passphrase and a random salt into 64 bytes: the first 32 are
the Fernet key (AES-128-CBC with an HMAC-SHA256 over the whole token), the hash
of the last 32 is ``check``. A wrong passphrase shows in ``check`` before
decrypting; a token that fails its HMAC was changed (or damaged) after export.
The header carries nothing about the log. Errors are codes of
bti.portal.relaylog.reasons.MESSAGES (PackageError).
"""

from base64 import b64decode
from base64 import b64encode
from base64 import urlsafe_b64encode
from binascii import Error as Base64Error
from bti.portal.relaylog.errors import CodedError
from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

import hashlib
import hmac
import json
import os


MAGIC = b"BTILOG\n"
FORMAT = 1
KDF = {"n": 2**15, "r": 8, "p": 1}  # about 32 MB and a tenth of a second
# A file may ask for more work, within bounds (a made-up header must not
# exhaust the server's memory).
KDF_LIMITS = {"n": 2**17, "r": 16, "p": 4}
MIN_PASSPHRASE = 12
HEADER_MAX = 1024


class PackageError(CodedError):
    """``code`` is a key of bti.portal.relaylog.reasons.MESSAGES."""


def _derive(
    passphrase: str, salt: bytes, n: int, r: int, p: int
) -> tuple[bytes, bytes]:
    raw = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return urlsafe_b64encode(raw[:32]), hashlib.sha256(raw[32:]).digest()


def passphrase_problem(passphrase: str, repeated: str | None = None) -> str | None:
    if len((passphrase or "").strip()) < MIN_PASSPHRASE:
        return "export_passphrase_short"
    if repeated is not None and repeated != passphrase:
        return "export_passphrase_mismatch"
    return None


def seal(plain: bytes, passphrase: str) -> bytes:
    problem = passphrase_problem(passphrase)
    if problem:
        raise PackageError(problem)
    salt = os.urandom(16)
    key, check = _derive(passphrase, salt, **KDF)
    header = {
        "format": FORMAT,
        "kdf": "scrypt",
        **KDF,
        "salt": b64encode(salt).decode("ascii"),
        "check": b64encode(check).decode("ascii"),
    }
    line = json.dumps(header, sort_keys=True).encode("ascii")
    return MAGIC + line + b"\n" + Fernet(key).encrypt(plain)


def _header(data: bytes) -> tuple[dict, bytes]:
    if not data.startswith(MAGIC):
        raise PackageError("import_not_a_package")
    line, newline, token = data[len(MAGIC) :].partition(b"\n")
    if not newline or len(line) > HEADER_MAX:
        raise PackageError("import_not_a_package")
    try:
        header = json.loads(line)
    except ValueError:
        raise PackageError("import_damaged") from None
    if not isinstance(header, dict) or header.get("kdf") != "scrypt":
        raise PackageError("import_damaged")
    if not isinstance(header.get("format"), int):
        raise PackageError("import_damaged")
    if header["format"] > FORMAT:
        raise PackageError("import_version_unsupported")
    for name, limit in KDF_LIMITS.items():
        value = header.get(name)
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not 0 < value <= limit
        ):
            raise PackageError("import_damaged")
    return header, token


def unseal(data: bytes, passphrase: str) -> bytes:
    header, token = _header(data)
    try:
        salt = b64decode(header.get("salt") or "", validate=True)
        expected = b64decode(header.get("check") or "", validate=True)
    except (Base64Error, TypeError, ValueError):
        raise PackageError("import_damaged") from None
    try:
        key, check = _derive(
            passphrase or "", salt, header["n"], header["r"], header["p"]
        )
    except (ValueError, MemoryError):  # n not a power of two, and the like
        raise PackageError("import_damaged") from None
    if not hmac.compare_digest(check, expected):
        raise PackageError("import_wrong_passphrase")
    try:
        return Fernet(key).decrypt(token)
    except InvalidToken:
        raise PackageError("import_damaged") from None
