"""The ONE place where author text becomes HTML: Markdown rendering plus sanitizing.

Sinau renders and sanitizes once, on import or save, and pages serve the stored HTML as-is
(architecture, house habit 3). Everything an author, a plugin or an imported file can put on a
page therefore goes through :func:`render_markdown`, :func:`render_inline`,
:func:`sanitize_html` or :func:`render_plain`; nothing else may produce "safe" HTML.

The pipeline is: python-markdown (fixed extension set, no ``attr_list`` so authors cannot set
arbitrary attributes) -> bleach's html5lib parser -> our *prepare* filter (drops dangerous
elements together with their content, enforces the iframe host allow-list, turns table
alignment into classes) -> bleach's sanitizer with an explicit tag/attribute allow-list ->
our *finish* filter (collects and rewrites relative URLs, adds ``rel`` to external links,
makes ids unique) -> html5lib serializer.

The parser runs with entity decoding on, so every filter sees attribute values exactly as a
browser will after parsing our output (``jav&#x61;script:`` is already ``javascript:``), and
the serializer escapes everything it writes back.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import Any

import markdown
from bleach import html5lib_shim
from bleach.sanitizer import INVISIBLE_CHARACTERS_RE, BleachSanitizerFilter
from flask_babel import gettext as _

DEFAULT_EMBED_HOSTS = ("www.youtube-nocookie.com", "www.youtube.com")

UrlRewriter = Callable[[str], str]
Token = dict[str, Any]

# --------------------------------------------------------------------------- allow-lists

#: Tags we keep. Exactly what the enabled Markdown extensions emit plus the harmless
#: text-level and media tags authors reach for in raw HTML. Everything else is stripped
#: (its text stays), except _DROP_WITH_CONTENT.
# fmt: off
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "iframe", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
    "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "audio", "video", "source", "track",
})
# fmt: on

#: Elements removed together with everything inside them: their content is code (script,
#: style), fallback for plugins (object, applet) or raw text a browser would never show.
#: They must reach the tree builder (so it knows where they end), hence they are added to the
#: parser's tag set and then dropped by _Prepare before bleach ever sees them.
_DROP_WITH_CONTENT = frozenset(
    {"script", "style", "template", "object", "applet", "xmp", "noembed", "noframes"}
)

#: Attributes allowed on every allowed tag. No ``style`` (CSS is a script vector and bleach
#: would need a CSS sanitizer), no ``on*``, no ``name`` (DOM clobbering of forms/documents).
_GLOBAL_ATTRS = frozenset({"class", "id", "title", "lang", "dir"})

_TAG_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "iframe": frozenset({"src", "width", "height", "allow", "allowfullscreen", "loading"}),
    "audio": frozenset({"src", "controls", "preload", "loop", "muted"}),
    "video": frozenset(
        {"src", "controls", "preload", "loop", "muted", "playsinline", "poster", "width", "height"}
    ),
    "source": frozenset({"src", "type"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan", "scope"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
}

#: Attributes holding a URL; they are checked here, again by bleach, and then rewritten.
_URL_ATTRS = frozenset({"href", "src", "poster"})
_LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_MEDIA_SCHEMES = frozenset({"http", "https"})

#: Permissions an embedded player may ask for (YouTube's own embed code uses these).
# fmt: off
_IFRAME_ALLOW = frozenset({
    "accelerometer", "autoplay", "clipboard-write", "encrypted-media", "gyroscope",
    "picture-in-picture", "web-share", "fullscreen",
})
# fmt: on

_CLASS_TOKEN = re.compile(r"[A-Za-z0-9_-]+|language-[A-Za-z0-9_+#.-]+")  # c++, c#, f#
_ALIGN = re.compile(r"\s*text-align\s*:\s*(left|right|center)\s*;?\s*", re.I)
_LANG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")


def _fullmatch(pattern: str, flags: int = 0) -> Callable[[str, str], bool]:
    compiled = re.compile(pattern, flags)
    return lambda _tag, value: compiled.fullmatch(value) is not None


def _check_class(_tag: str, value: str) -> bool:
    return all(_CLASS_TOKEN.fullmatch(t) for t in value.split())


def _check_allow(_tag: str, value: str) -> bool:
    return all(t.strip() in _IFRAME_ALLOW for t in value.split(";") if t.strip())


def _check_type(tag: str, value: str) -> bool:
    if tag == "ol":
        return value in {"1", "a", "A", "i", "I"}
    return re.fullmatch(r"(?:audio|video|text)/[\w.+-]+", value) is not None


_VALUE_CHECKS: dict[str, Callable[[str, str], bool]] = {
    "href": lambda tag, v: _url_allowed(tag, v),
    "src": lambda tag, v: _url_allowed(tag, v),
    "poster": lambda tag, v: _url_allowed(tag, v),
    "class": _check_class,
    "allow": _check_allow,
    "type": _check_type,
    "id": _fullmatch(r"[\w:.-]{1,128}"),  # toc ids may start with a digit ("2024-rencana")
    "lang": lambda _t, v: _LANG.fullmatch(v) is not None,
    "srclang": lambda _t, v: _LANG.fullmatch(v) is not None,
    "dir": _fullmatch(r"ltr|rtl|auto"),
    "width": _fullmatch(r"\d{1,5}%?"),
    "height": _fullmatch(r"\d{1,5}%?"),
    "colspan": _fullmatch(r"\d{1,4}"),
    "rowspan": _fullmatch(r"\d{1,4}"),
    "span": _fullmatch(r"\d{1,4}"),
    "start": _fullmatch(r"-?\d{1,9}"),
    "value": _fullmatch(r"-?\d{1,9}"),
    "scope": _fullmatch(r"row|col|rowgroup|colgroup"),
    "loading": _fullmatch(r"lazy|eager"),
    "preload": _fullmatch(r"none|metadata|auto"),
    "kind": _fullmatch(r"subtitles|captions|descriptions|chapters|metadata"),
}


def _attribute_allowed(tag: str, name: str, value: str) -> bool:
    """bleach attribute callback: the allow-list plus a value check per attribute."""
    if name not in _GLOBAL_ATTRS and name not in _TAG_ATTRS.get(tag, ()):
        return False
    check = _VALUE_CHECKS.get(name)
    return check is None or check(tag, value)


# --------------------------------------------------------------------------- URLs

_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\xa0\s`]+")  # what browsers (or bleach) ignore
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_DATA_IMAGE = re.compile(
    r"data:image/(?:png|jpeg|gif|webp)(?:;[a-z0-9=.+-]+)*,[a-z0-9+/=%._~\s-]*", re.I
)
_EMBED_SRC = re.compile(r"https://([A-Za-z0-9.-]+)(?::443)?(?:[/?#][^\\\s]*)?")


def _scheme(value: str) -> str | None:
    """The URL's scheme as a browser would see it (whitespace/control chars ignored)."""
    match = _SCHEME.match(_URL_JUNK.sub("", value).lower())
    return match.group(1) if match else None


