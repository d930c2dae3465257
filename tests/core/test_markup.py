"""Tests for lms.core.markup: an XSS corpus, a fuzzer and the Markdown features we promise.

Safety is judged by :func:`unsafe_reasons`, a checker that parses the output with two real
HTML parsers (html5lib, as browsers parse, and the stdlib parser) and knows nothing about the
sanitizer; it is itself tested against known-bad HTML so it cannot silently pass everything.
"""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
from bleach._vendor import html5lib
from hypothesis import given, settings
from hypothesis import strategies as st

from lms.core.markup import (
    DEFAULT_EMBED_HOSTS,
    Rendered,
    render_inline,
    render_markdown,
    render_plain,
    sanitize_html,
    to_text,
)

# --------------------------------------------------------------------------- the checker

# fmt: off
FORBIDDEN_TAGS = frozenset({
    "script", "style", "object", "embed", "base", "meta", "form", "link", "applet", "frame",
    "frameset", "template", "svg", "math", "input", "button", "textarea", "select", "noscript",
    "isindex", "keygen", "marquee",
})
# fmt: on
# fmt: off
URL_ATTRS = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
    "lowsrc", "dynsrc", "srcset", "ping", "codebase", "longdesc", "manifest", "icon", "usemap",
})
# fmt: on
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
SAFE_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]")
JUNK = re.compile(r"[\x00-\x20\x7f-\xa0\s]+")


def _elements_html5lib(html: str) -> list[tuple[str, dict[str, str]]]:
    tree = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            found.append(("#comment", {}))
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        attrs = {}
        for name, value in element.attrib.items():
            if name.startswith("{"):
                namespace, local = name[1:].split("}", 1)
                name = f"xlink:{local}" if "xlink" in namespace else local
            attrs[name.lower()] = value
        found.append((tag, attrs))
    return found


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.found.append(("#comment", {}))


def _elements_stdlib(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.found


def _iframe_ok(src: str, hosts: tuple[str, ...]) -> bool:
    src = src.strip()
    if "\\" in src or JUNK.search(src):
        return False
    parts = urlsplit(src)
    return (
        parts.scheme == "https"
        and "@" not in parts.netloc
        and (parts.hostname or "") in hosts
        and parts.port in (None, 443)
    )


def unsafe_reasons(html: str, embed_hosts: tuple[str, ...] = DEFAULT_EMBED_HOSTS) -> list[str]:
    """Everything unsafe in ``html``, judged by real parsers; empty means safe."""
    reasons = []
    for elements in (_elements_html5lib(html), _elements_stdlib(html)):
        for tag, attrs in elements:
            if tag in FORBIDDEN_TAGS:
                reasons.append(f"forbidden tag <{tag}>")
            if tag == "#comment":
                reasons.append("comment survived")
            for name, value in attrs.items():
                if name.startswith("on"):
                    reasons.append(f"event handler {name} on <{tag}>")
                if name in ("style", "srcdoc", "target"):
                    reasons.append(f"forbidden attribute {name} on <{tag}>")
                if name in URL_ATTRS:
                    url = JUNK.sub("", value).lower()
                    if url.startswith(BAD_SCHEMES) and not (
                        tag == "img" and name == "src" and SAFE_DATA_IMAGE.match(url)
                    ):
                        reasons.append(f"dangerous URL {name}={value!r} on <{tag}>")
            if tag == "iframe" and not _iframe_ok(attrs.get("src", ""), embed_hosts):
                reasons.append(f"iframe with src {attrs.get('src')!r}")
    return reasons


def assert_safe(html: str, embed_hosts: tuple[str, ...] = DEFAULT_EMBED_HOSTS) -> None:
    reasons = unsafe_reasons(html, embed_hosts)
    assert not reasons, f"{reasons}\n--- output ---\n{html}"


KNOWN_BAD = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=x></SCRIPT>",
    "<p><style>p{}</style></p>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="  java\tscript:alert(1)">x</a>',
    '<a href="&#1;JavaScript:alert(1)">x</a>',
    '<a href="vbscript:x">x</a>',
    '<a href="data:text/html,x">x</a>',
    '<img src="data:image/svg+xml;base64,AAAA">',
    '<a href="data:image/png;base64,AAAA">in a link, data: is never fine</a>',
    '<div style="color:red">x</div>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe src="http://www.youtube.com/embed/x"></iframe>',
    '<iframe src="https://www.youtube.com@evil.example/"></iframe>',
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    '<math href="javascript:alert(1)">x</math>',
    '<form action="javascript:alert(1)"></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<object data="x"></object>',
    "<embed src=x>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<a href="x" target="_blank">x</a>',
    "<!-- a comment -->",
]

