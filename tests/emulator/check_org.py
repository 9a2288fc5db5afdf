#!/usr/bin/env python3
"""Check a multi-account `nephos collect` (--org, --org-role, --role-arn) against org_estate.py's record.

Usage: check_org.py NEPHOS_BIN MODE DIR org-expected.json
  MODE org        `--org`: every ACTIVE account (management with its own credentials, members through
                  OrganizationAccountAccessRole), the organization listed from the management account,
                  and what `nephos inventory` / `nephos access` find in it
  MODE org-role   `--org --org-role NephosAudit`: the same accounts, through the NephosAudit role
                  (SecurityAudit + ViewOnlyAccess, as docs/collect.md advises)
  MODE role-arn   `--role-arn` for acme-prod and acme-legacy: exactly those two accounts

In every mode the member whose role the caller may not assume (acme-legacy) is reported in
`DIR/<its id>/collect-errors.json` while the others are collected. Prints one line per check and a
closing `N passed, N failed` line.
"""
import json
import os
import sys

from checklib import KNOWN_GAPS_WITH_IAM_AUTH, check, finish, load, run, unexpected_errors


def main():
    binary, mode, root, exp_path = sys.argv[1:5]
    exp = load(exp_path)
    mgmt = exp["management"]["id"]
    members = exp["members"]
    blocked = [a for a, m in members.items() if m.get("blocked")]
    role = exp["audit_role"] if mode == "org-role" else exp["admin_role"]
    if mode == "role-arn":
        wanted = {a for a, m in members.items() if m["name"] in ("acme-prod", "acme-legacy")}
    else:
        wanted = set(members) | {mgmt}
    collected = wanted - set(blocked)

    def folder(acct):
        m = members.get(acct)
        return (m and m["alias"]) or acct

    def resources(acct):
        return exp["management"]["resources"] if acct == mgmt else members[acct]["resources"]

    present = set(os.listdir(root))
    check(f"{mode}: one folder per account asked for (alias, else id), nothing else",
          present == {folder(a) for a in wanted}, sorted(present))
    check(f"{mode}: the closed (SUSPENDED) account is not collected", exp["closed"] not in present)
    if mode == "role-arn":
        check("role-arn: the caller's own account is not collected", mgmt not in present)

    for acct in sorted(collected):
        d = os.path.join(root, folder(acct))
        g = os.path.join(d, "us-east-1")
        tag = f"{mode}: {folder(acct)}"
        if not os.path.isdir(g):
            check(f"{tag}: collected", False, f"{g} missing")
            continue
        ident = load(g, "sts-get-caller-identity.json")
        want_arn = (f"arn:aws:iam::{mgmt}:user/auditor" if acct == mgmt
                    else f"arn:aws:sts::{acct}:assumed-role/{role}/nephos-collect")
        check(f"{tag}: collected as {want_arn.split(':')[-1]} in its own account",
              ident.get("Account") == acct and ident.get("Arn") == want_arn, ident)
        errors = load(d, "collect-errors.json")
        unexpected = unexpected_errors(errors, KNOWN_GAPS_WITH_IAM_AUTH)
        check(f"{tag}: no failed calls beyond the known moto gaps", not unexpected, unexpected[:3])
        res = resources(acct)
        others = [resources(a) for a in (set(members) | {mgmt}) - {acct}]
        vpcs = {v["VpcId"]: {t["Key"]: t["Value"] for t in v.get("Tags", [])}.get("Name")
                for v in load(g, "ec2-describe-vpcs.json")["Vpcs"]}
        check(f"{tag}: its VPC with its Name tag", all(vpcs.get(v) == n for v, n in res["vpcs"].items()), vpcs)
        check(f"{tag}: no other account's VPC", not any(v in vpcs for o in others for v in o["vpcs"]))
        buckets = {b["Name"] for b in load(g, "s3-list-buckets.json")["Buckets"]}
        check(f"{tag}: exactly its buckets", buckets == set(res["buckets"]), buckets)
        for b in res["buckets"]:
            have = [s for s in ("location", "acl", "policy", "encryption", "logging", "tagging", "public-access-block")
                    if os.path.isfile(os.path.join(g, f"s3-get-bucket-{s}" if s != "public-access-block" else "s3-get-public-access-block", b))]
            check(f"{tag}: bucket {b}: location, ACL, policy, encryption, logging, tags, public access block "
                  f"collected whatever happened to versioning/notifications", len(have) == 7, have)
        pab = os.path.join(g, "s3control-get-public-access-block.json")
        check(f"{tag}: account-level S3 Block Public Access collected (s3control on a loopback endpoint)",
              os.path.isfile(pab) and isinstance(load(pab), dict))
        auth = load(g, "iam-get-account-authorization-details.json")
        roles = {r["RoleName"] for r in auth["RoleDetailList"]}
        check(f"{tag}: its IAM roles", set(res["roles"]) <= roles, sorted(roles))
        check(f"{tag}: no other account's IAM roles", not any(r in roles for o in others for r in o["roles"]))
        queues = load(g, "sqs-list-queues.json").get("QueueUrls", [])
        check(f"{tag}: its SQS queue, in its account",
              sorted(q.rsplit("/", 1)[-1] for q in queues) == sorted(res["queues"]) and all(f"/{acct}/" in q for q in queues), queues)
        org_files = sorted(x for x in os.listdir(g) if x.startswith("organizations-"))
        if acct == mgmt:
            org_checks(tag, g, exp)
        else:
            check(f"{tag}: a member writes describe-organization only", org_files == ["organizations-describe-organization.json"], org_files)
            o = load(g, "organizations-describe-organization.json")["Organization"]
            check(f"{tag}: member sees the organization and its management account",
                  o.get("Id") == exp["organization"] and o.get("MasterAccountId") == mgmt, o)

    for acct in blocked:
        d = os.path.join(root, acct)
        tag = f"{mode}: {members[acct]['name']} (role cannot be assumed)"
        path = os.path.join(d, "collect-errors.json")
        if not os.path.isfile(path):
            check(f"{tag}: reported in collect-errors.json", False, f"{path} missing")
            continue
        errors = load(path)
        arn = f"arn:aws:iam::{acct}:role/{role}"
        ok = (len(errors) == 1 and errors[0]["service"] == "sts" and errors[0]["operation"] == "assume-role"
              and errors[0]["parameter"] == arn and errors[0]["error_code"] == "AccessDenied"
              and errors[0]["class"] == "AccessDenied")
        check(f"{tag}: reported in collect-errors.json as sts assume-role AccessDenied on {arn.split(':')[-1]}", ok, errors)
        check(f"{tag}: nothing else written for it", os.listdir(d) == ["collect-errors.json"], os.listdir(d))

    if mode == "org":
        nephos_checks(binary, root, exp, collected)


