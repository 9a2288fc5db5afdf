#!/usr/bin/env python3
"""Build a multi-account AWS Organization inside a fresh moto_server and record what was created.

Usage: org_estate.py --endpoint http://127.0.0.1:PORT --out org-expected.json

The management account (moto's default, 123456789012) creates an organization with nested OUs and a
custom SCP, and member accounts with organizations:CreateAccount (moto creates the
OrganizationAccountAccessRole in each, trusted by the management account, as AWS does). With
credentials from sts:AssumeRole into each member's OrganizationAccountAccessRole, each member gets
AdministratorAccess on that role (as AWS attaches it), a second audit role `NephosAudit` (for
`--org-role`), and a few resources: a VPC, a bucket, an IAM role, an SQS queue. One member is then
closed (SUSPENDED: not to be collected).

The collection runs as an IAM user `auditor` of the management account with the permissions
docs/collect.md lists (SecurityAudit + ViewOnlyAccess + organizations read + sts:AssumeRole), and an
explicit Deny of sts:AssumeRole into one member ("acme-legacy"): that account's role cannot be
assumed. Finally moto's IAM authorization is switched on (POST /moto-api/reset-auth 0), so from then
on every call is signed with and authorized against those identities' policies.
expected.json lists the accounts, OUs, SCP, resources and the auditor's access key.
"""
import argparse
import json
import urllib.request

import boto3

REGION = "us-east-1"
AUDIT_ROLE = "NephosAudit"
ADMIN_ROLE = "OrganizationAccountAccessRole"
# moto authorizes S3 Control's GetPublicAccessBlock as `s3:GetPublicAccessBlock`; AWS's action is
# `s3:GetAccountPublicAccessBlock` (in SecurityAudit). Granted so that the call is exercised.
MOTO_S3CONTROL = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetPublicAccessBlock", "Resource": "*"}]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    ep = args.endpoint

    def c(service, creds=None):
        creds = creds or {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
        return boto3.client(service, region_name=REGION, endpoint_url=ep, **creds)

    mgmt_id = c("sts").get_caller_identity()["Account"]
    org = c("organizations")
    org_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root = org.list_roots()["Roots"][0]["Id"]
    workloads = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Id"]
    prod_ou = org.create_organizational_unit(ParentId=workloads, Name="prod")["OrganizationalUnit"]["Id"]
    sandbox = org.create_organizational_unit(ParentId=root, Name="sandbox")["OrganizationalUnit"]["Id"]
    ous = {workloads: {"name": "workloads", "parent": root}, prod_ou: {"name": "prod", "parent": workloads},
           sandbox: {"name": "sandbox", "parent": root}}

    def account(name, ou):
        status = org.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"]
        acct = status["AccountId"]
        org.move_account(AccountId=acct, SourceParentId=root, DestinationParentId=ou)
        return acct

    members = {account("acme-prod", prod_ou): {"name": "acme-prod", "ou": prod_ou, "alias": "acme-prod"},
               account("acme-dev", sandbox): {"name": "acme-dev", "ou": sandbox, "alias": None},
               account("acme-legacy", workloads): {"name": "acme-legacy", "ou": workloads, "alias": None, "blocked": True}}
    closed = account("acme-closed", sandbox)
    org.close_account(AccountId=closed)

    scp_doc = {"Version": "2012-10-17", "Statement": [
        {"Sid": "DenyLeaveOrg", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}
    scp = org.create_policy(Name="deny-leave-org", Description="members stay", Type="SERVICE_CONTROL_POLICY",
                            Content=json.dumps(scp_doc))["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=scp, TargetId=workloads)

    trust_mgmt = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{mgmt_id}:root"}, "Action": "sts:AssumeRole"}]}
    trust_ec2 = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}

    def resources(creds, prefix, acct):
        iam = c("iam", creds)
        ec2 = c("ec2", creds)
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": f"{prefix}-vpc"}]}])["Vpc"]["VpcId"]
        bucket = f"{prefix}-data-{acct}"
        c("s3", creds).create_bucket(Bucket=bucket)
        role = f"{prefix}-app-role"
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=json.dumps(trust_ec2))
        queue = f"{prefix}-jobs"
        c("sqs", creds).create_queue(QueueName=queue)
        return {"vpcs": {vpc: f"{prefix}-vpc"}, "buckets": [bucket], "roles": [role], "queues": [queue]}

    for acct, m in members.items():
        arn = f"arn:aws:iam::{acct}:role/{ADMIN_ROLE}"
        cr = c("sts").assume_role(RoleArn=arn, RoleSessionName="estate")["Credentials"]
        creds = {"aws_access_key_id": cr["AccessKeyId"], "aws_secret_access_key": cr["SecretAccessKey"],
                 "aws_session_token": cr["SessionToken"]}
        assert c("sts", creds).get_caller_identity()["Account"] == acct, "assumed credentials act in the member"
        iam = c("iam", creds)
        iam.attach_role_policy(RoleName=ADMIN_ROLE, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        iam.create_role(RoleName=AUDIT_ROLE, AssumeRolePolicyDocument=json.dumps(trust_mgmt))
        for p in ("arn:aws:iam::aws:policy/SecurityAudit", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"):
            iam.attach_role_policy(RoleName=AUDIT_ROLE, PolicyArn=p)
        iam.put_role_policy(RoleName=AUDIT_ROLE, PolicyName="moto-s3control", PolicyDocument=json.dumps(MOTO_S3CONTROL))
        if m["alias"]:
            iam.create_account_alias(AccountAlias=m["alias"])
        m["resources"] = resources(creds, m["name"], acct)
    mgmt_resources = resources(None, "acme-mgmt", mgmt_id)

    # The identity `nephos collect` runs as: the documented permissions, and no way into acme-legacy.
    iam = c("iam")
    iam.create_user(UserName="auditor")
    for p in ("arn:aws:iam::aws:policy/SecurityAudit", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"):
        iam.attach_user_policy(UserName="auditor", PolicyArn=p)
    blocked = [a for a, m in members.items() if m.get("blocked")]
    iam.put_user_policy(UserName="auditor", PolicyName="org-collect", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["organizations:Describe*", "organizations:List*", "sts:AssumeRole"], "Resource": "*"},
            {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": [f"arn:aws:iam::{a}:role/*" for a in blocked]}]}))
    iam.put_user_policy(UserName="auditor", PolicyName="moto-s3control", PolicyDocument=json.dumps(MOTO_S3CONTROL))
    key = iam.create_access_key(UserName="auditor")["AccessKey"]

    exp = {"management": {"id": mgmt_id, "resources": mgmt_resources}, "organization": org_id, "root": root,
           "ous": ous, "members": members, "closed": closed, "scp": {"id": scp, "name": "deny-leave-org", "targets": [workloads]},
           "audit_role": AUDIT_ROLE, "admin_role": ADMIN_ROLE,
           "auditor": {"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}}

    # From here on moto signs-checks and authorizes every call against the caller's policies.
    req = urllib.request.Request(f"{ep}/moto-api/reset-auth", data=b"0", method="POST",
                                 headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(req, timeout=10).read()

    with open(args.out, "w") as f:
        json.dump(exp, f, indent=1, sort_keys=True)
    print(f"organization built: management {mgmt_id}, {len(members)} active members "
          f"(1 not assumable), 1 closed, {len(ous)} OUs")


if __name__ == "__main__":
    main()
