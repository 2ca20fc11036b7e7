"""Office files as people will see them: Word, Excel and PowerPoint files rendered through LibreOffice to
PDF and then to PNG pages, for review by eye.

    python bench/render_office.py                       # the exports of a template, both languages
    python bench/render_office.py a.docx b.xlsx c.pptx  # the files given
    python bench/render_office.py --template front-desk --out /tmp/pages

Prints the folder holding the pages (``<file>.<ext>-<n>.png``, one per printed page, beside
``<file>.<ext>.pdf``) and, per file, the page count and the size of its first page. Without
LibreOffice (``soffice``) or poppler (``pdftoppm``) it says what to install and exits 0: it is a
review aid, not a test. The Debian packages:
``apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui
libreoffice-impress-nogui poppler-utils``.
"""

from __future__ import annotations

import argparse
import glob
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OFFICE = ("docx", "xlsx", "pptx")
DPI = 60


def tools() -> tuple[str, str] | None:
    """The paths of ``soffice`` and ``pdftoppm``, or ``None`` (after saying what is missing)."""
    soffice, pdftoppm = shutil.which("soffice") or shutil.which("libreoffice"), shutil.which("pdftoppm")
    if soffice and pdftoppm:
        return soffice, pdftoppm
    missing = [name for name, path in (("soffice (LibreOffice)", soffice), ("pdftoppm (poppler-utils)", pdftoppm))
               if not path]
    print(f"skipped: {' and '.join(missing)} not installed; install them with\n  apt-get install -y "
          "--no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui "
          "poppler-utils")
    return None


def exports_of(template: str, folder: Path) -> list[Path]:
    """The template's Office exports (every Office format the product has), in Chinese and in English."""
    from exports.formats import FORMATS, export
    from journeys.catalog import load_template

    files = []
    for locale, lang in (("zh-CN", "zh"), ("en", "en")):
        journey = load_template(template, locale)
        for fmt in (f for f in OFFICE if f in FORMATS):
            path = folder / f"{template}-{lang}.{FORMATS[fmt].extension}"
            path.write_bytes(export(journey, None, fmt, lang))
            files.append(path)
    return files


def render(files: list[Path], out: Path, soffice: str, pdftoppm: str) -> None:
    """Each file to ``out/<file>.pdf`` and ``out/<file>-<page>.png``; one line per file on stdout."""
    profile = Path(tempfile.mkdtemp(prefix="render-office-profile-"))
    try:
        for path in files:
            start = time.perf_counter()
            # A profile of its own: a LibreOffice the user has open does not take the job over.
            work = Path(tempfile.mkdtemp(prefix="render-office-", dir=out))
            done = subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                                   "--convert-to", "pdf", "--outdir", str(work), str(path)],
                                  capture_output=True, text=True, timeout=300, check=False)
            converted = work / f"{path.stem}.pdf"
            if done.returncode or not converted.exists():
                print(f"{path.name}: LibreOffice failed ({done.returncode}): {done.stderr.strip()[:300]}")
                shutil.rmtree(work, ignore_errors=True)
                continue
            # a.docx and a.xlsx would both become a.pdf: the pages keep the file's whole name.
            pdf = converted.replace(out / f"{path.name}.pdf")
            work.rmdir()
            for old in out.glob(f"{glob.escape(path.name)}-*.png"):
                old.unlink()
            subprocess.run([pdftoppm, "-png", "-r", str(DPI), str(pdf), str(out / path.name)], check=True,
                           timeout=300)
            pages = sorted(out.glob(f"{glob.escape(path.name)}-*.png"))
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
            size = re.search(r"Page size:\s*(.+)", info)
            print(f"{path.name}: {len(pages)} page(s), {size.group(1).strip() if size else '?'}, "
                  f"{time.perf_counter() - start:.1f} s")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="docx, xlsx or pptx files (default: a template's exports)")
    parser.add_argument("--template", default="business-hall", help="the template exported when no file is given")
    parser.add_argument("--out", type=Path, help="the folder for the pages (default: a new temporary folder)")
    args = parser.parse_args(argv)
    found = tools()
    if found is None:
        return 0
    bad = [str(f) for f in args.files if not f.is_file() or f.suffix.lstrip(".").lower() not in OFFICE]
    if bad:
        print(f"not a docx, xlsx or pptx file: {', '.join(bad)}", file=sys.stderr)
        return 2
    out = args.out or Path(tempfile.mkdtemp(prefix="render-office-"))
    out.mkdir(parents=True, exist_ok=True)
    files = [f.resolve() for f in args.files] or exports_of(args.template, out)
    render(files, out, *found)
    print(f"pages in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
