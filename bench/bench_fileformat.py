"""Journey files: how fast bad input is refused, and load/save times by size.

The foundation issue asks that empty files, binary garbage, syntax errors, NaN, wrong types, alias
bombs and object tags are rejected "in well under a second". Each is timed as `mot validate` would
meet it (best of 5), then generated journeys are saved and loaded in both formats.

    python bench/bench_fileformat.py
"""

from __future__ import annotations

import time

from journeys import fileformat
from journeys.fileformat import JourneyFileError
from journeys.synthetic import synthetic_journey


def bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


BAD: dict[str, tuple[str | bytes, fileformat.Format]] = {
    "empty file": (b"", "yaml"),
    "binary garbage (1 MB)": (bytes(range(1, 256)) * 4096, "yaml"),
    "YAML syntax error": ("format: mot-journey/1\nid: [unclosed\n", "yaml"),
    "JSON NaN": ('{"format": "mot-journey/1", "x": NaN}', "json"),
    "wrong types": ("format: mot-journey/1\nid: x\ntitle: t\nstages: 7\ntouchpoints: {}\n", "yaml"),
    "alias bomb (9^9)": (bomb(), "yaml"),
    "!!python tag": ("!!python/object/apply:os.system ['true']\n", "yaml"),
    "100,000-deep nesting": ("[" * 100_000 + "]" * 100_000, "yaml"),
}


def best(f, runs: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def refuse(data: str | bytes, fmt: fileformat.Format) -> None:
    try:
        fileformat.loads(data, fmt, name="bad")
    except JourneyFileError:
        return
    raise AssertionError("accepted bad input")


def main() -> None:
    print(f"{'bad input':<24} {'refused in ms':>13}")
    for label, (data, fmt) in BAD.items():
        print(f"{label:<24} {best(lambda d=data, f=fmt: refuse(d, f)) * 1000:>13.1f}")
    print()
    print(f"{'touchpoints':>11} {'yaml MB':>8} {'save yaml s':>12} {'load yaml s':>12} {'save json s':>12} "
          f"{'load json s':>12}")
    for n in (100, 1_000, 10_000):
        journey = synthetic_journey(n)
        yaml_text, json_text = fileformat.dumps(journey, "yaml"), fileformat.dumps(journey, "json")
        runs = 5 if n < 10_000 else 2
        print(f"{n:>11} {len(yaml_text.encode()) / 1e6:>8.2f} "
              f"{best(lambda j=journey: fileformat.dumps(j, 'yaml'), runs):>12.3f} "
              f"{best(lambda t=yaml_text: fileformat.loads(t, 'yaml'), runs):>12.3f} "
              f"{best(lambda j=journey: fileformat.dumps(j, 'json'), runs):>12.3f} "
              f"{best(lambda t=json_text: fileformat.loads(t, 'json'), runs):>12.3f}")
    print()
    # A 10,000-touchpoint file where every touchpoint has a misspelt field: refused, and every problem said as
    # the Chinese page lists it (line, touchpoint by name, field by label).
    journey = synthetic_journey(10_000)
    broken = fileformat.dumps(journey, "yaml").replace("\n  owner: ", "\n  ownr: ")
    try:
        fileformat.loads(broken, "yaml", name="broken.yaml")
    except JourneyFileError as exc:
        caught = exc
    else:
        raise AssertionError("accepted bad input")
    print(f"{'10,000 broken touchpoints':<26} {len(caught.problems):>7} problems: refused in "
          f"{best(lambda: refuse(broken, 'yaml'), 2):.2f} s, said in Chinese in "
          f"{best(lambda: caught.messages('zh'), 2):.2f} s")


if __name__ == "__main__":
    main()