KNOWN_GOOD = [
    "<p>Hello <strong>world</strong></p>",
    '<a href="https://example.com" rel="noopener noreferrer">x</a>',
    '<a href="media/x.pdf">x</a> <a href="#top">top</a> <a href="mailto:a@b.id">m</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>',
    "<p>text mentioning javascript:alert(1) and &lt;script&gt; is fine</p>",
]


@pytest.mark.parametrize("html", KNOWN_BAD)
def test_checker_catches_known_bad_html(html: str) -> None:
    assert unsafe_reasons(html), f"checker missed: {html}"
    with pytest.raises(AssertionError):
        assert_safe(html)


@pytest.mark.parametrize("html", KNOWN_GOOD)
def test_checker_accepts_safe_html(html: str) -> None:
    assert unsafe_reasons(html) == []


# --------------------------------------------------------------------------- the corpus


def _load_corpus() -> list[tuple[str, str]]:
    text = (Path(__file__).parent / "xss_corpus.txt").read_text(encoding="utf-8")
    vectors: list[tuple[str, str]] = []
    for block in re.split(r"^%% ", text, flags=re.M)[1:]:
        name, _, body = block.partition("\n")
        vectors.append((name.strip(), body.rstrip("\n")))
    return vectors


CORPUS = _load_corpus()
RENDERERS = {
    "render_markdown": render_markdown,
    "render_inline": render_inline,
    "sanitize_html": sanitize_html,
}


def test_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 80
    assert len({name for name, _ in CORPUS}) == len(CORPUS), "vector names must be unique"


@pytest.mark.parametrize("renderer", list(RENDERERS))
@pytest.mark.parametrize(("name", "vector"), CORPUS, ids=[name for name, _ in CORPUS])
def test_corpus_vector_is_neutralised(renderer: str, name: str, vector: str) -> None:
    result = RENDERERS[renderer](vector)
    assert isinstance(result, Rendered)
    assert_safe(result.html)
    # the rewritten output must be safe too, even if the rewriter is careless
    rewritten = RENDERERS[renderer](vector, rewrite_url=lambda url: "javascript:alert(1)")
    assert_safe(rewritten.html)


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('gone')</script>",
        "before <SCRIPT>alert('gone')</SCRIPT> after",
        "<style>body { background: url(gone) }</style>",
        "<svg><script>alert('gone')</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('gone')>",
        "<object data='x'>alert('gone')</object>",
    ],
)
def test_script_and_style_content_is_removed_not_shown(source: str) -> None:
    for render in RENDERERS.values():
        html = render(source).html
        assert "gone" not in html
        assert "alert" not in to_text(html)


def test_disallowed_tags_are_stripped_not_escaped() -> None:
    html = sanitize_html("<form><input value=x><marquee>moving</marquee> text</form>").html
    assert "&lt;" not in html
    assert "moving" in html and "text" in html


def test_disallowed_iframe_is_removed_entirely() -> None:
    html = render_markdown(
        'Before\n\n<iframe src="https://evil.example/x">fallback</iframe>\n\nAfter'
    ).html
    assert "iframe" not in html
    assert "evil" not in html and "fallback" not in html
    assert "Before" in html and "After" in html


# --------------------------------------------------------------------------- fuzzing

# fmt: off
DANGEROUS_FRAGMENTS = [
    "<", ">", "/", "\"", "'", "`", "=", " ", "\t", "\n", "\x00", "\x0c", "&", "#", ";", ":",
    "&#", "&#x", "&#106;", "&#x61;", "&colon;", "&Tab;", "&NewLine;", "&quot;", "&lt;",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "vbscript:", "data:", "data:text/html,",
    "data:image/svg+xml,", "data:image/png;base64,", "alert(1)", "<script>", "</script>",
    "<script", "<style>", "</style>", "<img", "<img src=x onerror=alert(1)>", "<svg",
    "<svg/onload=alert(1)>", "<math>", "<mtext>", "<mglyph>", "<table>", "<iframe",
    "<iframe src=", "https://evil.example/", "https://www.youtube.com/embed/x", "</iframe>",
    "<a href=", "<a ", "</a>", " onerror=", " onclick=", " onload=", " style=", " href=",
    " src=", " srcdoc=", " formaction=", " xlink:href=", " target=_blank", "<!--", "-->",
    "<![CDATA[", "]]>", "<base href=", "<meta http-equiv=refresh content=", "<form action=",
    "<object data=", "<embed src=", "<noscript>", "</noscript>", "<template>", "<textarea>",
    "<title>", "[x](", "![x](", "](", ")", "[x][r]\n\n[r]: ", "<javascript:alert(1)>",
    "```", "!!! note ", "| a |\n|:-:|\n| ", "[^1]", "\n\n[^1]: ", "# ", "{: onclick=x }",
    "    ", "*", "_", "\\",
]
# fmt: on

