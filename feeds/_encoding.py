"""Feed bytes -> safe text: character encoding, DOCTYPE removal, illegal characters.

Why we decode ourselves instead of letting feedparser guess: feedparser follows RFC 3023
strictly (a ``text/xml`` response without a charset is US-ASCII), and when its guesses
fail it falls back to windows-1252 or iso-8859-2 for the *whole* document, so one invalid
byte in a UTF-8 feed turns every accented letter into mojibake. Here the order is BOM,
then the declared encodings (HTTP charset, XML declaration), with two repairs real feeds
need: bytes that are valid UTF-8 are read as UTF-8 whatever the label says, and a mostly
UTF-8 document with a few invalid bytes keeps its text with U+FFFD in their place.
Undeclared non-UTF-8 bytes are read as Windows-1252 (a superset of Latin-1).

Why the DOCTYPE goes: it is the only place entities are declared, so without it no
entity can be expanded (billion laughs, quadratic blowup) and no external entity can
read a file or a URL (XXE). The scanner understands quotes, comments, processing
instructions and nested brackets, removes every DOCTYPE (not just the first) and stray
ENTITY declarations, skips CDATA sections, and runs in linear time.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["clean_xml_text", "decode_document", "strip_doctype", "strip_doctype_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_XML_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.I)
#: labels that mean windows-1252 in practice (the WHATWG encoding standard maps them so)
_LATIN1_LABELS = {"latin_1", "ascii", "iso8859_1", "cp1252"}
_MARKUP = re.compile(r"<!\[CDATA\[|<!--|<!DOCTYPE|<!ENTITY", re.I)
_SPECIAL = re.compile(r"""["'\[\]>]|<!--|<\?""")
#: characters XML 1.0 forbids (expat stops at the first one); tab, LF and CR are allowed
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return codecs.lookup(label.strip()).name.replace("-", "_")
    except LookupError:
        return None


def _cp1252(body: bytes) -> str:
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are unassigned in cp1252
        return body.decode("latin-1")


def _mostly_utf8(body: bytes) -> bool:
    """True when valid multi-byte UTF-8 sequences outnumber the invalid bytes."""
    text = body.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - body.count(b"\xef\xbf\xbd")
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return good >= max(bad, 1)


def decode_document(body: bytes, content_type: str | None = None) -> tuple[str, str, list[str]]:
    """Decode feed bytes; never raises. Returns (text, encoding used, warnings)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            text = body[len(bom):].decode(name, errors="replace")
            warnings = ["invalid bytes replaced with U+FFFD"] if "\ufffd" in text else []
            return text, name, warnings
    if body[:2] == b"<\x00":  # UTF-16 without a BOM: the NUL after "<" gives it away
        return body.decode("utf-16-le", errors="replace"), "utf-16-le", []
    if body[:2] == b"\x00<":
        return body.decode("utf-16-be", errors="replace"), "utf-16-be", []
    charset = _CHARSET.search(content_type or "")
    decl = _XML_DECL_ENCODING.match(body[:300])
    http = _codec(charset.group(1)) if charset else None
    declared = _codec(decl.group(1).decode("ascii")) if decl else None
    labels = [c for c in (http, declared) if c]
    for label in labels:
        if label.startswith(("utf_16", "utf_32")):
            return body.decode(label, errors="replace"), label, []
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        odd = [c for c in labels if c not in ("utf_8", "ascii") and not text.isascii()]
        warnings = [f"declared {odd[0]} but the bytes are UTF-8; read as UTF-8"] if odd else []
        return text, "utf-8", warnings
    for label in labels:
        if label in _LATIN1_LABELS:
            return _cp1252(body), "cp1252", []
        if label == "utf_8":
            continue
        try:
            return body.decode(label), label, []
        except (UnicodeDecodeError, LookupError):
            continue
    if _mostly_utf8(body):
        return body.decode("utf-8", errors="replace"), "utf-8", ["invalid UTF-8 bytes replaced with U+FFFD"]
    reason = "declared UTF-8 but the bytes are not" if "utf_8" in labels else "undeclared encoding"
    return _cp1252(body), "cp1252", [f"{reason}; read as Windows-1252"]


def _markup_end(text: str, start: int) -> int:
    """Index just after the ``>`` closing the declaration at ``start`` (quote/bracket aware)."""
    depth, pos, n = 0, start + 2, len(text)
    while pos < n:
        m = _SPECIAL.search(text, pos)
        if m is None:
            return n
        tok, pos = m.group(), m.end()
        if tok in ('"', "'"):
            close = text.find(tok, pos)
            pos = n if close < 0 else close + 1
        elif tok == "<!--":
            close = text.find("-->", pos)
            pos = n if close < 0 else close + 3
        elif tok == "<?":
            close = text.find("?>", pos)
            pos = n if close < 0 else close + 2
        elif tok == "[":
            depth += 1
        elif tok == "]":
            depth = max(0, depth - 1)
        elif depth == 0:  # ">"
            return pos
    return n


def strip_doctype_text(text: str) -> tuple[str, int]:
    """Remove every DOCTYPE and ENTITY declaration; returns (text, number removed).

    An unterminated DOCTYPE swallows the rest of the document: better an error "not a
    feed" than parsing a half-declared internal subset.
    """
    out: list[str] = []
    pos = removed = 0
    while True:
        m = _MARKUP.search(text, pos)
        if m is None:
            break
        tok = m.group().upper()
        if tok == "<![CDATA[":
            close = text.find("]]>", m.end())
            end = len(text) if close < 0 else close + 3
            out.append(text[pos:end])
        elif tok == "<!--":
            close = text.find("-->", m.end())
            end = len(text) if close < 0 else close + 3
            out.append(text[pos:end])
        else:
            out.append(text[pos:m.start()])
            end = _markup_end(text, m.start())
            removed += 1
        pos = end
    if not removed:
        return text, 0
    out.append(text[pos:])
    return "".join(out), removed


def strip_doctype(body: bytes) -> bytes:
    """Bytes version of ``strip_doctype_text`` (Latin-1 round-trips every byte unchanged)."""
    return strip_doctype_text(body.decode("latin-1"))[0].encode("latin-1")


def clean_xml_text(text: str) -> tuple[str, int]:
    """Replace the control characters XML 1.0 forbids with spaces; returns (text, count)."""
    return _ILLEGAL.subn(" ", text)
