#!/usr/bin/env python3
"""Build the comparison estate inside moto_server and write what was planted.

Usage: estate.py --endpoint http://127.0.0.1:PORT --out planted.json

The estate (~120 resources over us-east-1 and eu-west-1) holds misconfigurations that nephos and
Prowler both claim to find, some that only one of them covers, and resources planted clean next to
them. planted.json lists:

- "planted": one entry per misconfiguration: `id`, `what`, the nephos check ids and the Prowler
  check ids that should FAIL on it, `key` (a string that the failing finding's resource id or name
  contains; "" = any resource, for account-wide settings), optional `region`, and `planted`
  (false when moto refused to build it, with the error);
- "clean": resources built without the problem, with the check ids of both tools that must not
  FAIL on them.

Only boto3 calls against the given endpoint; dummy credentials.
"""
import argparse
import io
import json
import sys
import zipfile

import boto3

ACCOUNT_KEY = ""  # matches any resource: account-wide settings


class Estate:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.planted = []
        self.clean = []
        self.errors = []

    def c(self, service, region="us-east-1"):
        return boto3.client(service, region_name=region, endpoint_url=self.endpoint,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def plant(self, pid, what, nephos, prowler, key, region=None, build=None, prowler_key=None, note=None):
        """Records a planted misconfiguration; `build` (optional) creates it and may return the key.

        `prowler_key` replaces `key` on Prowler's side where Prowler reports another resource
        (the role rather than the instance running as it); `note` explains a mapping."""
        entry = {"id": pid, "what": what, "nephos": nephos, "prowler": prowler,
                 "key": key, "region": region, "planted": True}
        if prowler_key is not None:
            entry["prowler_key"] = prowler_key
        if note:
            entry["note"] = note
        if build is not None:
            try:
                got = build()
                if isinstance(got, str):
                    entry["key"] = got
            except Exception as e:  # moto may not implement a call: record it, go on
                entry["planted"] = False
                entry["error"] = f"{type(e).__name__}: {e}"[:300]
                print(f"[not planted] {pid}: {entry['error']}", file=sys.stderr)
        self.planted.append(entry)
        return entry

    def keep_clean(self, cid, what, nephos, prowler, key, region=None):
        self.clean.append({"id": cid, "what": what, "nephos": nephos, "prowler": prowler,
                           "key": key, "region": region})

    def step(self, name, fn):
        try:
            return fn()
        except Exception as e:
            self.errors.append({"step": name, "error": f"{type(e).__name__}: {e}"[:300]})
            print(f"[step failed] {name}: {e}", file=sys.stderr)
            return None


def tags(name, **extra):
    return [{"Key": "Name", "Value": name}] + [{"Key": k, "Value": v} for k, v in extra.items()]


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
# Made-up credentials shaped like real ones (not AWS's documentation example, which secret
# scanners allow-list).
FAKE_KEY_ID = "AKIA" + "Q3EGUCTJ7ZL6VX4M"
FAKE_SECRET = "n7Rq2vXy" + "Lk9PzW4tHb6sDf3JmQa8Ue1Gc5YoTi0N"
READONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def build_iam(e, acct):
    iam = e.c("iam")
    ec2_trust = doc({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"})
    lambda_trust = doc({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"})

    def alice():
        iam.create_user(UserName="alice-admin")
        iam.attach_user_policy(UserName="alice-admin", PolicyArn=ADMIN)
        iam.create_login_profile(UserName="alice-admin", Password="Passw0rd!Passw0rd", PasswordResetRequired=False)
        return "user/alice-admin"
    e.plant("iam-user-admin-attached", "IAM user with AdministratorAccess attached",
            ["iam_user_administrator_access_not_attached"],
            ["iam_user_administrator_access_policy"], "user/alice-admin", build=alice)
    e.plant("iam-user-console-no-mfa", "IAM console user without MFA",
            ["iam_user_console_mfa_enabled"], ["iam_user_mfa_enabled_console_access"], "alice-admin")
    e.plant("iam-user-direct-policies", "IAM user with policies attached directly (not via groups)",
            ["iam_user_no_direct_policies"], ["iam_policy_attached_only_to_group_or_roles"], "alice-admin")

    def bob():
        iam.create_user(UserName="bob-dev")
        iam.put_user_policy(UserName="bob-dev", PolicyName="inline-star",
                            PolicyDocument=doc({"Effect": "Allow", "Action": "*", "Resource": "*"}))
        iam.create_access_key(UserName="bob-dev")
        iam.create_access_key(UserName="bob-dev")
        return "user/bob-dev"
    e.plant("iam-user-inline-admin", "IAM user with an inline Allow * on * policy",
            ["iam_user_inline_policy_no_full_admin"], ["iam_inline_policy_no_administrative_privileges"],
            "bob-dev", build=bob)
    e.plant("iam-user-two-keys", "IAM user with two active access keys",
            ["iam_user_single_active_access_key"], ["iam_user_two_active_access_key"], "bob-dev")

    def group_admin():
        iam.create_group(GroupName="admins")
        iam.attach_group_policy(GroupName="admins", PolicyArn=ADMIN)
        iam.create_user(UserName="dave-ops")
        iam.add_user_to_group(GroupName="admins", UserName="dave-ops")
        return "group/admins"
    e.plant("iam-group-admin-attached", "IAM group with AdministratorAccess attached",
            ["iam_user_administrator_access_not_attached"], ["iam_group_administrator_access_policy"],
            "group/admins", build=group_admin)
    e.plant("iam-user-admin-via-group", "IAM user who is administrator only through its group",
            ["iam_user_administrator_access_not_attached"], ["iam_user_administrator_access_policy"],
            "user/dave-ops")

    def god_policy():
        arn = iam.create_policy(PolicyName="god-mode", PolicyDocument=doc(
            {"Effect": "Allow", "Action": "*", "Resource": "*"}))["Policy"]["Arn"]
        iam.create_role(RoleName="ops-automation", AssumeRolePolicyDocument=ec2_trust)
        iam.attach_role_policy(RoleName="ops-automation", PolicyArn=arn)
        return "policy/god-mode"
    e.plant("iam-customer-policy-admin", "Customer-managed Allow * on * policy, attached",
            ["iam_policy_no_full_admin_attached"], ["iam_customer_attached_policy_no_administrative_privileges"],
            "policy/god-mode", build=god_policy)

    def notaction_policy():
        arn = iam.create_policy(PolicyName="notaction-admin", PolicyDocument=doc(
            {"Sid": "AllButIam", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
            {"Sid": "Iam", "Effect": "Allow", "Action": "iam:*", "Resource": "*"}))["Policy"]["Arn"]
        iam.create_user(UserName="erin-notaction")
        iam.attach_user_policy(UserName="erin-notaction", PolicyArn=arn)
        return "policy/notaction-admin"
    e.plant("iam-customer-policy-notaction-admin",
            "Customer-managed policy granting everything through NotAction + Action (no literal *:*)",
            ["iam_policy_no_full_admin_attached"], ["iam_customer_attached_policy_no_administrative_privileges"],
            "policy/notaction-admin", build=notaction_policy)

    def privesc():
        arn = iam.create_policy(PolicyName="ci-deployer", PolicyDocument=doc(
            {"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances", "iam:CreateAccessKey", "iam:AttachUserPolicy"], "Resource": "*"}))["Policy"]["Arn"]
        iam.create_user(UserName="carol-readonly")
        iam.attach_user_policy(UserName="carol-readonly", PolicyArn=READONLY)
        iam.attach_user_policy(UserName="carol-readonly", PolicyArn=arn)
        return "policy/ci-deployer"
    e.plant("iam-policy-privesc", "Customer policy allowing privilege escalation (iam:AttachUserPolicy, PassRole+RunInstances)",
            ["iam_policy_no_privilege_escalation"], ["iam_policy_allows_privilege_escalation"], "ci-deployer", build=privesc)

    def cross_account():
        iam.create_role(RoleName="vendor-cross-account", AssumeRolePolicyDocument=doc(
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}))
        iam.attach_role_policy(RoleName="vendor-cross-account", PolicyArn=READONLY)
        return "role/vendor-cross-account"
    e.plant("iam-role-unknown-account-trust", "Role trusted by an unknown account (with ReadOnlyAccess)",
            ["iam_role_cross_account_trust_known_accounts"], ["iam_role_cross_account_readonlyaccess_policy"],
            "role/vendor-cross-account", build=cross_account)

    def public_trust():
        iam.create_role(RoleName="anyone-can-assume", AssumeRolePolicyDocument=doc(
            {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}))
        return "role/anyone-can-assume"
    e.plant("iam-role-public-trust", "Role whose trust policy allows any AWS principal",
            ["iam_role_trust_not_public"], [], "role/anyone-can-assume", build=public_trust)

    def weak_pw():
        iam.update_account_password_policy(MinimumPasswordLength=6, RequireSymbols=False, RequireNumbers=False,
                                           RequireUppercaseCharacters=False, RequireLowercaseCharacters=False,
                                           AllowUsersToChangePassword=True, MaxPasswordAge=365, PasswordReusePrevention=1)
    e.plant("iam-password-policy-weak", "Password policy: minimum length 6",
            ["iam_password_policy_minimum_length_14"], ["iam_password_policy_minimum_length_14"], ACCOUNT_KEY, build=weak_pw)
    e.plant("iam-password-policy-no-symbol", "Password policy: symbols not required",
            ["iam_password_policy_symbol"], ["iam_password_policy_symbol"], ACCOUNT_KEY)
    e.plant("iam-password-policy-reuse", "Password policy: reuse prevention 1 (< 24)",
            ["iam_password_policy_reuse_24"], ["iam_password_policy_reuse_24"], ACCOUNT_KEY)
    e.plant("iam-no-support-role", "No role with AWSSupportAccess",
            ["iam_support_role_exists"], ["iam_support_role_created"], ACCOUNT_KEY)

    # Admin roles used by compute.
    iam.create_role(RoleName="lambda-admin", AssumeRolePolicyDocument=lambda_trust)
    iam.attach_role_policy(RoleName="lambda-admin", PolicyArn=ADMIN)
    iam.create_role(RoleName="ec2-admin", AssumeRolePolicyDocument=ec2_trust)
    iam.attach_role_policy(RoleName="ec2-admin", PolicyArn=ADMIN)
    admin_profile = iam.create_instance_profile(InstanceProfileName="ec2-admin-profile")["InstanceProfile"]["Arn"]
    iam.add_role_to_instance_profile(InstanceProfileName="ec2-admin-profile", RoleName="ec2-admin")

    # ---- planted clean ----
    def deny_iam():
        arn = iam.create_policy(PolicyName="all-but-iam", PolicyDocument=doc(
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}))["Policy"]["Arn"]
        iam.create_group(GroupName="power-users")
        iam.attach_group_policy(GroupName="power-users", PolicyArn=arn)
        iam.create_user(UserName="frank-power")
        iam.add_user_to_group(GroupName="power-users", UserName="frank-power")
    e.step("iam deny-iam policy", deny_iam)
    e.keep_clean("iam-policy-allow-all-deny-iam", "Customer policy Allow * on * with Deny iam:* (not full admin)",
                 ["iam_policy_no_full_admin_attached"], ["iam_customer_attached_policy_no_administrative_privileges"],
                 "policy/all-but-iam")
    e.keep_clean("iam-user-power-via-group", "User in a group with Allow * + Deny iam:* (not full admin)",
                 ["iam_user_administrator_access_not_attached"],
                 ["iam_user_administrator_access_policy", "iam_group_administrator_access_policy"], "frank-power")
    e.keep_clean("iam-group-power", "Group with Allow * + Deny iam:* (not full admin)",
                 ["iam_user_administrator_access_not_attached"], ["iam_group_administrator_access_policy"], "group/power-users")

    def app_role():
        iam.create_role(RoleName="app-role", AssumeRolePolicyDocument=ec2_trust)
        iam.put_role_policy(RoleName="app-role", PolicyName="app-data", PolicyDocument=doc(
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::acme-app-data-private/*"}))
        arn = iam.create_instance_profile(InstanceProfileName="app-profile")["InstanceProfile"]["Arn"]
        iam.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="app-role")
        return arn
    app_profile = e.step("iam app role", app_role)
    e.keep_clean("iam-role-scoped", "Role with a scoped inline policy and a service trust",
                 ["iam_role_inline_policy_no_full_admin", "iam_role_trust_not_public", "iam_role_cross_account_trust_known_accounts"],
                 ["iam_inline_policy_no_administrative_privileges", "iam_role_administratoraccess_policy",
                  "iam_role_cross_account_readonlyaccess_policy"], "role/app-role")
    e.keep_clean("iam-user-readonly", "User with ReadOnlyAccess only (plus the privesc policy)",
                 ["iam_user_administrator_access_not_attached", "iam_user_inline_policy_no_full_admin"],
                 ["iam_user_administrator_access_policy", "iam_inline_policy_no_administrative_privileges"], "carol-readonly")
    return {"admin_profile": admin_profile, "app_profile": app_profile}


def build_network(e, region, base, profiles):
    ec2 = e.c("ec2", region)
    azs = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    p = "use1" if region == "us-east-1" else "euw1"
    net = {}
    vpc = ec2.create_vpc(CidrBlock=f"10.{base}.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": tags(f"{p}-prod")}])["Vpc"]["VpcId"]
    shared = ec2.create_vpc(CidrBlock=f"10.{base + 1}.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": tags(f"{p}-shared")}])["Vpc"]["VpcId"]
    pub = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{base}.1.0/24", AvailabilityZone=azs[0])["Subnet"]["SubnetId"]
    pub_b = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{base}.2.0/24", AvailabilityZone=azs[1])["Subnet"]["SubnetId"]
    priv = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{base}.11.0/24", AvailabilityZone=azs[0])["Subnet"]["SubnetId"]
    priv_b = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{base}.12.0/24", AvailabilityZone=azs[1])["Subnet"]["SubnetId"]
    shared_sub = ec2.create_subnet(VpcId=shared, CidrBlock=f"10.{base + 1}.1.0/24", AvailabilityZone=azs[0])["Subnet"]["SubnetId"]
    net.update(vpc=vpc, shared=shared, pub=pub, pub_b=pub_b, priv=priv, priv_b=priv_b, azs=azs)

    e.plant(f"{p}-subnet-auto-public-ip", "Subnet auto-assigns public IPv4 addresses",
            ["vpc_subnet_no_auto_public_ip"], ["vpc_subnet_no_public_ip_by_default"], pub, region,
            build=lambda: ec2.modify_subnet_attribute(SubnetId=pub, MapPublicIpOnLaunch={"Value": True}))
    e.keep_clean(f"{p}-subnet-private", "Subnet without auto-assigned public IPs",
                 ["vpc_subnet_no_auto_public_ip"], ["vpc_subnet_no_public_ip_by_default"], priv, region)

    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rt, SubnetId=pub)
    ec2.associate_route_table(RouteTableId=rt, SubnetId=pub_b)

    def peering():
        pcx = ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=shared)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
        ec2.create_route(RouteTableId=rt, DestinationCidrBlock=f"10.{base + 1}.0.0/16", VpcPeeringConnectionId=pcx)
        return pcx
    e.plant(f"{p}-peering-route-whole-vpc", "Route sends the peer VPC's whole CIDR over the peering",
            ["vpc_peering_routes_least_access"], ["vpc_peering_routing_tables_with_least_privilege"], None, region, build=peering)

    def flow():
        e.c("s3", region).create_bucket(Bucket=f"acme-flowlogs-{region}", **({} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}))
        r = ec2.create_flow_logs(ResourceIds=[shared], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3",
                                 LogDestination=f"arn:aws:s3:::acme-flowlogs-{region}")
        if r.get("Unsuccessful"):
            raise RuntimeError(f"flow logs unsuccessful: {r['Unsuccessful']}")
    e.step(f"{region} flow logs", flow)
    e.plant(f"{p}-vpc-no-flow-logs", "VPC without flow logs",
            ["vpc_flow_logs_enabled"], ["vpc_flow_logs_enabled"], vpc, region)
    e.keep_clean(f"{p}-vpc-flow-logs", "VPC with flow logs", ["vpc_flow_logs_enabled"], ["vpc_flow_logs_enabled"], shared, region)

    def sg(name, perms):
        g = ec2.create_security_group(GroupName=f"{p}-{name}", Description=name, VpcId=vpc)["GroupId"]
        if perms:
            ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=perms)
        return g

    world4 = [{"CidrIp": "0.0.0.0/0"}]
    world6 = [{"CidrIpv6": "::/0"}]
    ssh = sg("ssh-open", [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": world4}])
    e.plant(f"{p}-sg-ssh-ipv4", "Security group: SSH (22) open to 0.0.0.0/0",
            ["ec2_securitygroup_no_admin_ports_ipv4"], ["ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22"], ssh, region)
    ssh6 = sg("ssh-open-v6", [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "Ipv6Ranges": world6}])
    e.plant(f"{p}-sg-ssh-ipv6", "Security group: SSH (22) open to ::/0",
            ["ec2_securitygroup_no_admin_ports_ipv6"], ["ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22"], ssh6, region)
    rdp = sg("rdp-open", [{"IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "IpRanges": world4}])
    e.plant(f"{p}-sg-rdp", "Security group: RDP (3389) open to 0.0.0.0/0",
            ["ec2_securitygroup_no_admin_ports_ipv4"], ["ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389"], rdp, region)
    db = sg("mysql-open", [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "IpRanges": world4}])
    e.plant(f"{p}-sg-mysql", "Security group: MySQL (3306) open to 0.0.0.0/0",
            ["ec2_securitygroup_no_mysql_from_internet"], ["ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306"], db, region)
    redis = sg("redis-open", [{"IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379, "IpRanges": world4}])
    e.plant(f"{p}-sg-redis", "Security group: Redis (6379) open to 0.0.0.0/0",
            ["ec2_securitygroup_no_redis_from_internet"], ["ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379"], redis, region)
    allt = sg("all-open", [{"IpProtocol": "-1", "IpRanges": world4}])
    e.plant(f"{p}-sg-all-traffic", "Security group: all traffic open to 0.0.0.0/0",
            ["ec2_securitygroup_no_all_traffic_from_internet"], ["ec2_securitygroup_allow_ingress_from_internet_to_all_ports"], allt, region)
    web = sg("web-443", [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": world4}])
    app = sg("app-from-web", [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": web}]}])
    port_checks_n = ["ec2_securitygroup_no_admin_ports_ipv4", "ec2_securitygroup_no_admin_ports_ipv6",
                     "ec2_securitygroup_no_all_traffic_from_internet", "ec2_securitygroup_no_mysql_from_internet",
                     "ec2_securitygroup_no_redis_from_internet"]
    port_checks_p = ["ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
                     "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389",
                     "ec2_securitygroup_allow_ingress_from_internet_to_all_ports",
                     "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_mysql_3306",
                     "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_redis_6379",
                     "ec2_securitygroup_allow_ingress_from_internet_to_any_port"]
    e.keep_clean(f"{p}-sg-web-443", "Security group: only HTTPS (443) from the internet", port_checks_n, port_checks_p, web, region)
    e.keep_clean(f"{p}-sg-app", "Security group: 8080 from the web security group only", port_checks_n, port_checks_p, app, region)
    net.update(web=web, app=app, ssh=ssh, db=db)

    def nacl():
        acl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="6", RuleAction="allow", Egress=False,
                                     CidrBlock="0.0.0.0/0", PortRange={"From": 22, "To": 22})
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=110, Protocol="6", RuleAction="allow", Egress=False,
                                     CidrBlock="0.0.0.0/0", PortRange={"From": 443, "To": 443})
        # Network ACLs are stateless: without an egress rule no reply leaves the subnet.
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="-1", RuleAction="allow", Egress=True,
                                     CidrBlock="0.0.0.0/0")
        acls = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [pub]}])["NetworkAcls"]
        assoc = [a["NetworkAclAssociationId"] for a in acls[0]["Associations"] if a["SubnetId"] == pub][0]
        ec2.replace_network_acl_association(AssociationId=assoc, NetworkAclId=acl)
        return acl
    e.plant(f"{p}-nacl-ssh", "Network ACL allows SSH (22) from 0.0.0.0/0",
            ["ec2_networkacl_no_admin_ports_from_internet"], ["ec2_networkacl_allow_ingress_tcp_port_22"], None, region, build=nacl)

    # Instances: security groups given at instance level (moto drops them when given on the ENI).
    if region == "us-east-1":
        def bastion():
            i = ec2.run_instances(ImageId="ami-12345678", InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=pub,
                                  SecurityGroupIds=[ssh, web], MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"},
                                  IamInstanceProfile={"Arn": profiles["admin_profile"]},
                                  UserData=f"#!/bin/bash\nexport AWS_ACCESS_KEY_ID={FAKE_KEY_ID}\nexport AWS_SECRET_ACCESS_KEY={FAKE_SECRET}\n",
                                  TagSpecifications=[{"ResourceType": "instance", "Tags": tags("bastion")}])["Instances"][0]["InstanceId"]
            return i
        bastion_id = e.plant("ec2-instance-imdsv1", "EC2 instance allows IMDSv1 (HttpTokens optional)",
                             ["ec2_instance_imdsv2_required"], ["ec2_instance_imdsv2_enabled"], None, region, build=bastion)["key"]
        e.plant("ec2-instance-public-ip", "EC2 instance with a public IPv4 address (public subnet)",
                ["ec2_instance_no_public_ip"], ["ec2_instance_public_ip"], bastion_id, region)
        e.plant("ec2-instance-admin-role", "EC2 instance whose profile role has AdministratorAccess",
                ["ec2_instance_role_not_admin"], ["iam_role_administratoraccess_policy"], bastion_id, region,
                prowler_key="role/ec2-admin")
        e.plant("ec2-instance-userdata-secrets", "EC2 instance with secrets in user data",
                [], ["ec2_instance_secrets_user_data"], bastion_id, region)
        e.plant("ec2-instance-ssh-from-internet", "EC2 instance reachable on SSH from the internet",
                [], ["ec2_instance_port_ssh_exposed_to_internet"], bastion_id, region,
                note="nephos reports it on the security group (ec2-sg-ssh) and as a reachable path in `nephos exposure`, not as a check on the instance")

        def clean_instance():
            kw = dict(ImageId="ami-12345678", InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=priv,
                      SecurityGroupIds=[app], MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
                      BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8, "Encrypted": True}}],
                      TagSpecifications=[{"ResourceType": "instance", "Tags": tags("app-0")}])
            if profiles.get("app_profile"):
                kw["IamInstanceProfile"] = {"Arn": profiles["app_profile"]}
            return ec2.run_instances(**kw)["Instances"][0]["InstanceId"]
        app_id = e.step("clean instance", clean_instance)
        if app_id:
            e.keep_clean("ec2-instance-private", "Private EC2 instance, IMDSv2 only, scoped role",
                         ["ec2_instance_imdsv2_required", "ec2_instance_no_public_ip", "ec2_instance_role_not_admin"],
                         ["ec2_instance_imdsv2_enabled", "ec2_instance_public_ip", "ec2_instance_port_ssh_exposed_to_internet"],
                         app_id, region)

        def public_ami():
            img = ec2.create_image(InstanceId=bastion_id, Name="golden-image")["ImageId"]
            ec2.modify_image_attribute(ImageId=img, LaunchPermission={"Add": [{"Group": "all"}]})
            return img
        if bastion_id:
            e.plant("ec2-ami-public", "AMI shared publicly", ["ec2_image_not_public"], ["ec2_ami_public"], None, region, build=public_ami)

        def ebs():
            v = ec2.create_volume(AvailabilityZone=azs[0], Size=20, Encrypted=False, TagSpecifications=[{"ResourceType": "volume", "Tags": tags("orphan-data")}])["VolumeId"]
            s = ec2.create_snapshot(VolumeId=v, Description="nightly")["SnapshotId"]
            ec2.modify_snapshot_attribute(SnapshotId=s, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"])
            return v, s
        made = e.step("ebs", ebs)
        vol, snap = made if made else (None, None)
        e.plant("ebs-volume-unencrypted", "Unencrypted EBS volume", ["ec2_volume_encrypted"], ["ec2_ebs_volume_encryption"], vol, region)
        e.plant("ebs-snapshot-public", "EBS snapshot shared publicly", ["ec2_snapshot_not_public"], ["ec2_ebs_public_snapshot"], snap, region)
        e.plant("ebs-snapshot-unencrypted", "Unencrypted EBS snapshot", ["ec2_snapshot_encrypted"], ["ec2_ebs_snapshots_encrypted"], snap, region)
        e.plant("ebs-default-encryption-off", "EBS encryption by default off (us-east-1)",
                ["ec2_ebs_default_encryption_enabled"], ["ec2_ebs_default_encryption"], "us-east-1", region,
                build=lambda: ec2.disable_ebs_encryption_by_default() and None)
        clean_vol = e.step("clean volume", lambda: ec2.create_volume(AvailabilityZone=azs[0], Size=10, Encrypted=True)["VolumeId"])
        if clean_vol:
            e.keep_clean("ebs-volume-encrypted", "Encrypted EBS volume", ["ec2_volume_encrypted"], ["ec2_ebs_volume_encryption"], clean_vol, region)
    else:
        e.step("eu ebs default encryption on", lambda: ec2.enable_ebs_encryption_by_default())
        e.keep_clean("ebs-default-encryption-on-eu", "EBS encryption by default on (eu-west-1)",
                     ["ec2_ebs_default_encryption_enabled"], ["ec2_ebs_default_encryption"], "eu-west-1", region)
    return net


def build_s3(e, acct):
    s3 = e.c("s3")
    b = "acme-public-website"
    s3.create_bucket(Bucket=b)
    e.step("delete pab", lambda: s3.delete_public_access_block(Bucket=b))

    def acl():
        s3.put_bucket_acl(Bucket=b, ACL="public-read")
    e.plant("s3-bucket-public-acl", "Bucket ACL grants READ to AllUsers", ["s3_bucket_acl_not_public"],
            ["s3_bucket_public_list_acl", "s3_bucket_public_access"], f"arn:aws:s3:::{b}", build=acl)

    def policy():
        s3.put_bucket_policy(Bucket=b, Policy=doc(
            {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{b}/*"},
            {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{b}"}))
    e.plant("s3-bucket-public-policy", "Bucket policy allows s3:GetObject to Principal *", ["s3_bucket_policy_not_public"],
            ["s3_bucket_public_access", "s3_bucket_policy_public_write_access"], f"arn:aws:s3:::{b}", build=policy)
    e.plant("s3-bucket-unknown-account", "Bucket policy grants an unknown account", ["s3_bucket_policy_no_unknown_accounts"],
            ["s3_bucket_cross_account_access"], f"arn:aws:s3:::{b}")
    e.plant("s3-bucket-no-pab", "Bucket without Block Public Access", ["s3_bucket_public_access_blocked"],
            ["s3_bucket_level_public_access_block"], f"arn:aws:s3:::{b}")
    e.plant("s3-bucket-no-tls-policy", "Bucket policy does not deny plain HTTP", ["s3_bucket_secure_transport_policy"],
            ["s3_bucket_secure_transport_policy"], f"arn:aws:s3:::{b}")
    e.plant("s3-bucket-no-versioning", "Bucket without versioning", ["s3_bucket_versioning_enabled"],
            ["s3_bucket_object_versioning"], f"arn:aws:s3:::{b}")
    e.plant("s3-bucket-no-kms", "Bucket without SSE-KMS default encryption", ["s3_bucket_kms_encryption"],
            ["s3_bucket_kms_encryption"], f"arn:aws:s3:::{b}")
    e.plant("s3-account-no-pab", "Account-level S3 Block Public Access not set", ["s3_account_public_access_blocked"],
            ["s3_account_level_public_access_blocks"], ACCOUNT_KEY)

    p = "acme-app-data-private"
    s3.create_bucket(Bucket=p)
    s3.put_bucket_encryption(Bucket=p, ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}, "BucketKeyEnabled": True}]})
    s3.put_public_access_block(Bucket=p, PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket=p, VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_policy(Bucket=p, Policy=doc(
        {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [f"arn:aws:s3:::{p}", f"arn:aws:s3:::{p}/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "AppRole", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:role/app-role"}, "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{p}/*"}))
    e.keep_clean("s3-bucket-private", "Private bucket: SSE-KMS, Block Public Access, versioning, TLS-only, own-account grant",
                 ["s3_bucket_acl_not_public", "s3_bucket_policy_not_public", "s3_bucket_policy_no_unknown_accounts",
                  "s3_bucket_public_access_blocked", "s3_bucket_secure_transport_policy", "s3_bucket_versioning_enabled",
                  "s3_bucket_kms_encryption"],
                 ["s3_bucket_public_list_acl", "s3_bucket_public_access", "s3_bucket_policy_public_write_access",
                  "s3_bucket_cross_account_access", "s3_bucket_level_public_access_block", "s3_bucket_secure_transport_policy",
                  "s3_bucket_object_versioning", "s3_bucket_kms_encryption"], f"arn:aws:s3:::{p}")


def build_services(e, acct, net):
    region = "us-east-1"
    # ---- KMS ----
    kms = e.c("kms")
    key = kms.create_key(Description="app key")["KeyMetadata"]["KeyId"]
    e.plant("kms-rotation-off", "KMS key without rotation", ["kms_key_rotation_enabled"], ["kms_cmk_rotation_enabled"], key, region)

    def public_key():
        k = kms.create_key(Description="shared key", Policy=doc(
            {"Sid": "Everyone", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}))["KeyMetadata"]["KeyId"]
        kms.enable_key_rotation(KeyId=k)
        return k
    e.plant("kms-key-public", "KMS key policy allows any principal", ["kms_key_policy_not_public"],
            ["kms_key_not_publicly_accessible"], None, region, build=public_key)

    def pending():
        k = kms.create_key(Description="old key")["KeyMetadata"]["KeyId"]
        kms.schedule_key_deletion(KeyId=k, PendingWindowInDays=7)
        return k
    e.plant("kms-key-pending-deletion", "KMS key scheduled for deletion", ["kms_key_not_pending_deletion"],
            ["kms_cmk_not_deleted_unintentionally"], None, region, build=pending)
    good = e.step("clean key", lambda: kms.create_key(Description="rotated key")["KeyMetadata"]["KeyId"])
    if good:
        e.step("rotate clean key", lambda: kms.enable_key_rotation(KeyId=good))
        e.keep_clean("kms-key-rotated", "KMS key with rotation and the default key policy",
                     ["kms_key_rotation_enabled", "kms_key_policy_not_public", "kms_key_not_pending_deletion"],
                     ["kms_cmk_rotation_enabled", "kms_key_not_publicly_accessible", "kms_cmk_not_deleted_unintentionally"], good, region)

    # ---- Lambda ----
    lc = e.c("lambda")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return {'ok': True}\n")
    code = buf.getvalue()
    role_arn = f"arn:aws:iam::{acct}:role/lambda-admin"

    def fn():
        lc.create_function(FunctionName="thumbnailer", Runtime="python3.8", Role=role_arn, Handler="handler.handler",
                           Code={"ZipFile": code}, Environment={"Variables": {"AWS_ACCESS_KEY_ID": FAKE_KEY_ID, "AWS_SECRET_ACCESS_KEY": FAKE_SECRET}})
        lc.add_permission(FunctionName="thumbnailer", StatementId="public-invoke", Action="lambda:InvokeFunction", Principal="*")
        return ":function:thumbnailer"
    e.plant("lambda-public-policy", "Lambda function policy allows invoke by Principal *", ["lambda_function_policy_not_public"],
            ["awslambda_function_not_publicly_accessible"], ":function:thumbnailer", region, build=fn)
    e.plant("lambda-deprecated-runtime", "Lambda on a deprecated runtime (python3.8)", ["lambda_function_runtime_supported"],
            ["awslambda_function_using_supported_runtimes"], ":function:thumbnailer", region)
    e.plant("lambda-admin-role", "Lambda execution role has AdministratorAccess", ["lambda_function_role_not_admin"],
            ["iam_role_administratoraccess_policy"], "thumbnailer", region, prowler_key="role/lambda-admin")
    e.plant("lambda-env-secrets", "Secrets in Lambda environment variables", ["lambda_function_no_secret_environment_variables"],
            ["awslambda_function_no_secrets_in_variables"], ":function:thumbnailer", region)
    e.plant("lambda-url-auth-none", "Lambda function URL with AuthType NONE", [], ["awslambda_function_url_public"],
            ":function:thumbnailer", region,
            build=lambda: lc.create_function_url_config(FunctionName="thumbnailer", AuthType="NONE") and None)

    def clean_fn():
        lc.create_function(FunctionName="resizer", Runtime="python3.12", Role=f"arn:aws:iam::{acct}:role/app-role",
                           Handler="handler.handler", Code={"ZipFile": code})
    e.step("clean function", clean_fn)
    e.keep_clean("lambda-clean", "Lambda on python3.12, no resource policy, scoped role",
                 ["lambda_function_policy_not_public", "lambda_function_runtime_supported", "lambda_function_role_not_admin",
                  "lambda_function_no_secret_environment_variables"],
                 ["awslambda_function_not_publicly_accessible", "awslambda_function_using_supported_runtimes",
                  "awslambda_function_no_secrets_in_variables", "awslambda_function_url_public"], ":function:resizer", region)

    # ---- ECS ----
    ecs = e.c("ecs")

    def ecs_public():
        ecs.create_cluster(clusterName="prod-cluster")
        td = ecs.register_task_definition(family="api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
                                          containerDefinitions=[{"name": "api", "image": "nginx:latest", "essential": True, "privileged": True,
                                                                 "environment": [{"name": "AWS_ACCESS_KEY_ID", "value": FAKE_KEY_ID}, {"name": "AWS_SECRET_ACCESS_KEY", "value": FAKE_SECRET}]}])["taskDefinition"]["taskDefinitionArn"]
        ecs.create_service(cluster="prod-cluster", serviceName="api", taskDefinition=td, desiredCount=1, launchType="FARGATE",
                           networkConfiguration={"awsvpcConfiguration": {"subnets": [net["pub"]], "securityGroups": [net["web"]], "assignPublicIp": "ENABLED"}})
        return "service/prod-cluster/api"
    e.plant("ecs-service-public-ip", "ECS service assigns public IPs", ["ecs_service_no_public_ip"],
            ["ecs_service_no_assign_public_ip"], "service/prod-cluster/api", region, build=ecs_public)
    e.plant("ecs-privileged-container", "ECS task definition runs a privileged container",
            ["ecs_task_definition_no_privileged_containers"], ["ecs_task_definitions_no_privileged_containers"], "task-definition/api:", region)
    e.plant("ecs-env-secrets", "Secrets in ECS container environment", ["ecs_task_definition_no_secret_environment_variables"],
            ["ecs_task_definitions_no_environment_secrets"],
            "task-definition/api:", region)

    # ---- RDS ----
    rds = e.c("rds")

    def rds_bad():
        rds.create_db_subnet_group(DBSubnetGroupName="public-db-subnets", DBSubnetGroupDescription="db", SubnetIds=[net["pub"], net["pub_b"]])
        rds.create_db_instance(DBInstanceIdentifier="orders-db", DBInstanceClass="db.t3.micro", Engine="mysql", MasterUsername="admin",
                               MasterUserPassword="password123", AllocatedStorage=20, PubliclyAccessible=True, StorageEncrypted=False,
                               BackupRetentionPeriod=0, MultiAZ=False, DBSubnetGroupName="public-db-subnets", VpcSecurityGroupIds=[net["db"]],
                               DeletionProtection=False, AutoMinorVersionUpgrade=False, EnableIAMDatabaseAuthentication=False)
        return "db:orders-db"
    planted = e.plant("rds-public", "RDS instance publicly accessible (in a public subnet, 3306 open)", ["rds_instance_not_publicly_accessible"],
                      ["rds_instance_no_public_access"], "db:orders-db", region, build=rds_bad)["planted"]
    for pid, what, n, pr in [
        ("rds-unencrypted", "RDS storage not encrypted", "rds_instance_storage_encrypted", "rds_instance_storage_encrypted"),
        ("rds-no-backups", "RDS backups off (retention 0)", "rds_instance_backup_enabled", "rds_instance_backup_enabled"),
        ("rds-no-deletion-protection", "RDS deletion protection off", "rds_instance_deletion_protection", "rds_instance_deletion_protection"),
        ("rds-single-az", "RDS not Multi-AZ", "rds_instance_multi_az", "rds_instance_multi_az"),
        ("rds-no-iam-auth", "RDS IAM authentication off", "rds_instance_iam_authentication_enabled", "rds_instance_iam_authentication_enabled"),
        ("rds-no-minor-upgrade", "RDS auto minor version upgrade off", "rds_instance_auto_minor_version_upgrade", "rds_instance_minor_version_upgrade_enabled"),
    ]:
        en = e.plant(pid, what, [n], [pr], "db:orders-db", region)
        en["planted"] = planted

    def rds_good():
        rds.create_db_subnet_group(DBSubnetGroupName="private-db-subnets", DBSubnetGroupDescription="db", SubnetIds=[net["priv"], net["priv_b"]])
        rds.create_db_instance(DBInstanceIdentifier="ledger-db", DBInstanceClass="db.t3.micro", Engine="postgres", MasterUsername="admin",
                               MasterUserPassword="password123", AllocatedStorage=20, PubliclyAccessible=False, StorageEncrypted=True,
                               BackupRetentionPeriod=7, MultiAZ=True, DBSubnetGroupName="private-db-subnets", VpcSecurityGroupIds=[net["app"]],
                               DeletionProtection=True, AutoMinorVersionUpgrade=True, EnableIAMDatabaseAuthentication=True)
    e.step("clean db", rds_good)
    e.keep_clean("rds-clean", "Private, encrypted, backed-up, Multi-AZ RDS instance with IAM auth",
                 ["rds_instance_not_publicly_accessible", "rds_instance_storage_encrypted", "rds_instance_backup_enabled",
                  "rds_instance_deletion_protection", "rds_instance_multi_az", "rds_instance_iam_authentication_enabled",
                  "rds_instance_auto_minor_version_upgrade"],
                 ["rds_instance_no_public_access", "rds_instance_storage_encrypted", "rds_instance_backup_enabled",
                  "rds_instance_deletion_protection", "rds_instance_multi_az", "rds_instance_iam_authentication_enabled",
                  "rds_instance_minor_version_upgrade_enabled"], "db:ledger-db", region)

    # ---- CloudTrail ----
    s3 = e.c("s3")
    s3.create_bucket(Bucket="acme-cloudtrail-logs")
    s3.put_bucket_policy(Bucket="acme-cloudtrail-logs", Policy=doc(
        {"Sid": "AclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl", "Resource": "arn:aws:s3:::acme-cloudtrail-logs"},
        {"Sid": "Write", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::acme-cloudtrail-logs/AWSLogs/{acct}/*"}))
    ct = e.c("cloudtrail")

    def trail():
        ct.create_trail(Name="org-trail", S3BucketName="acme-cloudtrail-logs", IsMultiRegionTrail=False, EnableLogFileValidation=False)
        ct.start_logging(Name="org-trail")
    ok = e.plant("cloudtrail-not-multi-region", "The only trail is single-region", ["cloudtrail_trail_multi_region_enabled"],
                 ["cloudtrail_multi_region_enabled"], ACCOUNT_KEY, build=trail)["planted"]
    for pid, what, n, pr in [
        ("cloudtrail-no-validation", "Trail without log file validation", "cloudtrail_log_file_validation_enabled", "cloudtrail_log_file_validation_enabled"),
        ("cloudtrail-no-kms", "Trail logs not SSE-KMS encrypted", "cloudtrail_kms_encryption_enabled", "cloudtrail_kms_encryption_enabled"),
        ("cloudtrail-no-cloudwatch", "Trail not delivering to CloudWatch Logs", "cloudtrail_cloudwatch_logs_integrated", "cloudtrail_cloudwatch_logging_enabled"),
        ("cloudtrail-bucket-no-access-logging", "CloudTrail bucket without server access logging", "cloudtrail_bucket_access_logging_enabled", "cloudtrail_logs_s3_bucket_access_logging_enabled"),
    ]:
        e.plant(pid, what, [n], [pr], "org-trail", None)["planted"] = ok

    # ---- messaging, data ----
    sns = e.c("sns")

    def topic():
        arn = sns.create_topic(Name="alerts")["TopicArn"]
        sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy", AttributeValue=doc(
            {"Effect": "Allow", "Principal": "*", "Action": "sns:Publish", "Resource": arn}))
        return ":alerts"
    e.plant("sns-topic-public", "SNS topic policy allows Publish by Principal *", ["sns_topic_policy_not_public"],
            ["sns_topics_not_publicly_accessible"], ":alerts", region, build=topic)
    e.plant("sns-topic-unencrypted", "SNS topic without KMS encryption", ["sns_topic_encrypted"],
            ["sns_topics_kms_encryption_at_rest_enabled"], ":alerts", region)
    e.step("clean topic", lambda: sns.create_topic(Name="billing-events", Attributes={"KmsMasterKeyId": "alias/aws/sns"}))
    e.keep_clean("sns-topic-clean", "SNS topic with KMS and the default policy", ["sns_topic_policy_not_public", "sns_topic_encrypted"],
                 ["sns_topics_not_publicly_accessible", "sns_topics_kms_encryption_at_rest_enabled"], ":billing-events", region)

    sqs = e.c("sqs")

    def queue():
        url = sqs.create_queue(QueueName="jobs", Attributes={"SqsManagedSseEnabled": "false"})["QueueUrl"]
        qarn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": doc(
            {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": qarn})})
        return ":jobs"
    e.plant("sqs-queue-public", "SQS queue policy allows SendMessage by Principal *", ["sqs_queue_policy_not_public"],
            ["sqs_queues_not_publicly_accessible"], ":jobs", region, build=queue)
    e.plant("sqs-queue-unencrypted", "SQS queue without server-side encryption", ["sqs_queue_encrypted"],
            ["sqs_queues_server_side_encryption_enabled"], ":jobs", region)
    e.step("clean queue", lambda: sqs.create_queue(QueueName="orders", Attributes={"SqsManagedSseEnabled": "true"}))
    e.keep_clean("sqs-queue-clean", "SQS queue with SSE-SQS and no policy", ["sqs_queue_policy_not_public", "sqs_queue_encrypted"],
                 ["sqs_queues_not_publicly_accessible", "sqs_queues_server_side_encryption_enabled"], ":orders", region)

    ddb = e.c("dynamodb")
    attrs = dict(AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
    e.plant("dynamodb-no-pitr", "DynamoDB table without point-in-time recovery", ["dynamodb_table_pitr_enabled"],
            ["dynamodb_tables_pitr_enabled"], "table/sessions", region,
            build=lambda: ddb.create_table(TableName="sessions", **attrs) and None)

    def pitr():
        ddb.create_table(TableName="ledger", **attrs)
        ddb.update_continuous_backups(TableName="ledger", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    e.step("clean table", pitr)
    e.keep_clean("dynamodb-pitr", "DynamoDB table with point-in-time recovery", ["dynamodb_table_pitr_enabled"],
                 ["dynamodb_tables_pitr_enabled"], "table/ledger", region)

    # ---- load balancers ----
    def alb():
        elb = e.c("elbv2")
        lb = elb.create_load_balancer(Name="public-alb", Subnets=[net["pub"], net["pub_b"]], SecurityGroups=[net["web"]],
                                      Scheme="internet-facing", Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        tg = elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=net["vpc"])["TargetGroups"][0]["TargetGroupArn"]
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        return "public-alb"
    e.plant("alb-http-listener", "Internet-facing ALB with a plain-HTTP listener (no redirect)", ["elb_listener_https_enforced"],
            ["elbv2_ssl_listeners"], "public-alb", region, build=alb)

    def clb():
        e.c("elb").create_load_balancer(LoadBalancerName="legacy-clb", Listeners=[{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstancePort": 80}],
                                        Subnets=[net["pub"]], SecurityGroups=[net["web"]])
        return "legacy-clb"
    e.plant("clb-http-listener", "Classic ELB with a plain-HTTP listener", ["elb_classic_listener_encrypted"], ["elb_ssl_listeners"],
            "legacy-clb", region, build=clb)

    # ---- account-wide services left off ----
    e.plant("config-off", "AWS Config not recording", ["config_recorder_enabled"], ["config_recorder_all_regions_enabled"], "us-east-1", region)
    e.plant("access-analyzer-off", "IAM Access Analyzer not enabled", ["accessanalyzer_enabled"], ["accessanalyzer_enabled"], "us-east-1", region)
    e.plant("guardduty-off", "GuardDuty not enabled", [], ["guardduty_is_enabled"], "us-east-1", region)

    # ---- services nephos does not collect ----
    e.plant("secret-no-rotation", "Secrets Manager secret without rotation", [], ["secretsmanager_automatic_rotation_enabled"],
            "prod/db", region, build=lambda: e.c("secretsmanager").create_secret(Name="prod/db", SecretString="password123") and None)
    def log_group():
        logs = e.c("logs")
        logs.create_log_group(logGroupName="/app/api")
        logs.put_retention_policy(logGroupName="/app/api", retentionInDays=1)
    e.plant("log-group-short-retention", "CloudWatch log group kept 1 day (< 365)", [],
            ["cloudwatch_log_group_retention_policy_specific_days_enabled"], "/app/api", region, build=log_group)
    e.plant("ecr-no-scan-on-push", "ECR repository without scan on push", [], ["ecr_repositories_scan_images_on_push_enabled"],
            "repository/api", region,
            build=lambda: e.c("ecr").create_repository(repositoryName="api", imageScanningConfiguration={"scanOnPush": False}) and None)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    e = Estate(args.endpoint)
    acct = e.c("sts").get_caller_identity()["Account"]
    profiles = build_iam(e, acct)
    net_us = build_network(e, "us-east-1", 10, profiles)
    build_network(e, "eu-west-1", 30, profiles)
    build_s3(e, acct)
    build_services(e, acct, net_us)
    # The credential report the MFA and key checks read.
    e.step("credential report", lambda: e.c("iam").generate_credential_report())
    out = {"account": acct, "planted": e.planted, "clean": e.clean, "errors": e.errors}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    n_ok = sum(p["planted"] for p in e.planted)
    print(f"estate built: {n_ok}/{len(e.planted)} misconfigurations planted, {len(e.clean)} clean resources, "
          f"{len(e.errors)} failed steps")


if __name__ == "__main__":
    main()
