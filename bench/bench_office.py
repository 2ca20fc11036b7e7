"""The office exports as people will print them: each one (Word, and Excel or PowerPoint where the release
has them) of the business-hall template and of a 100-touchpoint journey, converted by LibreOffice to PDF
and to PNG pages (60 dpi) for review. Prints the export time, the pages (portrait and landscape) and
where the PNGs are. Without LibreOffice (``soffice``) and poppler (``pdftoppm``) it says what to install.

    python bench/bench_office.py [OUT_DIR]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pypdf import PdfReader  # noqa: E402
from render_office import OFFICE, render, tools  # noqa: E402

from exports.formats import FORMATS, export  # noqa: E402
from journeys.analysis import analyze  # noqa: E402
from journeys.catalog import load_template  # noqa: E402
from journeys.synthetic import synthetic_journey  # noqa: E402


def main() -> None:
    found = tools()
    if found is None:
        return
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="mot-office-"))
    out.mkdir(parents=True, exist_ok=True)
    journeys = {"business-hall": load_template("business-hall", "zh-CN"), "synthetic-100": synthetic_journey(100)}
    files = []
    for name, journey in journeys.items():
        analysis = analyze(journey, "zh")
        for fmt in (f for f in OFFICE if f in FORMATS):
            start = time.perf_counter()
            data = export(journey, analysis, fmt, "zh")
            took = time.perf_counter() - start
            source = out / f"{name}.{fmt}"
            source.write_bytes(data)
            files.append(source)
            print(f"{name:14} {fmt:5} export {took:5.1f} s  {len(data) / 1e6:5.1f} MB")
    render(files, out, *found)
    for source in files:
        printed = out / f"{source.name}.pdf"
        if printed.exists():
            pages = PdfReader(printed).pages
            wide = sum(1 for p in pages if float(p.mediabox.width) > float(p.mediabox.height))
            print(f"{source.name:20} {len(pages):3} pages ({wide} landscape)  → {out}/{source.name}-*.png")


if __name__ == "__main__":
    main()
