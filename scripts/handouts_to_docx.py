"""Make the downloadable Word versions of the NPQLTD handouts from their Markdown.

    python scripts/handouts_to_docx.py course_spec/npqltd/handouts/*.md

writes ``NAME.docx`` beside each ``NAME.md``: headings, paragraphs, bold, bullet lists
and tables (bordered, for participants to fill in). The output is byte-for-byte the
same for the same Markdown (fixed zip timestamps), so an unchanged handout is not
uploaded again. Uses only the standard library.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def runs(text: str, size: int | None = None, bold: bool = False) -> str:
    out = []
    for n, part in enumerate(_BOLD.split(text)):
        if not part:
            continue
        props = ""
        if bold or n % 2:
            props += "<w:b/>"
        if size:
            props += f'<w:sz w:val="{size}"/>'
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return "".join(out)


def paragraph(text: str, size: int | None = None, bold: bool = False) -> str:
    return f"<w:p>{runs(text, size, bold)}</w:p>"


def table(rows: list[list[str]]) -> str:
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    borders = "".join(
        border.format(b) for b in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/>'
        f"<w:tblBorders>{borders}</w:tblBorders></w:tblPr>"
    ]
    for index, cells in enumerate(rows):
        out.append("<w:tr>")
        for cell in cells:
            out.append(f"<w:tc>{paragraph(cell, bold=index == 0)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def document(title: str, markdown: str) -> str:
    body = [paragraph(title, size=36, bold=True)]
    # The page's own "download the Word version" line has no place in the Word version.
    lines = [line for line in markdown.splitlines() if not re.search(r"\]\([^)]*\.docx\)", line)]
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                cells = [c.strip() for c in lines[i].strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                    rows.append(cells)
                i += 1
            body.append(table(rows))
            body.append("<w:p/>")
            continue
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(
                paragraph(line.lstrip("#").strip(), size=32 if level <= 2 else 26, bold=True)
            )
        elif line.startswith(("- ", "* ")):
            body.append(paragraph("• " + line[2:].strip()))
        elif line:
            body.append(paragraph(line))
        i += 1
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>'
        + "".join(body)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134"/></w:sectPr>'
        "</w:body></w:document>"
    )


def write_docx(target: Path, title: str, markdown: str) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as docx:
        for name, data in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", RELS),
            ("word/document.xml", document(title, markdown)),
        ):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            docx.writestr(info, data)


def main(paths: list[str]) -> None:
    for raw in paths:
        source = Path(raw)
        words = source.stem.replace("-", " ").split()
        title = "NPQLTD handout: " + " ".join("MIT" if w == "mit" else w for w in words)
        write_docx(source.with_suffix(".docx"), title, source.read_text(encoding="utf-8"))
        print(source.with_suffix(".docx"))


if __name__ == "__main__":
    main(sys.argv[1:])