def _url_allowed(tag: str, value: str) -> bool:
    if tag == "img" and _DATA_IMAGE.fullmatch(value):
        return True
    scheme = _scheme(value)
    if scheme is None:
        return True  # relative, root-relative, fragment: resolved against our own site
    return scheme in (_LINK_SCHEMES if tag == "a" else _MEDIA_SCHEMES)


def _browser_url(value: str) -> str:
    """Tabs/newlines vanish anywhere and C0/space at the ends, as in the WHATWG URL parser."""
    return re.sub(r"[\t\n\r]", "", value).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )


def _is_relative(url: str) -> bool:
    """Relative to the document (``media/x.png``): no scheme, not ``/``, ``//``, ``#``.

    A backslash counts as a slash because browsers read ``\\\\evil.example`` as ``//``.
    """
    return bool(url) and url[0] not in "/\\#" and _scheme(url) is None


def _is_external(url: str) -> bool:
    return url[:2].replace("\\", "/") == "//" or _scheme(url) in {"http", "https"}


def _embed_allowed(src: str | None, hosts: frozenset[str]) -> bool:
    """Only ``https://<allowed host>/...``; no userinfo, no odd port, no backslashes."""
    if src is None:
        return False
    match = _EMBED_SRC.fullmatch(src.strip())
    return match is not None and match.group(1).lower() in hosts


# --------------------------------------------------------------------------- filters


