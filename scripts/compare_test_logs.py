"""Compare two Odoo test logs: the same tests run without (PLAIN) and with (ADDONS) the add-ons.

Prints, per side, the tests run and how many failed or errored (Odoo's closing summary), then
every test that fails on one side only, with the exception line of its traceback. Exits 0 when both
sides ran tests and fail exactly the same tests, 1 otherwise.

    python scripts/compare_test_logs.py PLAIN.log ADDONS.log
"""

import re
import sys

SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ ")
FAILURE = re.compile(r" ERROR \S+ (\S+): (FAIL|ERROR): (.+)$")
EXCEPTION = re.compile(r"^[\w.]*(Error|Exception|Failure|Timeout)\b")
NOT_LOADED = re.compile(r"Some modules are not loaded|Failed to load registry|demo data failed to install")


def read(path):
    """(summary (failed, errors, run) or None, {test: (flavour, reason)}, load problems); the reason is
    the exception line of the traceback (its first line naming an error), else its last line."""
    summary, failures, problems = None, {}, []
    current = None
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            line = line.rstrip("\n")
            if START.match(line):
                current = None
                match = SUMMARY.search(line)
                if match:
                    summary = tuple(int(x) for x in match.groups())
                match = FAILURE.search(line)
                if match:
                    logger, flavour, description = match.groups()
                    current = f"{logger}: {description.strip()}"
                    failures[current] = (flavour, "")
                if NOT_LOADED.search(line):
                    problems.append(line[:300])
            elif current and line.strip():
                flavour, reason = failures[current]
                if not EXCEPTION.match(reason):  # keep the first exception line once found
                    failures[current] = (flavour, line.strip()[:300])
    return summary, failures, problems


def main(plain_path, addons_path):
    sides = {"without the add-ons": read(plain_path), "with the add-ons": read(addons_path)}
    ok = True
    for label, (summary, failures, problems) in sides.items():
        if summary is None:
            print(f"{label}: no test summary in the log (did the modules install?)")
            ok = False
        else:
            failed, errors, run = summary
            print(f"{label}: {run} tests run, {failed} failed, {errors} error(s); {len(failures)} failing tests listed")
        for problem in problems:
            print(f"  load problem: {problem}")
            ok = False
    (plain, plain_failures, _), (addons, addons_failures, _) = sides.values()
    only = {
        "fail only without the add-ons": sorted(set(plain_failures) - set(addons_failures)),
        "fail only with the add-ons": sorted(set(addons_failures) - set(plain_failures)),
    }
    for label, tests in only.items():
        failures = plain_failures if "without" in label else addons_failures
        print(f"{label}: {len(tests)}")
        for test in tests:
            flavour, last = failures[test]
            print(f"  {flavour}: {test}\n      {last}")
        ok = ok and not tests
    if plain and addons and plain[2] != addons[2]:
        print(f"the number of tests run differs: {plain[2]} without, {addons[2]} with the add-ons")
    print("same failing tests on both sides" if ok else "THE SIDES DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