def org_checks(tag, g, exp):
    accounts = {a["Id"]: a for a in load(g, "organizations-list-accounts.json")["Accounts"]}
    every = set(exp["members"]) | {exp["management"]["id"], exp["closed"]}
    check(f"{tag}: list-accounts has every account of the organization", set(accounts) == every, sorted(accounts))
    check(f"{tag}: the closed account is SUSPENDED, the others ACTIVE",
          accounts.get(exp["closed"], {}).get("Status") == "SUSPENDED"
          and all(a["Status"] == "ACTIVE" for i, a in accounts.items() if i != exp["closed"]))
    roots = load(g, "organizations-list-roots.json")["Roots"]
    check(f"{tag}: list-roots", [r["Id"] for r in roots] == [exp["root"]], roots)
    for parent in {exp["root"]} | set(exp["ous"]):
        path = os.path.join(g, "organizations-list-organizational-units-for-parent", parent)
        got = {o["Id"] for o in load(path)["OrganizationalUnits"]} if os.path.isfile(path) else None
        want = {o for o, d in exp["ous"].items() if d["parent"] == parent}
        check(f"{tag}: OUs under {parent}", got == want, got)
    for acct, m in exp["members"].items():
        path = os.path.join(g, "organizations-list-parents", acct)
        got = [p["Id"] for p in load(path)["Parents"]] if os.path.isfile(path) else None
        check(f"{tag}: {m['name']} is in OU {exp['ous'][m['ou']]['name']}", got == [m["ou"]], got)
    pols = {p["Id"]: p for p in load(g, "organizations-list-policies.json")["Policies"]}
    scp = exp["scp"]["id"]
    check(f"{tag}: list-policies has the SCP {exp['scp']['name']}",
          pols.get(scp, {}).get("Name") == exp["scp"]["name"] and pols[scp].get("Type") == "SERVICE_CONTROL_POLICY", sorted(pols))
    path = os.path.join(g, "organizations-describe-policy", scp)
    content = json.loads(load(path)["Policy"]["Content"]) if os.path.isfile(path) else {}
    check(f"{tag}: the SCP's document", content.get("Statement", [{}])[0].get("Sid") == "DenyLeaveOrg", content)
    path = os.path.join(g, "organizations-list-targets-for-policy", scp)
    targets = [t["TargetId"] for t in load(path)["Targets"]] if os.path.isfile(path) else None
    check(f"{tag}: the SCP's targets", targets == exp["scp"]["targets"], targets)