class _Prepare(html5lib_shim.Filter):
    """Runs before bleach: removes what must vanish with its content, normalises attributes."""

    def __init__(self, source: Any, embed_hosts: frozenset[str]) -> None:
        super().__init__(source)
        self.embed_hosts = embed_hosts

    def __iter__(self) -> Iterator[Token]:
        depth = 0  # >0 while skipping the inside of an element
        keep_end = False  # re-emit the end tag of the skipped element (an allowed iframe)
        for token in super().__iter__():
            kind = token["type"]
            if depth:
                if kind == "StartTag":
                    depth += 1
                elif kind == "EndTag":
                    depth -= 1
                    if depth == 0 and keep_end:
                        yield token
                continue
            if kind not in ("StartTag", "EmptyTag"):
                yield token
                continue
            name = token["name"]
            if name in _DROP_WITH_CONTENT:
                depth = 1 if kind == "StartTag" else 0
                keep_end = False
                continue
            attrs = token["data"]
            if name == "iframe":
                if not _embed_allowed(attrs.get((None, "src")), self.embed_hosts):
                    depth, keep_end = (1 if kind == "StartTag" else 0), False
                    continue
                # iframe content is raw text in browsers; never emit it
                depth, keep_end = (1 if kind == "StartTag" else 0), True
                _filter_iframe_allow(attrs)
            if name in ("td", "th"):
                _alignment_to_class(attrs)
            if (None, "class") in attrs:
                kept = [t for t in attrs[(None, "class")].split() if _CLASS_TOKEN.fullmatch(t)]
                if kept:
                    attrs[(None, "class")] = " ".join(dict.fromkeys(kept))
                else:
                    del attrs[(None, "class")]
            yield token


def _filter_iframe_allow(attrs: dict[tuple[str | None, str], str]) -> None:
    if (None, "allow") in attrs:
        features = [f.strip() for f in attrs[(None, "allow")].split(";")]
        kept = [f for f in features if f in _IFRAME_ALLOW]
        if kept:
            attrs[(None, "allow")] = "; ".join(kept)
        else:
            del attrs[(None, "allow")]


def _alignment_to_class(attrs: dict[tuple[str | None, str], str]) -> None:
    """python-markdown tables align cells; ``style`` is forbidden, so use a class instead."""
    align = attrs.pop((None, "align"), "").strip().lower()
    style = _ALIGN.fullmatch(attrs.get((None, "style"), ""))
    if style:
        align = style.group(1).lower()
    if align in ("left", "right", "center"):
        classes = attrs.get((None, "class"), "")
        attrs[(None, "class")] = f"{classes} align-{align}".strip()


class _Sanitize(BleachSanitizerFilter):
    """bleach's sanitizer, adapted to a parser that already decoded entities."""

    def sanitize_characters(self, token: Token) -> Token:
        # bleach re-parses "&..." in text because its tokenizer keeps entities; ours decoded
        # them, so "&lt;" in text is a literal the serializer must escape, not an entity.
        data = token.get("data", "")
        if data:
            token["data"] = INVISIBLE_CHARACTERS_RE.sub("\ufffd", data)
        return token

    def allow_token(self, token: Token) -> Token:
        data_image = None
        if "data" in token:
            # namespaced attributes (xlink:href, xml:base) have no business in our HTML
            token["data"] = {k: v for k, v in token["data"].items() if k[0] is None}
            if token["name"] == "img":
                src = token["data"].get((None, "src"), "")
                if _DATA_IMAGE.fullmatch(src):
                    data_image = src  # bleach's protocol check would drop every data: URL
        token = super().allow_token(token)
        if data_image is not None:
            token["data"][(None, "src")] = data_image
        return token


#: The class of the box a table scrolls in on a phone (``static/css/base.css``: lesson prose is shown in several areas).
TABLE_SCROLL_CLASS = "table-scroll"
#: The class of the link around an image that opens it full size.
ZOOM_CLASS = "zoom"


