#!/usr/bin/env python3
"""Check a `nephos collect` output folder against the estate estate.py recorded.

Usage: check.py DIR expected.json [--injected SERVICE]

Reads the account-data files directly (JSON parses, every created resource found with its names,
tags and relationship fields, nothing extra beyond moto's default VPC resources) and prints one line
per check and a closing `N passed, N failed` line. With `--injected SERVICE`, checks instead that the
service's calls failed into collect-errors.json while the rest was still collected.
"""
import json
import os
import sys
import urllib.parse

from checklib import KNOWN_GAPS, check, finish, load, unexpected_errors

# The calls the estate exercises: none of them may fail against moto.
CORE = {("ec2", o) for o in ("describe-vpcs", "describe-subnets", "describe-security-groups", "describe-instances",
                             "describe-route-tables", "describe-internet-gateways", "describe-vpc-peering-connections",
                             "describe-snapshots", "describe-snapshot-attribute", "describe-regions")}
CORE |= {("iam", "get-account-authorization-details"), ("s3", "list-buckets"), ("s3", "get-bucket-policy"),
         ("s3", "get-bucket-location"), ("s3", "get-bucket-encryption"), ("elbv2", "describe-load-balancers"),
         ("elbv2", "describe-target-groups"), ("elbv2", "describe-listeners"), ("lambda", "list-functions"),
         ("lambda", "get-policy"), ("ecs", "list-clusters"), ("ecs", "describe-services"), ("rds", "describe-db-instances"),
         ("dynamodb", "list-tables"), ("sqs", "list-queues"), ("sns", "list-topics"), ("kms", "list-keys"),
         ("cloudtrail", "describe-trails")}



def enc(p):
    return urllib.parse.quote(p, safe="-._~")


def name_tag(tags):
    return {t["Key"]: t["Value"] for t in tags or []}.get("Name")


