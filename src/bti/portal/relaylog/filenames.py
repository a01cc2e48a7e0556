"""Files kept in a log get neutral names.

People name files after the child ("Kari Nordmann kartlegging.pdf"). A file's
name travels into download URLs, the catalog (image_scales metadata) and REST
answers, where a child's name must never be. So a file or picture added to a
log is renamed to its random id plus an extension taken from its content type
(never from what the user typed).
"""

from bti.portal.relaylog import find_log

import mimetypes


FIELDS = ("file", "image")


def neutral_filename(obj, blob) -> str:
    extension = mimetypes.guess_extension(blob.contentType or "") or ""
    return f"{obj.getId()}{extension}"


def rename_files(obj, event) -> None:
    if find_log(obj) is None:
        return
    changed = False
    for name in FIELDS:
        blob = getattr(obj, name, None)
        if blob is None:
            continue
        wanted = neutral_filename(obj, blob)
        if blob.filename != wanted:
            blob.filename = wanted
            changed = True
    if changed:
        obj.reindexObject()
