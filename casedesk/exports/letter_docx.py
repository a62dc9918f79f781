"""Filling a Word letter template (.docx with Jinja merge fields, through docxtpl) for one letter.

Templates are foreign files (a firm's own .docx): they are opened inside ``except Exception`` and any
problem becomes an :class:`~casedesk.domain.errors.ExportError` (filling) or a
:class:`~casedesk.domain.errors.ValidationError` (checking a template the firm adds).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from casedesk.domain.errors import ExportError, ValidationError
from casedesk.exports.atomic import atomic_write

#: The largest template accepted (a letter with a logo is well under this).
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
_NOT_DOCX = "This is not a Word document (.docx). Save the template in Word as “Word Document (*.docx)”."


def _open(content: bytes) -> Any:
    """A docxtpl template over the bytes, or a ValidationError saying why it cannot be one."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            {"template": "The template is larger than 20 MB. Remove large pictures from it."}
        )
    if not content.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(content)):
        raise ValidationError({"template": _NOT_DOCX})
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ValidationError({"template": _NOT_DOCX})
        template = DocxTemplate(io.BytesIO(content))
        template.init_docx()
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            {"template": f"The template cannot be read ({_reason(exc)}). Open it in Word and save it again."}
        ) from exc
    return template


def _environment() -> Any:
    import jinja2

    return jinja2.Environment(autoescape=False, undefined=jinja2.ChainableUndefined)


def template_fields(content: bytes) -> set[str]:
    """The merge-field names a template uses (the names before any dot), for checking a firm's template.

    Raises:
        ValidationError: It is not a .docx, it is damaged, or a merge field is written wrongly.
    """
    template = _open(content)
    try:
        names = template.get_undeclared_template_variables(_environment())
    except Exception as exc:
        raise ValidationError(
            {
                "template": f"A merge field in the template is written wrongly ({_reason(exc)}). "
                "Fields look like {{ client.name }}; see the merge-field reference."
            }
        ) from exc
    return {str(name) for name in names}


def fill_template(content: bytes, context: Mapping[str, Any]) -> bytes:
    """The template filled with the context, as the bytes of a .docx.

    Raises:
        ExportError: The template is not a .docx, is damaged or cannot be filled.
    """
    try:
        template = _open(content)
    except ValidationError as exc:
        raise ExportError(str(exc), "Replace the template with one saved from Word.") from exc
    try:
        template.render(dict(context), _environment(), autoescape=True)
        out = io.BytesIO()
        template.save(out)
    except Exception as exc:
        raise ExportError(
            f"The letter cannot be drafted from this template ({_reason(exc)}).",
            "Check the template's merge fields against the merge-field reference, or use a shipped template.",
        ) from exc
    return out.getvalue()


def write_letter_docx(path: Path, content: bytes, context: Mapping[str, Any]) -> bytes:
    """Fill a template and write the letter to ``path`` atomically; returns the bytes written.

    Raises:
        ExportError: The template cannot be filled, or the file cannot be written (nothing was changed).
    """
    filled = fill_template(content, context)
    with atomic_write(path) as handle:
        handle.write(filled)
    return filled


def docx_text(content: bytes) -> list[str]:
    """The text of a .docx's body paragraphs and table cells, in order (for checks and tests)."""
    import docx

    document = docx.Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return texts


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