fuzz_text = st.lists(
    st.one_of(st.sampled_from(DANGEROUS_FRAGMENTS), st.text(max_size=4)), max_size=40
).map("".join)


@settings(max_examples=200, deadline=None, database=None)
@given(fuzz_text)
def test_random_mixes_of_dangerous_fragments_stay_safe(source: str) -> None:
    for render in RENDERERS.values():
        result = render(source, rewrite_url=lambda url: url)
        assert_safe(result.html)


# --------------------------------------------------------------------------- Markdown features


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    return [(tag, attrs) for tag, attrs in _elements_html5lib(html) if tag != "DOCUMENT_FRAGMENT"]


def _find(html: str, tag: str) -> list[dict[str, str]]:
    return [attrs for name, attrs in _tags(html) if name == tag]


def test_tables_render_and_alignment_becomes_a_class() -> None:
    html = render_markdown("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |").html
    assert _find(html, "table") and len(_find(html, "td")) == 3
    classes = [attrs.get("class") for attrs in _find(html, "th")]
    assert classes == ["align-left", "align-center", "align-right"]
    assert "style" not in html and "align=" not in html


def test_tables_sit_in_one_keyboard_scrollable_box() -> None:
    source = "| Jam | Acara |\n|---|---|\n| 07.30-08.15 | Apel pagi |\n"
    html = render_markdown(source).html
    assert html.startswith('<div class="table-scroll" tabindex="0" role="region" aria-label="')
    assert html.rstrip().endswith("</table></div>")
    assert "07.30-08.15" in html
    # sanitizing stored HTML again keeps one box; a table inside a table gets none of its own
    again = sanitize_html(html).html
    assert again.count("table-scroll") == 1 and 'tabindex="0"' in again
    nested = sanitize_html("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>").html
    assert nested.count("table-scroll") == 1


def test_images_open_full_size_through_a_plain_link() -> None:
    html = render_markdown("![Denah kantor](media/denah.png)",
                           rewrite_url=lambda url: "/media/k/" + url.removeprefix("media/")).html
    (link,) = _find(html, "a")
    assert link["href"] == "/media/k/denah.png" and link["class"] == "zoom" and link["title"]
    assert _find(html, "img")[0]["src"] == "/media/k/denah.png"
    # an image that already is a link keeps its link; data: images are not opened; idempotent
    linked = render_markdown("[![Logo](media/logo.png)](https://example.com)").html
    assert [a["href"] for a in _find(linked, "a")] == ["https://example.com"]
    assert not _find(render_markdown("![titik](data:image/png;base64,iVBORw0KGgo=)").html, "a")
    assert len(_find(sanitize_html(html).html, "a")) == 1


def test_fenced_code_keeps_language_class_and_escapes_content() -> None:
    html = render_markdown('```python\nif a < b and c > "d":\n    pass\n```').html
    assert _find(html, "code") == [{"class": "language-python"}]
    assert "&lt; b" in html
    assert _find(render_markdown("```c++\nint x;\n```").html, "code") == [{"class": "language-c++"}]


def test_footnotes_render_with_links_both_ways() -> None:
    html = render_markdown("Teks[^a].\n\n[^a]: Catatan kaki.").html
    hrefs = [attrs.get("href") for attrs in _find(html, "a")]
    assert "#fn:a" in hrefs and "#fnref:a" in hrefs
    assert any(attrs.get("class") == "footnote" for attrs in _find(html, "div"))
    assert "Catatan kaki." in to_text(html)


def test_footnotes_do_not_leak_into_the_next_document() -> None:
    render_markdown("Teks[^1].\n\n[^1]: Catatan.")
    html = render_markdown("Tanpa catatan.").html
    assert "footnote" not in html and "Catatan" not in html


