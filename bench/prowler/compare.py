#!/usr/bin/env python3
"""Compare what nephos and Prowler found on the planted estate.

Usage: compare.py planted.json nephos-findings.json prowler.csv [--times times.json] [--prowler-checks list.txt]
                  [--markdown out.md] [--json out.json]

A planted misconfiguration counts as found by a tool when one of the tool's check ids listed for
it has a FAIL finding whose resource (id or name) contains the entry's key (any resource when the
key is ""), in the entry's region when it has one. A clean resource counts a false positive for
each FAIL of its listed checks on it. Prints a table; writes markdown and JSON when asked.
"""
import argparse
import csv
import json
import sys


def nephos_rows(path):
    data = json.load(open(path))
    for f in data["findings"]:
        yield {"check": f["check"], "status": f["status"], "resource": f["resource"],
               "name": f.get("message", ""), "region": f.get("region") or ""}


def prowler_rows(path):
    with open(path, newline="") as fh:
        for r in csv.DictReader(fh, delimiter=";"):
            yield {"check": r["CHECK_ID"], "status": r["STATUS"], "resource": r["RESOURCE_UID"],
                   "name": r.get("RESOURCE_NAME", ""), "region": r.get("REGION", "")}


def index(rows):
    by = {}
    for r in rows:
        by.setdefault(r["check"], []).append(r)
    return by


def matches(row, key, region):
    if region and row["region"] and row["region"] != region:
        return False
    if key == "":
        return True
    return key in row["resource"] or key in row["name"]


def verdict(by, checks, key, region):
    """'FAIL' when some listed check fails on the resource, else 'PASS' / 'no result' / 'no check'."""
    if not checks:
        return "no check"
    seen = False
    for c in checks:
        for r in by.get(c, []):
            if matches(r, key, region):
                if r["status"] == "FAIL":
                    return "FAIL"
                seen = True
    return "PASS" if seen else "no result"


def false_positives(by, checks, key, region):
    out = []
    for c in checks:
        for r in by.get(c, []):
            if r["status"] == "FAIL" and matches(r, key, region):
                out.append(f"{c} on {r['resource']}")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("planted")
    ap.add_argument("nephos")
    ap.add_argument("prowler")
    ap.add_argument("--times")
    ap.add_argument("--prowler-checks", help="`prowler aws --list-checks` output, to flag unknown ids")
    ap.add_argument("--markdown")
    ap.add_argument("--json")
    args = ap.parse_args()
    estate = json.load(open(args.planted))
    nb = index(nephos_rows(args.nephos))
    pb = index(prowler_rows(args.prowler))

    known_prowler = None
    if args.prowler_checks:
        known_prowler = set()
        for line in open(args.prowler_checks):
            for tok in line.replace("[", " ").replace("]", " ").split():
                if tok.count("_") >= 1 and tok.islower():
                    known_prowler.add(tok)
    unknown = sorted({c for e in estate["planted"] + estate["clean"] for c in e["prowler"]
                      if known_prowler is not None and c not in known_prowler})

    rows = []
    for e in estate["planted"]:
        if not e["planted"] or e["key"] is None:
            n = p = "not planted"
        else:
            n = verdict(nb, e["nephos"], e["key"], e.get("region"))
            p = verdict(pb, e["prowler"], e.get("prowler_key", e["key"]), e.get("region"))
        what = e["what"]
        if e.get("region") and sum(x["what"] == what for x in estate["planted"]) > 1:
            what = f"{what} ({e['region']})"
        rows.append({"id": e["id"], "what": what, "nephos": n, "prowler": p,
                     "nephos_checks": e["nephos"], "prowler_checks": e["prowler"], "error": e.get("error"),
                     "note": e.get("note")})
    clean = []
    for c in estate["clean"]:
        what = c["what"]
        if c.get("region") and sum(x["what"] == what for x in estate["clean"]) > 1:
            what = f"{what} ({c['region']})"
        clean.append({"id": c["id"], "what": what,
                      "nephos_fp": false_positives(nb, c["nephos"], c["key"], c.get("region")),
                      "prowler_fp": false_positives(pb, c["prowler"], c["key"], c.get("region"))})

    planted = [r for r in rows if r["nephos"] != "not planted"]
    n_found = sum(r["nephos"] == "FAIL" for r in planted)
    p_found = sum(r["prowler"] == "FAIL" for r in planted)
    n_cov = sum(bool(r["nephos_checks"]) for r in planted)
    p_cov = sum(bool(r["prowler_checks"]) for r in planted)
    summary = {
        "planted": len(planted), "not_planted": len(rows) - len(planted),
        "nephos_found": n_found, "prowler_found": p_found,
        "nephos_with_a_check": n_cov, "prowler_with_a_check": p_cov,
        "clean_resources": len(clean),
        "nephos_false_positives": sum(len(c["nephos_fp"]) for c in clean),
        "prowler_false_positives": sum(len(c["prowler_fp"]) for c in clean),
        "nephos_fail_total": sum(r["status"] == "FAIL" for rs in nb.values() for r in rs),
        "prowler_fail_total": sum(r["status"] == "FAIL" for rs in pb.values() for r in rs),
        "unknown_prowler_check_ids": unknown,
    }
    times = json.load(open(args.times)) if args.times else {}

    def mark(v):
        return {"FAIL": "found", "PASS": "missed (PASS)", "no result": "missed (no result)",
                "no check": "no check", "not planted": "not planted (moto)"}[v]

    w = max(len(r["id"]) for r in rows)
    print(f"{'planted misconfiguration':<{w}}  {'nephos':<20} prowler")
    for r in rows:
        print(f"{r['id']:<{w}}  {mark(r['nephos']):<20} {mark(r['prowler'])}")
    print()
    print(f"found: nephos {n_found}/{len(planted)} (checks exist for {n_cov}), "
          f"prowler {p_found}/{len(planted)} (checks exist for {p_cov}); not planted (moto): {summary['not_planted']}")
    print(f"FAIL findings on {len(clean)} clean resources: nephos {summary['nephos_false_positives']}, "
          f"prowler {summary['prowler_false_positives']}")
    for c in clean:
        for fp in c["nephos_fp"]:
            print(f"  nephos  {c['id']}: {fp}")
        for fp in c["prowler_fp"]:
            print(f"  prowler {c['id']}: {fp}")
    if unknown:
        print(f"prowler check ids not in this Prowler version: {', '.join(unknown)}")
    for tool, t in times.items():
        print(f"{tool}: {t}")

    if args.markdown:
        with open(args.markdown, "w") as md:
            md.write("| planted misconfiguration | nephos | Prowler | nephos check | Prowler check |\n")
            md.write("| --- | --- | --- | --- | --- |\n")
            for r in rows:
                md.write(f"| {r['what']} | {mark(r['nephos'])} | {mark(r['prowler'])} | "
                         f"{', '.join('`%s`' % c for c in r['nephos_checks']) or '—'} | "
                         f"{', '.join('`%s`' % c for c in r['prowler_checks']) or '—'} |\n")
            md.write("\n| clean resource | nephos FAILs | Prowler FAILs |\n| --- | --- | --- |\n")
            for c in clean:
                md.write(f"| {c['what']} | {'; '.join(c['nephos_fp']) or '0'} | {'; '.join(c['prowler_fp']) or '0'} |\n")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"summary": summary, "planted": rows, "clean": clean, "times": times}, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
