#!/usr/bin/env python3
"""Check what nephos itself finds in a `nephos collect` folder against the estate estate.py recorded.

Usage: check_nephos.py NEPHOS_BIN DIR expected.json

Runs `nephos inventory DIR --no-store --format json` (resources per kind: ids and names) and
`nephos exposure DIR --format json` (named relationships: internet gateway -> route table ->
security group -> instance) and prints one line per check and a closing `N passed, N failed` line.
"""
import json
import os
import sys

from checklib import check, finish, run


def short(arn):
    return arn.rsplit("/", 1)[-1] if "/" in arn else arn.rsplit(":", 1)[-1]


def main():
    binary, root, exp_path = sys.argv[1:4]
    exp = json.load(open(exp_path))
    acct = os.path.join(root, exp["account"])
    inv = run(binary, "inventory", root, "--no-store", "--format", "json")["resources"]
    by_kind = {}
    for r in inv:
        by_kind.setdefault((r["kind"], r["region"]), []).append(r)
    counts = {}
    for (k, _), rs in by_kind.items():
        counts[k] = counts.get(k, 0) + len(rs)
    print("     inventory counts: " + ", ".join(f"{k}={n}" for k, n in sorted(counts.items())))

    def ids(kind, region, key=short):
        return {key(r["id"]) for r in by_kind.get((kind, region), [])}

    g = exp["global"]
    check("IAM users", ids("AWS::IAM::User", None) == set(g["iam"]["users"]), ids("AWS::IAM::User", None))
    check("IAM roles", ids("AWS::IAM::Role", None) == set(g["iam"]["roles"]), ids("AWS::IAM::Role", None))
    check("IAM groups", ids("AWS::IAM::Group", None) == set(g["iam"]["groups"]))
    custom = {short(r["id"]) for r in by_kind.get(("AWS::IAM::Policy", None), []) if ":aws:policy/" not in r["id"]}
    check("IAM customer managed policies", custom == set(g["iam"]["policies"]), custom)
    check("IAM instance profiles", ids("AWS::IAM::InstanceProfile", None) == set(g["iam"]["instance_profiles"]))
    buckets = {short(r["id"]) for r in inv if r["kind"] == "AWS::S3::Bucket"}
    check("S3 buckets", buckets == set(g["s3"]["buckets"]), sorted(buckets ^ set(g["s3"]["buckets"])))
    bregion = {short(r["id"]): r["region"] for r in inv if r["kind"] == "AWS::S3::Bucket"}
    check("S3 bucket regions (from get-bucket-location)", all(bregion.get(b) == reg for b, reg in g["s3"]["buckets"].items()), bregion)

    for region, r in exp["regions"].items():
        e = r["ec2"]
        vpcs = json.load(open(os.path.join(acct, region, "ec2-describe-vpcs.json")))["Vpcs"]
        default_vpcs = {v["VpcId"] for v in vpcs if v.get("IsDefault")}
        check(f"{region}: VPCs", ids("AWS::EC2::VPC", region) - default_vpcs == set(e["vpcs"]), ids("AWS::EC2::VPC", region))
        subs = json.load(open(os.path.join(acct, region, "ec2-describe-subnets.json")))["Subnets"]
        default_subs = {s["SubnetId"] for s in subs if s["VpcId"] in default_vpcs}
        check(f"{region}: subnets", ids("AWS::EC2::Subnet", region) - default_subs == set(e["subnets"]))
        inst = {short(x["id"]): x for x in by_kind.get(("AWS::EC2::Instance", region), [])}
        check(f"{region}: instances", set(inst) == set(e["instances"]), sorted(set(inst) ^ set(e["instances"])))
        check(f"{region}: instance names and tags",
              all(inst[i]["name"] == d["name"] and inst[i]["tags"].get("team") == "web" for i, d in e["instances"].items() if i in inst))
        check(f"{region}: peering connections", ids("AWS::EC2::VPCPeeringConnection", region) == set(e["peering"]))
        sgs = {short(x["id"]) for x in by_kind.get(("AWS::EC2::SecurityGroup", region), [])}
        check(f"{region}: created security groups", set(e["security_groups"]) <= sgs)
        check(f"{region}: load balancers", ids("AWS::ElasticLoadBalancingV2::LoadBalancer", region, str) == set(r["elbv2"]["load_balancers"]))
        check(f"{region}: target groups", ids("AWS::ElasticLoadBalancingV2::TargetGroup", region, str) == set(r["elbv2"]["target_groups"]))
        check(f"{region}: listeners", len(by_kind.get(("AWS::ElasticLoadBalancingV2::Listener", region), [])) == len(r["elbv2"]["load_balancers"]))
        fns = {d["arn"] for d in r["lambda"]["functions"].values()}
        check(f"{region}: Lambda functions", ids("AWS::Lambda::Function", region, str) == fns, ids("AWS::Lambda::Function", region, str))
        check(f"{region}: ECS clusters", ids("AWS::ECS::Cluster", region, str) == set(r["ecs"]["clusters"]))
        svcs = {s for c in r["ecs"]["clusters"].values() for s in c["services"]}
        check(f"{region}: ECS services", ids("AWS::ECS::Service", region, str) == svcs, ids("AWS::ECS::Service", region, str))
        check(f"{region}: ECS task definitions", ids("AWS::ECS::TaskDefinition", region, str) == set(r["ecs"]["task_definitions"]))
        dbs = {d["arn"] for d in r["rds"]["instances"].values()}
        check(f"{region}: RDS instances", ids("AWS::RDS::DBInstance", region, str) == dbs, ids("AWS::RDS::DBInstance", region, str))
        d = r["data"]
        check(f"{region}: DynamoDB tables", ids("AWS::DynamoDB::Table", region) == set(d["tables"]))
        check(f"{region}: SQS queues", ids("AWS::SQS::Queue", region) == set(d["queues"]))
        check(f"{region}: SNS topics", ids("AWS::SNS::Topic", region) == set(d["topics"]))
        check(f"{region}: KMS keys", set(d["kms_keys"]) <= ids("AWS::KMS::Key", region))
        if "cloudtrail" in r:
            check(f"{region}: trails", ids("AWS::CloudTrail::Trail", region, str) == set(r["cloudtrail"]["trails"]))

    # Named relationships, through the reachability engine: a web instance is reached from the
    # internet on 443 through its VPC's internet gateway, its public route table and its web SG;
    # the app instances (private subnet, SG admitting the web SG only) are not reached.
    exposures = run(binary, "exposure", root, "--format", "json")["exposures"]
    by_res = {}
    for x in exposures:
        by_res.setdefault(short(x["resource"]), []).append(x)
    for region, r in exp["regions"].items():
        e = r["ec2"]
        rt_of = {s: rt for rt, d in e["route_tables"].items() for s in d["subnets"]}
        for i, d in e["instances"].items():
            if "-web-" in d["name"]:
                rt = rt_of.get(d["subnet"])
                igw = e["route_tables"][rt]["igw"] if rt else None
                hits = [x for x in by_res.get(i, []) if x["protocol"] == "tcp" and any(a <= 443 <= b for a, b in x["ports"])]
                via = {short(v) for x in hits for v in x["via"]}
                check(f"{region}: {d['name']} exposed on tcp/443 via {igw}, {rt}, {d['sgs'][0]}",
                      bool(hits) and {igw, rt, d["sgs"][0]} <= via, by_res.get(i))
            else:
                check(f"{region}: {d['name']} (private) not exposed", i not in by_res, by_res.get(i))


if __name__ == "__main__":
    finish(main)