class _Finish(html5lib_shim.Filter):
    """Runs after bleach: relative URLs (refs + rewrite), rel on external links, unique ids;
    then the reading aids every page gets without the author asking: a table sits in its own
    scroll box (a wide table scrolls inside it on a phone instead of squeezing its cells until
    words break), and an image not already in a link opens full size (a plain link to the
    file, so it works without JavaScript). Both are added once: sanitizing the output again
    keeps one box and one link."""

    def __init__(self, source: Any, rewrite_url: UrlRewriter | None, refs: dict[str, None]):
        super().__init__(source)
        self.rewrite_url = rewrite_url
        self.refs = refs
        self.ids: set[str] = set()

    def __iter__(self) -> Iterator[Token]:
        links = 0  # open <a> elements around the current token
        divs: list[bool] = []  # open <div>s: is it a table's scroll box?
        tables: list[bool] = []  # open <table>s: did we open a scroll box for it?
        for token in super().__iter__():
            kind, name = token["type"], token.get("name")
            if kind in ("StartTag", "EmptyTag"):
                self._finish(name, token["data"])
            if kind == "StartTag" and name == "a":
                links += 1
            elif kind == "EndTag" and name == "a":
                links = max(0, links - 1)
            elif kind == "StartTag" and name == "div":
                is_box = TABLE_SCROLL_CLASS in token["data"].get((None, "class"), "").split()
                if is_box:
                    _make_scroll_box(token["data"])
                divs.append(is_box)
            elif kind == "EndTag" and name == "div" and divs:
                divs.pop()
            elif kind == "StartTag" and name == "table":
                wrap = not tables and not any(divs)
                tables.append(wrap)
                if wrap:
                    yield {"type": "StartTag", "name": "div", "namespace": token.get("namespace"),
                           "data": _make_scroll_box({(None, "class"): TABLE_SCROLL_CLASS})}
            elif kind == "EndTag" and name == "table" and tables:
                if tables.pop():
                    yield token
                    yield {"type": "EndTag", "name": "div", "namespace": token.get("namespace")}
                    continue
            elif name == "img" and kind in ("StartTag", "EmptyTag") and not links:
                src = token["data"].get((None, "src"), "")
                if src and not src.startswith("data:"):
                    yield {"type": "StartTag", "name": "a", "namespace": token.get("namespace"),
                           "data": {(None, "href"): src, (None, "class"): ZOOM_CLASS,
                                    (None, "title"): _("Buka gambar ukuran penuh")}}
                    yield token
                    yield {"type": "EndTag", "name": "a", "namespace": token.get("namespace")}
                    continue
            yield token

    def _finish(self, name: str, attrs: dict[tuple[str | None, str], str]) -> None:
        for key in [k for k in attrs if k[1] in _URL_ATTRS]:  # attribute order = refs order
            url = _browser_url(attrs[key])
            if _is_relative(url):
                self.refs.setdefault(url, None)
                if self.rewrite_url is not None:
                    url = self.rewrite_url(url)
                    if not _url_allowed(name, url):
                        del attrs[key]
                        continue
            attrs[key] = url
        if name == "a" and _is_external(attrs.get((None, "href"), "")):
            attrs[(None, "rel")] = "noopener noreferrer"
        if (None, "id") in attrs:
            attrs[(None, "id")] = self._unique(attrs[(None, "id")])
        if name in ("img", "iframe"):
            attrs.setdefault((None, "loading"), "lazy")
        if name == "iframe":
            # YouTube refuses to play without a referrer origin; never send more than that
            attrs[(None, "referrerpolicy")] = "strict-origin-when-cross-origin"
        if name in ("audio", "video"):
            attrs[(None, "controls")] = "controls"  # no hidden autoplaying media

    def _unique(self, ident: str) -> str:
        candidate, n = ident, 1
        while candidate in self.ids:
            candidate = f"{ident}_{n}"
            n += 1
        self.ids.add(candidate)
        return candidate


def _make_scroll_box(attrs: dict[tuple[str | None, str], str]) -> dict[tuple[str | None, str], str]:
    """A scroll box can be reached and scrolled with the keyboard, and says what it holds."""
    attrs[(None, "class")] = TABLE_SCROLL_CLASS
    attrs[(None, "tabindex")] = "0"
    attrs[(None, "role")] = "region"
    attrs[(None, "aria-label")] = _("Tabel (geser ke samping bila terpotong)")
    return attrs


# --------------------------------------------------------------------------- caches

#: bleach's parser and python-markdown instances keep state per document: one per thread.
_local = threading.local()

_BASE_EXTENSIONS: tuple[str, ...] = (
    "tables",
    "fenced_code",
    "footnotes",
    "def_list",
    "admonition",
    "toc",
    "sane_lists",
)


def _extension_configs() -> dict[str, dict[str, Any]]:
    return {
        "tables": {"use_align_attribute": True},  # align="..." instead of style=""
        "footnotes": {"BACKLINK_TITLE": _("Kembali ke catatan kaki %d di teks")},
        "toc": {"permalink": False},
    }


