"""The archive copy of a log as PDF/A (WeasyPrint), from templates/log_pdf.pt."""

from bti.portal.archive.document import log_document
from bti.portal.archive.document import Texts
from bti.portal.archive.labels import EVENT_TITLES
from bti.portal.archive.labels import LABELS
from datetime import datetime
from datetime import UTC
from pathlib import Path
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.globalrequest import getRequest

import logging
import weasyprint


HERE = Path(__file__).parent / "templates"

# PDF/A-3b: archival, fonts embedded (DejaVu from fonts-dejavu-core), and it
# may carry attachments later (the Noark 5 metadata, if an archive asks).
PDF_VARIANT = "pdf/a-3b"
# WeasyPrint's progress lines ("Step 2 - ...") at INFO fill the event log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PrintTemplate(BrowserView):
    """Not published: renders templates/log_pdf.pt with plain data (options)."""

    index = ViewPageTemplateFile("templates/log_pdf.pt")


def html(log, event: str, moment: datetime | None = None) -> str:
    document = log_document(log, "", moment or datetime.now(UTC))
    t = Texts(document["language"])
    document["event"] = t(EVENT_TITLES.get(event, event))
    labels = {name: t(message) for name, message in LABELS.items()}
    css = (HERE / "print.css").read_text()
    view = PrintTemplate(log, getRequest())
    return view.index(doc=document, labels=labels, css=css)


def pdf(log, event: str, moment: datetime | None = None) -> bytes:
    """The PDF/A bytes of ``log`` now (raises whatever WeasyPrint raises)."""
    source = html(log, event, moment)
    return weasyprint.HTML(string=source, base_url=str(HERE)).write_pdf(
        pdf_variant=PDF_VARIANT
    )
