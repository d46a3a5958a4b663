"""Images for the picture tests, made with Pillow (Debian's python3-pil), plus the hostile files a
picture upload must refuse. Everything is generated here: no binary test data in the repository."""
from __future__ import annotations

import io
import struct
import uuid
import zlib

from PIL import Image

# EXIF tag numbers: the GPS IFD pointer and a few of its fields.
_GPS_IFD = 0x8825
_GPS_LATITUDE_REF, _GPS_LATITUDE = 1, 2


def jpeg(width: int = 640, height: int = 480, gps: bool = False, quality: int = 90) -> bytes:
    """A JPEG photo-like gradient; with `gps`, EXIF carrying a GPS position and a camera model."""
    img = Image.new("RGB", (width, height))
    img.putdata([((x * 255) // width, (y * 255) // height, 128) for y in range(height) for x in range(width)])
    out = io.BytesIO()
    kwargs = {"quality": quality}
    if gps:
        exif = Image.Exif()
        exif[0x0110] = "SecretCam 3000"  # Model
        exif.get_ifd(_GPS_IFD).update({_GPS_LATITUDE_REF: "N", _GPS_LATITUDE: (52.0, 31.0, 12.0)})
        kwargs["exif"] = exif.tobytes()
    img.save(out, "JPEG", **kwargs)
    return out.getvalue()


def noisy_jpeg(width: int = 2400, height: int = 1600) -> bytes:
    """A JPEG of sensor noise: a few megabytes, like a camera photo (noise does not compress)."""
    img = Image.merge("RGB", [Image.effect_noise((width, height), 60 + 10 * band) for band in range(3)])
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    return out.getvalue()


def png(width: int = 300, height: int = 200, alpha: bool = True) -> bytes:
    img = Image.new("RGBA" if alpha else "RGB", (width, height), (200, 30, 30, 128) if alpha else (200, 30, 30))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def webp(width: int = 256, height: int = 256) -> bytes:
    img = Image.new("RGB", (width, height), (20, 120, 200))
    out = io.BytesIO()
    img.save(out, "WEBP")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb(side: int = 100_000) -> bytes:
    """A valid-looking PNG of a few hundred bytes whose header claims side x side pixels."""
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def bad_uploads() -> list[tuple[str, str, bytes, int, str]]:
    """(what, content type, body, status, problem slug) for each upload that must be refused."""
    photo = jpeg()
    return [
        ("svg declared as svg", "image/svg+xml", SVG, 415, "unsupported-media-type"),
        ("svg declared as png", "image/png", SVG, 422, "invalid-picture"),
        ("html declared as jpeg", "image/jpeg", HTML, 422, "invalid-picture"),
        ("html as text/html", "text/html", HTML, 415, "unsupported-media-type"),
        ("jpeg with an html payload appended", "image/jpeg", photo + HTML, 422, "invalid-picture"),
        ("png declared as jpeg", "image/jpeg", png(), 422, "invalid-picture"),
        ("truncated jpeg", "image/jpeg", photo[: len(photo) // 2], 422, "invalid-picture"),
        ("truncated png", "image/png", png(alpha=False)[:-40], 422, "invalid-picture"),
        ("decompression bomb", "image/png", png_bomb(), 422, "invalid-picture"),
        ("empty body", "image/png", b"", 422, "invalid-picture"),
        ("wrong content type", "application/octet-stream", photo, 415, "unsupported-media-type"),
        ("no content type", "", photo, 415, "unsupported-media-type"),
    ]


def size_of(data: bytes) -> tuple[str, int, int]:
    """(format, width, height) of an encoded image."""
    img = Image.open(io.BytesIO(data))
    img.load()
    return img.format, img.width, img.height


def has_metadata(data: bytes) -> bool:
    """Whether a JPEG still carries EXIF (APP1) or any GPS data."""
    img = Image.open(io.BytesIO(data))
    return bool(img.getexif()) or b"Exif\0\0" in data or b"SecretCam" in data


def sign_up_form(fields: dict[str, str], picture: tuple[str, bytes] | None) -> tuple[bytes, str]:
    """(body, Content-Type) of a browser's multipart/form-data sign-up form. An empty picture is sent
    as browsers send an empty file input (filename="", no bytes); a real one under a hostile file name,
    which the server must never use."""
    boundary = "----shiftsync" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    if picture is not None:
        content_type, data = picture
        filename = "../../me.jpg" if data else ""
        parts.append((f'--{boundary}\r\nContent-Disposition: form-data; name="picture"; filename="{filename}"\r\n'
                      f"Content-Type: {content_type}\r\n\r\n").encode() + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
