"""Documents the demo makes at load time: a publication's text as an OpenDocument file per language.

The seeds link to documents that did not survive scraping, and nothing may be downloaded, so the
demo writes each one from the text it has: the publication's title, lead and body in that
language. OpenDocument text is a zip of XML any office suite opens, in every script and direction.
"""

import io
import zipfile
from xml.etree import ElementTree

from django.core.files.base import ContentFile
from django.utils.translation import get_language_info

from wagtail.documents import get_document_model

MIMETYPE = "application/vnd.oasis.opendocument.text"
NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
for prefix, uri in NAMESPACES.items():
    ElementTree.register_namespace(prefix, uri)


def qualified(name):
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def element(name, attributes=None, text=None, children=()):
    node = ElementTree.Element(
        qualified(name), {qualified(key): value for key, value in (attributes or {}).items()}
    )
    node.text = text
    node.extend(children)
    return node


def xml(root):
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def paragraph_style(name, language, *, size="11pt", bold=False):
    """A paragraph style in the language, right to left where it is written so."""
    primary, _, script = language.partition("-")
    right_to_left = get_language_info(language)["bidi"]
    text = {"fo:font-size": size, "fo:language": primary, "fo:country": "none"}
    if script:
        text["fo:script"] = script.capitalize()
    if right_to_left:
        # Office suites apply the "complex" properties to Arabic script.
        text |= {
            "style:language-complex": primary,
            "style:country-complex": "none",
            "style:font-size-complex": size,
        }
    if bold:
        text |= {"fo:font-weight": "bold", "style:font-weight-complex": "bold"}
    return element(
        "style:style",
        {"style:name": name, "style:family": "paragraph"},
        children=[
            element(
                "style:paragraph-properties",
                {
                    "style:writing-mode": "rl-tb" if right_to_left else "lr-tb",
                    "fo:text-align": "end" if right_to_left else "start",
                    "fo:margin-bottom": "0.25cm",
                },
            ),
            element("style:text-properties", text),
        ],
    )


def opendocument(language, title, lead, paragraphs):
    """Return the bytes of an .odt file: the title, the lead in bold, then the paragraphs."""
    content = element(
        "office:document-content",
        {"office:version": "1.3"},
        children=[
            element(
                "office:automatic-styles",
                children=[
                    paragraph_style("Title", language, size="20pt", bold=True),
                    paragraph_style("Lead", language, bold=True),
                    paragraph_style("Body", language),
                ],
            ),
            element(
                "office:body",
                children=[
                    element(
                        "office:text",
                        children=[
                            element("text:h", {"text:style-name": "Title", "text:outline-level": "1"}, title),
                            element("text:p", {"text:style-name": "Lead"}, lead),
                            *(element("text:p", {"text:style-name": "Body"}, text) for text in paragraphs),
                        ],
                    )
                ],
            ),
        ],
    )
    meta = element(
        "office:document-meta",
        {"office:version": "1.3"},
        children=[
            element(
                "office:meta",
                children=[element("dc:title", text=title), element("dc:language", text=language)],
            )
        ],
    )
    manifest = element(
        "manifest:manifest",
        {"manifest:version": "1.3"},
        children=[
            element("manifest:file-entry", {"manifest:full-path": "/", "manifest:media-type": MIMETYPE}),
            element(
                "manifest:file-entry",
                {"manifest:full-path": "content.xml", "manifest:media-type": "text/xml"},
            ),
            element(
                "manifest:file-entry", {"manifest:full-path": "meta.xml", "manifest:media-type": "text/xml"}
            ),
        ],
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # OpenDocument 3.3: the media type comes first, uncompressed, so that tools recognise the file.
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        for name, root in [("content.xml", content), ("meta.xml", meta), ("META-INF/manifest.xml", manifest)]:
            archive.writestr(name, xml(root), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def create_document(title, filename, data):
    return get_document_model().objects.create(title=title, file=ContentFile(data, name=filename))