def test_definition_lists_render() -> None:
    html = render_markdown("ASN\n:   Aparatur Sipil Negara").html
    assert [tag for tag, _ in _tags(html) if tag in ("dl", "dt", "dd")] == ["dl", "dt", "dd"]


def test_admonitions_render_with_title() -> None:
    html = render_markdown('!!! warning "Perhatian"\n    Jangan lupa.').html
    assert {"class": "admonition warning"} in _find(html, "div")
    assert {"class": "admonition-title"} in _find(html, "p")
    assert "Perhatian" in html and "Jangan lupa." in html


def test_headings_get_unique_ids() -> None:
    source = '# Pendahuluan\n\n## Tujuan\n\n## Tujuan\n\n<h2 id="tujuan">Raw</h2>'
    ids = [attrs.get("id") for tag, attrs in _tags(render_markdown(source).html) if tag[0] == "h"]
    assert ids[0] == "pendahuluan" and ids[1] == "tujuan"
    assert len(set(ids)) == len(ids) == 4


def test_heading_ids_may_start_with_a_digit() -> None:
    (heading,) = _find(render_markdown("## 2024 Rencana Kerja").html, "h2")
    assert heading == {"id": "2024-rencana-kerja"}


def test_attr_list_is_not_enabled() -> None:
    (heading,) = _find(render_markdown('# Judul {: onclick="x" .cls }').html, "h1")
    assert set(heading) == {"id"}  # the braces stay text; no attribute is set


def test_allowed_iframe_survives_and_is_tightened() -> None:
    source = (
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video" width="560" '
        'height="315" allow="autoplay; camera; encrypted-media" allowfullscreen '
        'onload="x()">fallback</iframe>'
    )
    html = render_markdown(source).html
    (iframe,) = _find(html, "iframe")
    assert iframe["src"] == "https://www.youtube-nocookie.com/embed/abc"
    assert iframe["allow"] == "autoplay; encrypted-media"
    assert iframe["loading"] == "lazy" and "allowfullscreen" in iframe
    assert iframe["title"] == "Video" and "onload" not in iframe
    assert "fallback" not in html


def test_embed_hosts_are_configurable() -> None:
    vimeo = '<iframe src="https://player.vimeo.com/video/1"></iframe>'
    youtube = '<iframe src="https://www.youtube.com/embed/x"></iframe>'
    hosts = ("player.vimeo.com",)
    assert _find(sanitize_html(vimeo, embed_hosts=hosts).html, "iframe")
    assert not _find(sanitize_html(youtube, embed_hosts=hosts).html, "iframe")
    assert not _find(sanitize_html(vimeo).html, "iframe")


@pytest.mark.parametrize("kind", ["png", "jpeg", "gif", "webp"])
def test_data_image_survives_in_img(kind: str) -> None:
    src = f"data:image/{kind};base64,iVBORw0KGgo="
    assert _find(render_markdown(f"![titik]({src})").html, "img")[0]["src"] == src
    assert _find(sanitize_html(f'<img src="{src}" alt="x">').html, "img")[0]["src"] == src


def test_svg_data_image_is_dropped() -> None:
    (img,) = _find(sanitize_html('<img src="data:image/svg+xml;base64,PHN2Zz4=">').html, "img")
    assert "src" not in img


def test_relative_urls_are_rewritten_and_collected_in_order() -> None:
    source = (
        "![a](media/a.png) [doc](media/doc.pdf) [again](media/a.png) [top](#top) "
        "[root](/kursus) [ext](https://example.com) [mail](mailto:a@b.id)"
    )
    seen: list[str] = []

    def rewrite(url: str) -> str:
        seen.append(url)
        return "/media/kursus-1/" + url.removeprefix("media/")

    result = render_markdown(source, rewrite_url=rewrite)
    assert result.refs == ("media/a.png", "media/doc.pdf")
    assert seen == ["media/a.png", "media/doc.pdf", "media/a.png"]
    assert _find(result.html, "img")[0]["src"] == "/media/kursus-1/a.png"
    hrefs = [attrs.get("href") for attrs in _find(result.html, "a")]
    assert hrefs == [
        "/media/kursus-1/a.png",  # the image opens full size
        "/media/kursus-1/doc.pdf",
        "/media/kursus-1/a.png",
        "#top",
        "/kursus",
        "https://example.com",
        "mailto:a@b.id",
    ]