def main():
    root, exp_path = sys.argv[1], sys.argv[2]
    injected = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--injected" else None
    exp = load(exp_path)
    acct_dir = os.path.join(root, exp["account"])
    check("account folder named by account id", os.path.isdir(acct_dir), f"{acct_dir} missing; have {os.listdir(root)}")
    if not os.path.isdir(acct_dir):
        return
    g = os.path.join(acct_dir, "us-east-1")

    def f(region, name):
        return os.path.join(acct_dir, region, name)

    # Every file is JSON.
    bad = []
    nfiles = 0
    for d, _, files in os.walk(acct_dir):
        for x in files:
            nfiles += 1
            try:
                load(os.path.join(d, x))
            except Exception as e:  # noqa
                bad.append(f"{x}: {e}")
    check(f"all {nfiles} files parse as JSON", not bad and nfiles > 0, bad[:3])
    errors = load(os.path.join(acct_dir, "collect-errors.json"))
    check("collect-errors.json is a list of {region, service, operation, parameter, error_code, message}",
          isinstance(errors, list) and all({"region", "service", "operation", "parameter", "error_code", "message"} <= set(e) for e in errors), errors[:2])

    if injected:
        mine = [e for e in errors if e["service"] == injected]
        check(f"injected {injected} failure is reported", len(mine) > 0, f"errors: {errors[:3]}")
        check(f"injected {injected} errors name region and operation",
              all(e["region"] in exp["regions"] and e["operation"] for e in mine), mine[:2])
        for region in exp["regions"]:
            check(f"{region}: no {injected} file written after its failure",
                  not any(x.startswith(injected + "-") for x in os.listdir(os.path.join(acct_dir, region))))
            vp = load(f(region, "ec2-describe-vpcs.json"))
            ids = {v["VpcId"] for v in vp["Vpcs"] if not v.get("IsDefault")}
            check(f"{region}: the rest is still collected (VPCs)", ids == set(exp["regions"][region]["ec2"]["vpcs"]), ids)
            fn = load(f(region, "lambda-list-functions.json"))
            check(f"{region}: the rest is still collected (functions)",
                  {x["FunctionName"] for x in fn["Functions"]} == set(exp["regions"][region]["lambda"]["functions"]))
        others = [e for e in errors if (e["service"], e["operation"]) in CORE and e["service"] != injected]
        check("no errors from services that were not injected (core calls)", not others, others[:3])
        unexpected = [e for e in errors if e["service"] != injected
                      and (e["service"], e["operation"], e["error_code"]) not in KNOWN_GAPS]
        check("no other failed calls beyond the known moto gaps", not unexpected, unexpected[:3])
        return

    core_errors = [e for e in errors if (e["service"], e["operation"]) in CORE]
    check("no errors on the calls the estate exercises", not core_errors, core_errors[:3])
    unexpected = unexpected_errors(errors)
    check("no failed calls beyond the known moto gaps (docs/collect.md)", not unexpected, unexpected[:3])
    if errors:
        print(f"     (known moto gaps: {sorted({(e['service'], e['operation'], e['error_code']) for e in errors})})")
    pab = os.path.join(g, "s3control-get-public-access-block.json")
    check("s3control get-public-access-block collected on a loopback endpoint (no account host prefix)",
          os.path.isfile(pab) and isinstance(load(pab), dict))
    # moto's malformed versioning / notification answers fail only those two calls: every other
    # setting of each bucket is still collected.
    for b in exp["global"]["s3"]["buckets"]:
        have = [s for s in ("get-bucket-location", "get-bucket-acl", "get-bucket-policy", "get-bucket-encryption",
                            "get-bucket-logging", "get-bucket-tagging", "get-public-access-block")
                if os.path.isfile(os.path.join(g, f"s3-{s}", b))]
        check(f"bucket {b}: the other settings are collected whatever happened to versioning/notifications", len(have) == 7, have)

    ident = load(os.path.join(g, "sts-get-caller-identity.json"))
    check("sts-get-caller-identity names the account", ident.get("Account") == exp["account"], ident)
    regions = load(os.path.join(g, "ec2-describe-regions.json"))
    check("ec2-describe-regions lists the regions", {"us-east-1", "eu-west-1"} <= {r["RegionName"] for r in regions["Regions"]})

    # ---------------- IAM ----------------
    gi = exp["global"]["iam"]
    auth = load(os.path.join(g, "iam-get-account-authorization-details.json"))
    users = {u["UserName"]: u for u in auth["UserDetailList"]}
    roles = {r["RoleName"]: r for r in auth["RoleDetailList"]}
    groups = {x["GroupName"]: x for x in auth["GroupDetailList"]}
    # moto 5.2.5 leaves PolicyName out of Policies[] (AWS includes it): fall back on the ARN's last part.
    custom = {p.get("PolicyName", p["Arn"].rsplit("/", 1)[-1]): p for p in auth["Policies"] if not p["Arn"].startswith("arn:aws:iam::aws:")}
    check("IAM users equal the created users", set(users) == set(gi["users"]), sorted(set(users) ^ set(gi["users"])))
    check("IAM roles equal the created roles", set(roles) == set(gi["roles"]), sorted(set(roles) ^ set(gi["roles"])))
    check("IAM groups equal the created groups", set(groups) == set(gi["groups"]), set(groups))
    check("IAM customer managed policies equal the created ones", set(custom) == set(gi["policies"]), set(custom))
    check("customer policy has its versions with a JSON document",
          all(isinstance(v["Document"], dict) for p in custom.values() for v in p["PolicyVersionList"]) and
          any(v["IsDefaultVersion"] for p in custom.values() for v in p["PolicyVersionList"]))
    for u, gs in gi["user_groups"].items():
        check(f"user {u} is in groups {gs}", sorted(users[u]["GroupList"]) == sorted(gs), users[u]["GroupList"])
    for u, arns in gi["user_attached"].items():
        check(f"user {u} has attached {arns}", sorted(p["PolicyArn"] for p in users[u]["AttachedManagedPolicies"]) == sorted(arns))
    for u, names in gi["user_inline"].items():
        got = users[u]["UserPolicyList"]
        check(f"user {u} has inline {names} as JSON documents",
              sorted(p["PolicyName"] for p in got) == sorted(names) and all(isinstance(p["PolicyDocument"], dict) for p in got), got)
    for gname, arns in gi["group_attached"].items():
        check(f"group {gname} has attached {arns}", sorted(p["PolicyArn"] for p in groups[gname]["AttachedManagedPolicies"]) == sorted(arns))
    for rname, names in gi["role_inline"].items():
        check(f"role {rname} has inline {names}", sorted(p["PolicyName"] for p in roles[rname]["RolePolicyList"]) == sorted(names))
    for prof, rnames in gi["instance_profiles"].items():
        for rname in rnames:
            ips = [ip["InstanceProfileName"] for ip in roles[rname]["InstanceProfileList"]]
            check(f"role {rname} is in instance profile {prof}", prof in ips, ips)
    check("role trust policies are JSON objects", all(isinstance(r["AssumeRolePolicyDocument"], dict) for r in roles.values()))
    pp = load(os.path.join(g, "iam-get-account-password-policy.json"))
    check("password policy collected", pp.get("PasswordPolicy", {}).get("MinimumPasswordLength") == 8, pp)

    # ---------------- S3 ----------------
    gs3 = exp["global"]["s3"]
    lb = load(os.path.join(g, "s3-list-buckets.json"))
    names = {b["Name"] for b in lb["Buckets"]}
    check("S3 buckets equal the created buckets", names == set(gs3["buckets"]), sorted(names ^ set(gs3["buckets"])))
    for b, region in gs3["buckets"].items():
        loc = load(os.path.join(g, "s3-get-bucket-location", enc(b)))
        want = None if region == "us-east-1" else region
        check(f"bucket {b} location {region}", loc.get("LocationConstraint") == want, loc)
    for b in gs3["with_policy"]:
        p = load(os.path.join(g, "s3-get-bucket-policy", enc(b)))
        check(f"bucket {b} policy text collected", "Policy" in p and json.loads(p["Policy"])["Statement"][0]["Principal"] == "*", p)
    for b in gs3["without_policy"]:
        p = load(os.path.join(g, "s3-get-bucket-policy", enc(b)))
        check(f"bucket {b} without policy is {{}} (collected, not configured)", p == {}, p)
    for b in gs3["encrypted"]:
        e = load(os.path.join(g, "s3-get-bucket-encryption", enc(b)))
        rules = e.get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
        check(f"bucket {b} default encryption collected", rules and rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256", e)
    for b in gs3["public_access_block"]:
        e = load(os.path.join(g, "s3-get-public-access-block", enc(b)))
        check(f"bucket {b} public access block collected", e.get("PublicAccessBlockConfiguration", {}).get("BlockPublicAcls") is True, e)
    for b, want in gs3["tags"].items():
        e = load(os.path.join(g, "s3-get-bucket-tagging", enc(b)))
        check(f"bucket {b} tags collected", {t["Key"]: t["Value"] for t in e.get("TagSet", [])} == want, e)
    acl = load(os.path.join(g, "s3-get-bucket-acl", enc("acme-app-data")))
    check("bucket ACL has owner and grants", "Owner" in acl and isinstance(acl.get("Grants"), list) and acl["Grants"], acl)

    for region, r in exp["regions"].items():
        e = r["ec2"]
        vp = load(f(region, "ec2-describe-vpcs.json"))["Vpcs"]
        default_vpcs = {v["VpcId"] for v in vp if v.get("IsDefault")}
        mine = {v["VpcId"]: v for v in vp if not v.get("IsDefault")}
        check(f"{region}: VPCs equal the created VPCs", set(mine) == set(e["vpcs"]), sorted(set(mine) ^ set(e["vpcs"])))
        check(f"{region}: VPC names and CIDRs", all(name_tag(mine[v].get("Tags")) == d["name"] and mine[v]["CidrBlock"] == d["cidr"]
                                                   for v, d in e["vpcs"].items() if v in mine))
        sn = {s["SubnetId"]: s for s in load(f(region, "ec2-describe-subnets.json"))["Subnets"] if s["VpcId"] not in default_vpcs}
        check(f"{region}: subnets equal the created subnets", set(sn) == set(e["subnets"]), sorted(set(sn) ^ set(e["subnets"])))
        check(f"{region}: subnet -> VPC, names, MapPublicIpOnLaunch",
              all(sn[s]["VpcId"] == d["vpc"] and name_tag(sn[s].get("Tags")) == d["name"] and sn[s]["MapPublicIpOnLaunch"] == d["public"]
                  for s, d in e["subnets"].items() if s in sn))
        sgs = {x["GroupId"]: x for x in load(f(region, "ec2-describe-security-groups.json"))["SecurityGroups"]
               if x["VpcId"] not in default_vpcs and x["GroupName"] != "default"}
        check(f"{region}: security groups equal the created ones", set(sgs) == set(e["security_groups"]), sorted(set(sgs) ^ set(e["security_groups"])))
        web = [g_ for g_, d in e["security_groups"].items() if d["name"].endswith("-prod-web")][0]
        app = [g_ for g_, d in e["security_groups"].items() if d["name"].endswith("-prod-app")][0]
        pairs = [p["GroupId"] for perm in sgs[app]["IpPermissions"] for p in perm["UserIdGroupPairs"]]
        check(f"{region}: app SG admits the web SG (UserIdGroupPairs)", web in pairs, sgs[app]["IpPermissions"])
        open443 = [perm for perm in sgs[web]["IpPermissions"] if perm.get("FromPort") == 443 and any(x["CidrIp"] == "0.0.0.0/0" for x in perm["IpRanges"])]
        check(f"{region}: web SG opens 443 to 0.0.0.0/0", bool(open443), sgs[web]["IpPermissions"])
        res = load(f(region, "ec2-describe-instances.json"))["Reservations"]
        inst = {i["InstanceId"]: i for rr in res for i in rr["Instances"]}
        check(f"{region}: instances equal the created instances", set(inst) == set(e["instances"]), sorted(set(inst) ^ set(e["instances"])))
        rel_ok = []
        for i, d in e["instances"].items():
            x = inst.get(i)
            if not x:
                continue
            ok = (x["SubnetId"] == d["subnet"] and x["VpcId"] == d["vpc"] and name_tag(x.get("Tags")) == d["name"]
                  and sorted(s["GroupId"] for s in x["SecurityGroups"]) == sorted(d["sgs"])
                  and (x.get("IamInstanceProfile", {}).get("Arn") == d["profile"]))
            rel_ok.append(ok or (i, x.get("SubnetId"), x.get("SecurityGroups"), x.get("IamInstanceProfile")))
        check(f"{region}: instance -> subnet, VPC, security groups, instance profile, Name", all(v is True for v in rel_ok),
              [v for v in rel_ok if v is not True][:2])
        check(f"{region}: instance metadata options (HttpTokens) and ISO 8601 LaunchTime",
              all(x["MetadataOptions"]["HttpTokens"] == "required" and "T" in x["LaunchTime"] for x in inst.values()))
        rts = {x["RouteTableId"]: x for x in load(f(region, "ec2-describe-route-tables.json"))["RouteTables"]}
        for rt, d in e["route_tables"].items():
            x = rts.get(rt, {})
            check(f"{region}: route table {rt} routes 0.0.0.0/0 to its IGW and is associated",
                  any(rr.get("DestinationCidrBlock") == "0.0.0.0/0" and rr.get("GatewayId") == d["igw"] for rr in x.get("Routes", []))
                  and sorted(a["SubnetId"] for a in x.get("Associations", []) if a.get("SubnetId")) == sorted(d["subnets"]), x)
        igws = {x["InternetGatewayId"]: x for x in load(f(region, "ec2-describe-internet-gateways.json"))["InternetGateways"]
                if not any(a["VpcId"] in default_vpcs for a in x["Attachments"])}
        check(f"{region}: internet gateways equal the created ones, attached to their VPC",
              set(igws) == set(e["internet_gateways"]) and all(igws[i]["Attachments"][0]["VpcId"] == d["vpc"] for i, d in e["internet_gateways"].items() if i in igws),
              sorted(igws))
        pcx = {x["VpcPeeringConnectionId"]: x for x in load(f(region, "ec2-describe-vpc-peering-connections.json"))["VpcPeeringConnections"]}
        check(f"{region}: peering connections equal the created ones", set(pcx) == set(e["peering"]), sorted(pcx))
        check(f"{region}: peering requester/accepter VPCs",
              all(pcx[p]["RequesterVpcInfo"]["VpcId"] == d["requester"] and pcx[p]["AccepterVpcInfo"]["VpcId"] == d["accepter"]
                  for p, d in e["peering"].items() if p in pcx))
        snaps = {x["SnapshotId"] for x in load(f(region, "ec2-describe-snapshots.json"))["Snapshots"]}
        check(f"{region}: snapshots (owner self) equal the created ones", snaps == set(e["snapshots"]), snaps)
        for s in e["snapshots"]:
            a = load(f(region, f"ec2-describe-snapshot-attribute/{enc(s)}"))
            public = any(p.get("Group") == "all" for p in a["CreateVolumePermissions"])
            check(f"{region}: snapshot {s} public={s in e['public_snapshots']}", public == (s in e["public_snapshots"]), a)
        vols = {x["VolumeId"] for x in load(f(region, "ec2-describe-volumes.json"))["Volumes"]}
        check(f"{region}: created volumes collected", set(e["volumes"]) <= vols)

        # ELBv2
        ev = r["elbv2"]
        lbs = {x["LoadBalancerArn"]: x for x in load(f(region, "elbv2-describe-load-balancers.json"))["LoadBalancers"]}
        check(f"{region}: load balancers equal the created ones", set(lbs) == set(ev["load_balancers"]), sorted(lbs))
        for arn, d in ev["load_balancers"].items():
            x = lbs.get(arn, {})
            check(f"{region}: LB -> subnets, security groups, VPC",
                  sorted(z["SubnetId"] for z in x.get("AvailabilityZones", [])) == sorted(d["subnets"])
                  and x.get("SecurityGroups") == d["sgs"] and x.get("VpcId") == d["vpc"], x)
        tgs = {x["TargetGroupArn"]: x for x in load(f(region, "elbv2-describe-target-groups.json"))["TargetGroups"]}
        check(f"{region}: target groups equal the created ones", set(tgs) == set(ev["target_groups"]), sorted(tgs))
        for tg, d in ev["target_groups"].items():
            check(f"{region}: target group -> load balancer", tgs.get(tg, {}).get("LoadBalancerArns") == [d["lb"]], tgs.get(tg))
            lis = load(f(region, f"elbv2-describe-listeners/{enc(d['lb'])}"))["Listeners"]
            check(f"{region}: listener forwards to the target group",
                  any(a.get("TargetGroupArn") == tg for li in lis for a in li["DefaultActions"]), lis)
            th = load(f(region, f"elbv2-describe-target-health/{enc(tg)}"))["TargetHealthDescriptions"]
            check(f"{region}: target group targets are the web instances", sorted(t["Target"]["Id"] for t in th) == sorted(d["targets"]), th)
        tagd = {x["ResourceArn"]: x["Tags"] for x in load(f(region, "elbv2-describe-tags.json"))["TagDescriptions"]}
        check(f"{region}: LB tags collected", all({"Key": "team", "Value": "web"} in tagd.get(a, []) for a in ev["load_balancers"]), tagd)

        # Lambda
        fns = {x["FunctionName"]: x for x in load(f(region, "lambda-list-functions.json"))["Functions"]}
        check(f"{region}: functions equal the created ones", set(fns) == set(r["lambda"]["functions"]), sorted(fns))
        for name, d in r["lambda"]["functions"].items():
            x = fns.get(name, {})
            check(f"{region}: function {name} -> role, subnets, security groups",
                  x.get("Role") == d["role"] and x.get("VpcConfig", {}).get("SubnetIds") == d["subnets"]
                  and x.get("VpcConfig", {}).get("SecurityGroupIds") == d["sgs"], x)
            pol = load(f(region, f"lambda-get-policy/{enc(name)}"))
            st = json.loads(pol["Policy"])["Statement"]
            check(f"{region}: function {name} resource policy (public invoke)", any(s.get("Principal") in ("*", {"AWS": "*"}) for s in st), st)
            tg_ = load(f(region, f"lambda-list-tags/{enc(d['arn'])}"))
            check(f"{region}: function {name} tags (file named by percent-encoded ARN)", tg_.get("Tags", {}).get("team") == "growth", tg_)

        # ECS
        ecs = r["ecs"]
        cls = load(f(region, "ecs-list-clusters.json"))["clusterArns"]
        check(f"{region}: ECS clusters equal the created ones", set(cls) == set(ecs["clusters"]), cls)
        dc = {x["clusterArn"]: x for x in load(f(region, "ecs-describe-clusters.json"))["clusters"]}
        check(f"{region}: ECS cluster tags (camelCase key/value)", all({"key": "team", "value": "payments"} in dc.get(c_, {}).get("tags", []) for c_ in ecs["clusters"]), dc)
        for cl, d in ecs["clusters"].items():
            svcs = {x["serviceArn"]: x for x in load(f(region, f"ecs-describe-services/{enc(cl)}"))["services"]}
            check(f"{region}: ECS services of the cluster", set(svcs) == set(d["services"]), sorted(svcs))
            for s, sd in d["services"].items():
                x = svcs.get(s, {})
                vpc_conf = x.get("networkConfiguration", {}).get("awsvpcConfiguration", {})
                check(f"{region}: ECS service -> task definition, subnets, security groups",
                      x.get("taskDefinition") == sd["task_definition"] and vpc_conf.get("subnets") == sd["subnets"]
                      and vpc_conf.get("securityGroups") == sd["sgs"], x)
        for td, d in ecs["task_definitions"].items():
            x = load(f(region, f"ecs-describe-task-definition/{enc(td)}"))
            check(f"{region}: task definition -> task role", x.get("taskDefinition", {}).get("taskRoleArn") == d["task_role"], x)

        # RDS
        dbs = {x["DBInstanceIdentifier"]: x for x in load(f(region, "rds-describe-db-instances.json"))["DBInstances"]}
        check(f"{region}: DB instances equal the created ones", set(dbs) == set(r["rds"]["instances"]), sorted(dbs))
        for name, d in r["rds"]["instances"].items():
            x = dbs.get(name, {})
            check(f"{region}: DB {name} -> security groups, subnet group VPC, tags",
                  [g_["VpcSecurityGroupId"] for g_ in x.get("VpcSecurityGroups", [])] == d["sgs"]
                  and x.get("DBSubnetGroup", {}).get("VpcId") == d["vpc"]
                  and {"Key": "team", "Value": "payments"} in x.get("TagList", []), x)

        # Data services
        dd = r["data"]
        tables = load(f(region, "dynamodb-list-tables.json"))["TableNames"]
        check(f"{region}: DynamoDB tables equal the created ones", set(tables) == set(dd["tables"]), tables)
        t0 = load(f(region, f"dynamodb-describe-table/{enc(dd['tables'][0])}"))
        check(f"{region}: DynamoDB table described", t0.get("Table", {}).get("TableName") == dd["tables"][0], t0)
        qs = load(f(region, "sqs-list-queues.json"))["QueueUrls"]
        check(f"{region}: SQS queues equal the created ones", sorted(u.rsplit("/", 1)[1] for u in qs) == sorted(dd["queues"]), qs)
        qa = load(f(region, f"sqs-get-queue-attributes/{enc(qs[0])}")) if qs else {}
        check(f"{region}: SQS queue attributes (QueueArn), file named by percent-encoded URL", "QueueArn" in qa.get("Attributes", {}), qa)
        tops = [t["TopicArn"] for t in load(f(region, "sns-list-topics.json"))["Topics"]]
        check(f"{region}: SNS topics equal the created ones", sorted(a.rsplit(":", 1)[1] for a in tops) == sorted(dd["topics"]), tops)
        keys = {k["KeyId"] for k in load(f(region, "kms-list-keys.json"))["Keys"]}
        check(f"{region}: KMS keys include the created ones", set(dd["kms_keys"]) <= keys, keys)
        for k in dd["kms_keys"]:
            km = load(f(region, f"kms-describe-key/{enc(k)}"))
            rot = load(f(region, f"kms-get-key-rotation-status/{enc(k)}"))
            check(f"{region}: KMS key metadata and rotation status", km.get("KeyMetadata", {}).get("KeyId") == k and rot.get("KeyRotationEnabled") is False, (km, rot))
        if "cloudtrail" in r:
            trails = load(f(region, "cloudtrail-describe-trails.json"))["trailList"]
            arns = [t["TrailARN"] for t in trails]
            check(f"{region}: trails equal the created ones", arns == r["cloudtrail"]["trails"], arns)
            for a in arns:
                st = load(f(region, f"cloudtrail-get-trail-status/{enc(a)}"))
                check(f"{region}: trail is logging", st.get("IsLogging") is True, st)


if __name__ == "__main__":
    finish(main)
