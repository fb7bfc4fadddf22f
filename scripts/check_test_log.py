"""Read Odoo test logs and decide: exit 0 only if tests ran and none failed, errored or skipped.

Odoo exits 0 when a test is skipped (no Chromium, no websocket-client, ...), and a module that
fails to load may run no test at all: both must fail the project's test command.
A log may also be the report of a plain unittest run ("Ran N tests", "OK (skipped=N)",
"FAILED (failures=N, errors=N)"), as scripts/check_workers.py prints it.
Prints the plain closing line "tests: N passed, N failed, N skipped".
"""

import re
import sys

SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
SKIPPED = re.compile(r" INFO \S+ (odoo\.addons\.\S+|odoo\.tests\.\S+): skipped (.*)")
UNITTEST_RAN = re.compile(r"^Ran (\d+) tests? in ")
UNITTEST_RESULT = re.compile(r"^(OK|FAILED)(?: \((.*)\))?$")
ERROR = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
NOT_LOADED = re.compile(
    r"Some modules are not loaded|module \S+: not installable|Failed to load registry|demo data failed to install"
)


def check(path, label):
    failed = errors = total = 0
    seen_summary = False
    skipped, error_lines, load_problems = [], [], []
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = UNITTEST_RAN.search(line)
            if match:
                total = int(match.group(1))
            match = UNITTEST_RESULT.search(line.rstrip())
            if match and total:
                seen_summary = True
                counts = dict(part.split("=") for part in (match.group(2) or "").split(", ") if "=" in part)
                failed, errors = int(counts.get("failures", 0)), int(counts.get("errors", 0))
                skipped += ["(unittest)"] * int(counts.get("skipped", 0))
            match = SUMMARY.search(line)
            if match:
                seen_summary = True
                failed, errors, total = (int(x) for x in match.groups())
            match = SKIPPED.search(line)
            if match:
                skipped.append(match.group(2).strip())
            if ERROR.match(line):
                error_lines.append(line.rstrip())
            if NOT_LOADED.search(line):
                load_problems.append(line.rstrip())
    passed = max(total - failed - errors - len(skipped), 0)
    problems = []
    if not seen_summary or total == 0:
        problems.append("no test ran (did the add-ons install?)")
    if failed or errors:
        problems.append(f"{failed} failed, {errors} error(s)")
    if skipped:
        problems.append(f"{len(skipped)} skipped: " + "; ".join(skipped[:10]))
    if error_lines:
        problems.append(f"{len(error_lines)} ERROR line(s) in the log, first: {error_lines[0][:300]}")
    if load_problems:
        problems.append("modules not loaded: " + load_problems[0][:300])
    return passed, failed + errors, len(skipped), problems


def main(args):
    """args: LOG LABEL [LOG LABEL ...]"""
    totals = [0, 0, 0]
    bad = False
    for path, label in zip(args[::2], args[1::2], strict=True):
        passed, failed, skipped, problems = check(path, label)
        print(f"[b2b] {label}: {passed} passed, {failed} failed, {skipped} skipped", file=sys.stderr)
        for problem in problems:
            print(f"[b2b] FAILED ({label}): {problem}", file=sys.stderr)
        totals = [totals[0] + passed, totals[1] + failed, totals[2] + skipped]
        bad = bad or bool(problems)
    if bad and not totals[1]:
        totals[1] = 1  # a phase that ran nothing or logged errors counts as a failure
    print(f"tests: {totals[0]} passed, {totals[1]} failed, {totals[2]} skipped")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
