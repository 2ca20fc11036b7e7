"""Zip packages (Word, Excel) with the same bytes on every run.

python-docx and openpyxl stamp every member of the package with the time it was saved; the exports
rewrite the package with one fixed timestamp instead (house style: no timestamps in exported bytes).
"""

from __future__ import annotations

import io
import zipfile

__all__ = ["fixed_zip"]

ZipTime = tuple[int, int, int, int, int, int]


def fixed_zip(data: bytes, date_time: ZipTime, *, permissions: int = 0) -> bytes:
    """The zip package ``data`` rewritten, deflated, with every member stamped ``date_time``.

    Parameters
    ----------
    data
        A zip file.
    date_time
        ``(year, month, day, hour, minute, second)`` for every member (zip cannot store years before 1980).
    permissions
        Unix permission bits of every member (``0o600``); 0 stores none.

    Examples
    --------
    >>> import io, zipfile
    >>> raw = io.BytesIO()
    >>> with zipfile.ZipFile(raw, "w") as z:
    ...     z.writestr("a.txt", "hello")
    >>> fixed = fixed_zip(raw.getvalue(), (2000, 1, 1, 0, 0, 0))
    >>> fixed == fixed_zip(fixed, (2000, 1, 1, 0, 0, 0))
    True
    >>> zipfile.ZipFile(io.BytesIO(fixed)).getinfo("a.txt").date_time
    (2000, 1, 1, 0, 0, 0)
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            if permissions:
                info.external_attr = permissions << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()