def _markdown(extensions: Sequence[markdown.Extension | str]) -> markdown.Markdown:
    key = tuple(extensions)
    cache: dict[tuple[Any, ...], markdown.Markdown] = _local.__dict__.setdefault("md", {})
    md = cache.get(key)
    if md is None:
        if len(cache) >= 16:  # plugins passing fresh Extension objects per call
            cache.clear()
        md = markdown.Markdown(
            extensions=[*_BASE_EXTENSIONS, *extensions],
            extension_configs=_extension_configs(),
            output_format="html",
        )
        cache[key] = md
    return md


def _parser() -> Any:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = html5lib_shim.BleachHTMLParser(
            tags=ALLOWED_TAGS | _DROP_WITH_CONTENT,
            strip=True,
            consume_entities=True,
            namespaceHTMLElements=False,
        )
        _local.walker = html5lib_shim.getTreeWalker("etree")
        _local.serializer = html5lib_shim.HTMLSerializer(
            quote_attr_values="always",
            omit_optional_tags=False,
            escape_lt_in_attrs=True,
            escape_rcdata=True,
            resolve_entities=False,
            sanitize=False,
            alphabetical_attributes=False,
        )
    return parser


# --------------------------------------------------------------------------- public API


@dataclass(frozen=True)
class Rendered:
    html: str  # sanitized HTML, safe to serve as-is
    refs: tuple[str, ...]  # relative URLs (href/src) in document order, unique, not rewritten


def sanitize_html(
    html: str,
    *,
    embed_hosts: Collection[str] = DEFAULT_EMBED_HOSTS,
    rewrite_url: UrlRewriter | None = None,
) -> Rendered:
    """Sanitize author HTML (GIFT ``[html]`` text, raw HTML, rendered Markdown).

    ``rewrite_url`` is called with every relative URL (the importer maps ``media/x.png`` to
    the served URL and reports missing files); ``refs`` lists those URLs as written.
    """
    if not html:
        return Rendered("", ())
    parser = _parser()
    hosts = frozenset(h.lower() for h in embed_hosts)
    refs: dict[str, None] = {}
    tree = parser.parseFragment(html)
    stream: Any = _Prepare(_local.walker(tree), hosts)
    stream = _Sanitize(
        stream,
        allowed_tags=ALLOWED_TAGS,
        attributes=_attribute_allowed,
        allowed_protocols=_LINK_SCHEMES,
        strip_disallowed_tags=True,
        strip_html_comments=True,
    )
    stream = _Finish(stream, rewrite_url, refs)
    return Rendered(_local.serializer.render(stream), tuple(refs))


def render_markdown(
    source: str,
    *,
    embed_hosts: Collection[str] = DEFAULT_EMBED_HOSTS,
    rewrite_url: UrlRewriter | None = None,
    extensions: Sequence[markdown.Extension | str] = (),
) -> Rendered:
    """Render a lesson body (or any long Markdown) to sanitized HTML.

    ``extensions`` are extra python-markdown extensions registered by plugins; their output
    is sanitized like everything else, so they cannot widen the allow-list.
    """
    md = _markdown(extensions)
    md.reset()
    try:
        body = md.convert(source)
    finally:
        md.reset()  # footnotes/toc state must not leak into the next document
    return sanitize_html(body, embed_hosts=embed_hosts, rewrite_url=rewrite_url)


_SINGLE_P = re.compile(r"<p>((?:(?!</?p[\s>]).)*)</p>", re.S)


def render_inline(
    source: str,
    *,
    embed_hosts: Collection[str] = DEFAULT_EMBED_HOSTS,
    rewrite_url: UrlRewriter | None = None,
    extensions: Sequence[markdown.Extension | str] = (),
) -> Rendered:
    """Render a short text (quiz option, feedback) that sits inside someone else's markup.

    A single paragraph loses its ``<p>`` so the text can live in a ``<label>`` or ``<li>``;
    anything longer keeps its blocks.
    """
    md = _markdown(extensions)
    md.reset()
    try:
        body = md.convert(source)
    finally:
        md.reset()
    match = _SINGLE_P.fullmatch(body.strip())
    if match:
        body = match.group(1)
    return sanitize_html(body, embed_hosts=embed_hosts, rewrite_url=rewrite_url)


def render_plain(text: str) -> str:
    """Escape plain text (names, comments) for HTML, keeping the author's line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br>\n")


# fmt: off
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
})
# fmt: on


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(self.skip - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def to_text(html: str) -> str:
    """Plain text of stored HTML, for search, word counts and reading-time estimates.

    Block elements become line breaks so words of adjacent paragraphs or cells never merge.
    """
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).split("\n"))
    return "\n".join(line for line in lines if line)