def test_refs_are_collected_without_a_rewriter_and_from_raw_html() -> None:
    result = sanitize_html(
        '<video src="media/v.mp4" poster="media/p.jpg"></video><a href="x.pdf">x</a>'
    )
    assert result.refs == ("media/v.mp4", "media/p.jpg", "x.pdf")
    assert sanitize_html('<a href="https://x.example/a.pdf">x</a>').refs == ()


def test_unsafe_rewrite_result_is_dropped() -> None:
    result = render_markdown("[x](media/x.pdf)", rewrite_url=lambda url: "javascript:alert(1)")
    assert "href" not in _find(result.html, "a")[0]


def test_external_links_get_rel_and_lose_target() -> None:
    html = sanitize_html(
        '<a href="https://example.com" target="_blank" rel="opener">x</a>'
        '<a href="//example.com/x">y</a><a href="media/x.pdf" rel="opener">z</a>'
    ).html
    first, second, third = _find(html, "a")
    assert first["rel"] == "noopener noreferrer" and "target" not in first
    assert second["rel"] == "noopener noreferrer"
    assert "rel" not in third


def test_classes_are_filtered_to_a_safe_pattern() -> None:
    html = sanitize_html('<span class="ok x<y a&quot;b also-ok">t</span>').html
    assert _find(html, "span") == [{"class": "ok also-ok"}]


def test_media_elements_keep_controls() -> None:
    html = sanitize_html('<video src="media/v.mp4" autoplay muted></video>').html
    (video,) = _find(html, "video")
    assert "controls" in video and "autoplay" not in video


# --------------------------------------------------------------------------- inline, plain, text


def test_render_inline_unwraps_a_single_paragraph() -> None:
    assert render_inline("Jawaban *benar*").html == "Jawaban <em>benar</em>"
    multi = render_inline("Satu\n\nDua").html
    assert multi.count("<p>") == 2


def test_render_inline_keeps_block_content() -> None:
    assert "<ul>" in render_inline("- a\n- b").html


def test_render_plain_escapes_and_keeps_line_breaks() -> None:
    assert render_plain('a <b> & "c"\nd\r\ne') == "a &lt;b&gt; &amp; &quot;c&quot;<br>\nd<br>\ne"


def test_to_text_strips_tags_and_separates_blocks() -> None:
    html = render_markdown(
        "# Judul\n\nSatu **dua** &amp; tiga.\n\n| a | b |\n|--|--|\n| c | d |"
    ).html
    text = to_text(html)
    assert text.split("\n")[0] == "Judul"
    assert "Satu dua & tiga." in text
    assert text.split() == ["Judul", "Satu", "dua", "&", "tiga.", "a", "b", "c", "d"]
    assert to_text("<p>a</p><script>hidden()</script><p>b</p>") == "a\nb"


def test_empty_input() -> None:
    assert render_markdown("") == Rendered("", ())
    assert sanitize_html("") == Rendered("", ())
    assert render_inline("") == Rendered("", ())


# --------------------------------------------------------------------------- plugins, threads


class _ScriptInjector(markdown.Extension):
    """A misbehaving plugin extension: its output is sanitized like anything else."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (python-markdown API)
        class Inject(markdown.postprocessors.Postprocessor):
            def run(self, text: str) -> str:
                return text + '<script>alert(1)</script><b onclick="x">plugin</b>'

        md.postprocessors.register(Inject(md), "inject", 0)


def test_extensions_from_plugins_are_used_and_sanitized() -> None:
    html = render_markdown("*[ASN]: Aparatur Sipil Negara\n\nASN", extensions=["abbr"]).html
    assert _find(html, "abbr") == [{"title": "Aparatur Sipil Negara"}]
    injected = render_markdown("teks", extensions=[_ScriptInjector()]).html
    assert_safe(injected)
    assert "plugin" in injected
    assert "abbr" not in render_markdown("*[ASN]: x\n\nASN").html  # configurations stay apart


def test_rendering_is_thread_safe() -> None:
    sources = [
        f"# Bab {i}\n\nTeks {i}[^1] [m](media/{i}.png)\n\n[^1]: Catatan {i}" for i in range(8)
    ]
    expected = [render_markdown(s) for s in sources]
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(10):
                for source, want in zip(sources, expected, strict=True):
                    assert render_markdown(source) == want
        except BaseException as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