def nephos_checks(binary, root, exp, collected):
    inv = run(binary, "inventory", root, "--no-store", "--format", "json")["resources"]
    mgmt = exp["management"]["id"]
    by = {}
    for r in inv:
        by.setdefault(r["kind"], []).append(r)
    accts = {r["account"] for r in by.get("AWS::::Account", [])}
    check("inventory: one account per collected account", accts == collected, sorted(accts))
    for acct in sorted(collected):
        res = exp["management"]["resources"] if acct == mgmt else exp["members"][acct]["resources"]
        mine = lambda kind: {r["name"] for r in by.get(kind, []) if r["account"] == acct}  # noqa: E731
        check(f"inventory: {acct}: its VPC, bucket, role and queue under its account",
              set(res["vpcs"].values()) <= mine("AWS::EC2::VPC") and set(res["buckets"]) == mine("AWS::S3::Bucket")
              and set(res["roles"]) <= mine("AWS::IAM::Role") and set(res["queues"]) == mine("AWS::SQS::Queue"),
              {k: sorted(mine(k)) for k in ("AWS::EC2::VPC", "AWS::S3::Bucket", "AWS::SQS::Queue")})
    org_accounts = {r["id"].rsplit("/", 1)[-1] for r in by.get("AWS::Organizations::Account", [])}
    check("inventory: the organization's accounts", org_accounts == set(exp["members"]) | {mgmt, exp["closed"]}, sorted(org_accounts))
    ous = {r["name"] for r in by.get("AWS::Organizations::OrganizationalUnit", [])}
    check("inventory: the organization's OUs", ous == {d["name"] for d in exp["ous"].values()}, ous)
    pols = {r["name"] for r in by.get("AWS::Organizations::Policy", [])}
    check("inventory: the SCP", exp["scp"]["name"] in pols, pols)
    # The OU tree and the SCP's targets, through the policy engine: the SCP on `workloads` denies
    # leaving the organization to acme-prod (workloads/prod) but not to acme-dev (sandbox).
    for acct, m in exp["members"].items():
        if acct not in collected:
            continue
        principal = f"arn:aws:iam::{acct}:role/{exp['admin_role']}"
        got = run(binary, "access", root, "--principal", principal, "--action", "organizations:LeaveOrganization", "--format", "json")
        under_scp = exp["ous"][m["ou"]]["name"] in ("workloads", "prod")
        want = "explicitDeny" if under_scp else "allowed"
        check(f"access: {m['name']} leaving the organization is {want} (SCP on workloads)",
              got.get("decision") == want and (not under_scp or any(x.get("sid") == "DenyLeaveOrg" for x in got.get("matched", []))),
              got)


if __name__ == "__main__":
    finish(main)
