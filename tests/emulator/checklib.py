"""What the emulator checkers share: one line per check, JSON loading, running nephos, the known
moto gaps, and the closing `N passed, N failed` line with the exit code.

The checkers (check.py, check_org.py, check_nephos.py) import it from their own folder.
"""
import json
import os
import subprocess
import sys
import traceback

PASSED, FAILED = [], []

# moto 5.2.5 answers that differ from AWS (docs/collect.md, "Known moto 5.2.5 gaps"): these calls
# may fail; any other failed call is a failed check.
KNOWN_GAPS = {
    ("s3", "get-bucket-versioning", "UnparsedServiceError"),
    ("s3", "get-bucket-notification-configuration", "UnparsedServiceError"),
    ("accessanalyzer", "list-analyzers", "UnparsedServiceError"),
}

# With IAM authorization switched on, moto verifies Lambda's signatures wrongly (boto3's fail too).
KNOWN_GAPS_WITH_IAM_AUTH = KNOWN_GAPS | {
    ("lambda", "list-functions", "SignatureDoesNotMatch"),
    ("lambda", "list-event-source-mappings", "SignatureDoesNotMatch"),
}


def check(name, ok, detail=""):
    """Records and prints one check (the detail of a failure is cut to 400 characters)."""
    (PASSED if ok else FAILED).append(name)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {str(detail)[:400]}"))


def load(*parts):
    """The JSON document at the path joined from `parts`."""
    with open(os.path.join(*parts)) as f:
        return json.load(f)


def unexpected_errors(errors, gaps=KNOWN_GAPS):
    """The failed calls of a collect-errors.json that are not known moto gaps."""
    return [e for e in errors if (e["service"], e["operation"], e["error_code"]) not in gaps]


def run(binary, *args):
    """Runs nephos with `args` and parses its JSON output; a non-zero exit raises."""
    out = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {out.returncode}: {out.stderr[-500:]}")
    return json.loads(out.stdout)


def finish(main):
    """Runs `main`, counts a crash as a failed check (never a silent pass), prints the closing
    line and exits non-zero when any check failed."""
    try:
        main()
    except Exception as e:
        traceback.print_exc()
        FAILED.append(f"checker crashed: {e}")
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    sys.exit(1 if FAILED else 0)
