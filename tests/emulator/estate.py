#!/usr/bin/env python3
"""Build a known AWS estate inside moto_server and record what was created.

Usage: estate.py --endpoint http://127.0.0.1:PORT --out expected.json [--scale N]

The default estate (~60 resources over us-east-1 and eu-west-1) is for the correctness test;
`--scale N` adds N copies of a "cell" (VPC, subnets, security groups, instances, bucket, role,
queue, topic, table) per region, for the collection benchmark (N=25 gives ~1,000 resources).
expected.json lists every created id and the relationships the checker asserts.
"""
import argparse
import io
import json
import zipfile

import boto3

REGIONS = ["us-east-1", "eu-west-1"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", type=int, default=0)
    args = ap.parse_args()
    ep = args.endpoint

    def c(service, region="us-east-1"):
        return boto3.client(service, region_name=region, endpoint_url=ep,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    exp = {"account": c("sts").get_caller_identity()["Account"], "regions": {}, "global": {}}

    def tags(name, **extra):
        t = [{"Key": "Name", "Value": name}]
        t += [{"Key": k, "Value": v} for k, v in extra.items()]
        return t

    # ---------------- IAM (global) ----------------
    iam = c("iam")
    trust_ec2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    trust_lambda = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    trust_ecs = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_user(UserName="alice-admin", Tags=[{"Key": "team", "Value": "platform"}])
    iam.attach_user_policy(UserName="alice-admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    iam.create_user(UserName="bob-dev")
    iam.put_user_policy(UserName="bob-dev", PolicyName="inline-star", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    iam.create_group(GroupName="developers")
    iam.add_user_to_group(GroupName="developers", UserName="bob-dev")
    pol = iam.create_policy(PolicyName="ci-deployer", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}]}))["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="developers", PolicyArn=pol)
    ec2_role = iam.create_role(RoleName="ec2-app-role", AssumeRolePolicyDocument=json.dumps(trust_ec2))["Role"]["Arn"]
    iam.put_role_policy(RoleName="ec2-app-role", PolicyName="app-data", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-app-data/*"}]}))
    profile = iam.create_instance_profile(InstanceProfileName="ec2-app-profile")["InstanceProfile"]["Arn"]
    iam.add_role_to_instance_profile(InstanceProfileName="ec2-app-profile", RoleName="ec2-app-role")
    lambda_role = iam.create_role(RoleName="lambda-exec", AssumeRolePolicyDocument=json.dumps(trust_lambda))["Role"]["Arn"]
    iam.attach_role_policy(RoleName="lambda-exec", PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    task_role = iam.create_role(RoleName="ecs-task", AssumeRolePolicyDocument=json.dumps(trust_ecs))["Role"]["Arn"]
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireSymbols=False)
    roles = ["ec2-app-role", "lambda-exec", "ecs-task"]
    users = ["alice-admin", "bob-dev"]
    for i in range(args.scale):
        iam.create_role(RoleName=f"svc-role-{i}", AssumeRolePolicyDocument=json.dumps(trust_ec2))
        roles.append(f"svc-role-{i}")
        iam.create_user(UserName=f"user-{i}")
        users.append(f"user-{i}")
    exp["global"]["iam"] = {
        "users": users, "groups": ["developers"], "roles": roles, "policies": ["ci-deployer"],
        "instance_profiles": {"ec2-app-profile": ["ec2-app-role"]},
        "user_groups": {"bob-dev": ["developers"]},
        "user_attached": {"alice-admin": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
        "user_inline": {"bob-dev": ["inline-star"]},
        "group_attached": {"developers": [pol]},
        "role_inline": {"ec2-app-role": ["app-data"]},
    }

    # ---------------- S3 (global list) ----------------
    s3 = c("s3")
    s3.create_bucket(Bucket="acme-public-site")
    s3.put_bucket_policy(Bucket="acme-public-site", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-public-site/*"}]}))
    s3.create_bucket(Bucket="acme-app-data")
    s3.put_bucket_encryption(Bucket="acme-app-data", ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.put_public_access_block(Bucket="acme-app-data", PublicAccessBlockConfiguration={"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket="acme-app-data", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_tagging(Bucket="acme-app-data", Tagging={"TagSet": [{"Key": "team", "Value": "data"}]})
    c("s3", "eu-west-1").create_bucket(Bucket="acme-eu-backups", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    buckets = {"acme-public-site": "us-east-1", "acme-app-data": "us-east-1", "acme-eu-backups": "eu-west-1"}
    for i in range(args.scale):
        s3.create_bucket(Bucket=f"acme-scale-{i}")
        buckets[f"acme-scale-{i}"] = "us-east-1"
    exp["global"]["s3"] = {"buckets": buckets, "with_policy": ["acme-public-site"],
                           "without_policy": sorted(b for b in buckets if b != "acme-public-site"),
                           "encrypted": ["acme-app-data"], "public_access_block": ["acme-app-data"],
                           "tags": {"acme-app-data": {"team": "data"}}}

    for ri, region in enumerate(REGIONS):
        r = {}
        ec2 = c("ec2", region)
        azs = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
        base = 10 + ri * 20
        vpcs, subnets, sgs, instances, rtbs, igws, pcxs = {}, {}, {}, {}, {}, {}, {}

        def vpc(name, cidr):
            v = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=[{"ResourceType": "vpc", "Tags": tags(name, team="platform")}])["Vpc"]["VpcId"]
            vpcs[v] = {"name": name, "cidr": cidr}
            return v

        def subnet(name, vpc_id, cidr, az, public=False):
            s = ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=az, TagSpecifications=[{"ResourceType": "subnet", "Tags": tags(name)}])["Subnet"]["SubnetId"]
            if public:
                ec2.modify_subnet_attribute(SubnetId=s, MapPublicIpOnLaunch={"Value": True})
            subnets[s] = {"name": name, "vpc": vpc_id, "cidr": cidr, "public": public}
            return s

        def sg(name, vpc_id, perms):
            g = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc_id)["GroupId"]
            if perms:
                ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=perms)
            sgs[g] = {"name": name, "vpc": vpc_id}
            return g

        def instance(name, subnet_id, group_ids, profile_arn=None):
            kw = dict(ImageId="ami-12345678", MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet_id,
                      SecurityGroupIds=group_ids, TagSpecifications=[{"ResourceType": "instance", "Tags": tags(name, team="web")}],
                      MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"})
            if profile_arn:
                kw["IamInstanceProfile"] = {"Arn": profile_arn}
            i = ec2.run_instances(**kw)["Instances"][0]["InstanceId"]
            instances[i] = {"name": name, "subnet": subnet_id, "vpc": subnets[subnet_id]["vpc"], "sgs": group_ids,
                            "profile": profile_arn}
            return i

        def cell(prefix, second_octet):
            v = vpc(f"{prefix}-vpc", f"10.{second_octet}.0.0/16")
            pub = subnet(f"{prefix}-public-a", v, f"10.{second_octet}.1.0/24", azs[0], public=True)
            priv = subnet(f"{prefix}-private-a", v, f"10.{second_octet}.11.0/24", azs[0])
            priv_b = subnet(f"{prefix}-private-b", v, f"10.{second_octet}.12.0/24", azs[1])
            web = sg(f"{prefix}-web", v, [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
            app = sg(f"{prefix}-app", v, None)
            ec2.authorize_security_group_ingress(GroupId=app, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "UserIdGroupPairs": [{"GroupId": web}]}])
            igw = ec2.create_internet_gateway(TagSpecifications=[{"ResourceType": "internet-gateway", "Tags": tags(f"{prefix}-igw")}])["InternetGateway"]["InternetGatewayId"]
            ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=v)
            igws[igw] = {"vpc": v}
            rt = ec2.create_route_table(VpcId=v, TagSpecifications=[{"ResourceType": "route-table", "Tags": tags(f"{prefix}-rt-public")}])["RouteTable"]["RouteTableId"]
            ec2.create_route(RouteTableId=rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
            ec2.associate_route_table(RouteTableId=rt, SubnetId=pub)
            rtbs[rt] = {"vpc": v, "igw": igw, "subnets": [pub]}
            return v, pub, priv, priv_b, web, app

        prod, pub, priv, priv_b, web, app = cell(f"r{ri}-prod", base)
        shared = vpc(f"r{ri}-shared-vpc", f"10.{base + 1}.0.0/16")
        shared_sub = subnet(f"r{ri}-shared-a", shared, f"10.{base + 1}.1.0/24", azs[0])
        pcx = ec2.create_vpc_peering_connection(VpcId=prod, PeerVpcId=shared)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
        ec2.accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
        pcxs[pcx] = {"requester": prod, "accepter": shared}
        n_inst = 3 if region == "us-east-1" else 1
        for k in range(n_inst):
            instance(f"r{ri}-web-{k}", pub, [web], profile if (region == "us-east-1" and k == 0) else None)
        instance(f"r{ri}-app-0", priv, [app])
        for i in range(args.scale):
            _, spub, spriv, _, sweb, sapp = cell(f"r{ri}-s{i}", 100 + i)
            for k in range(4):
                instance(f"r{ri}-s{i}-web-{k}", spub, [sweb])
            instance(f"r{ri}-s{i}-app-0", spriv, [sapp])
        vol = ec2.create_volume(AvailabilityZone=azs[0], Size=10, TagSpecifications=[{"ResourceType": "volume", "Tags": tags(f"r{ri}-data")}])["VolumeId"]
        snap = ec2.create_snapshot(VolumeId=vol, Description="nightly")["SnapshotId"]
        if region == "us-east-1":
            ec2.modify_snapshot_attribute(SnapshotId=snap, Attribute="createVolumePermission", OperationType="add", GroupNames=["all"])
        r["ec2"] = {"vpcs": vpcs, "subnets": subnets, "security_groups": sgs, "instances": instances,
                    "route_tables": rtbs, "internet_gateways": igws, "peering": pcxs,
                    "volumes": [vol], "snapshots": [snap], "public_snapshots": [snap] if region == "us-east-1" else []}

        # ---------------- ELBv2 ----------------
        elb = c("elbv2", region)
        lb = elb.create_load_balancer(Name=f"r{ri}-public-alb", Subnets=[pub, priv_b], SecurityGroups=[web], Scheme="internet-facing", Type="application",
                                      Tags=[{"Key": "team", "Value": "web"}])["LoadBalancers"][0]["LoadBalancerArn"]
        tg = elb.create_target_group(Name=f"r{ri}-web", Protocol="HTTP", Port=80, VpcId=prod, TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        web_instances = [i for i, d in instances.items() if d["name"].startswith(f"r{ri}-web-")]
        elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": i, "Port": 80} for i in web_instances])
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        r["elbv2"] = {"load_balancers": {lb: {"subnets": [pub, priv_b], "sgs": [web], "vpc": prod}},
                      "target_groups": {tg: {"lb": lb, "targets": web_instances}}}

        # ---------------- Lambda ----------------
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("handler.py", "def handler(event, context):\n    return {'ok': True}\n")
        lc = c("lambda", region)
        fname = f"r{ri}-thumbnailer"
        farn = lc.create_function(FunctionName=fname, Runtime="python3.12", Role=lambda_role, Handler="handler.handler",
                                  Code={"ZipFile": buf.getvalue()}, Environment={"Variables": {"STAGE": "prod"}},
                                  VpcConfig={"SubnetIds": [priv], "SecurityGroupIds": [app]},
                                  Tags={"team": "growth"})["FunctionArn"]
        lc.add_permission(FunctionName=fname, StatementId="public-invoke", Action="lambda:InvokeFunction", Principal="*")
        r["lambda"] = {"functions": {fname: {"arn": farn, "role": lambda_role, "subnets": [priv], "sgs": [app], "public_policy": True}}}

        # ---------------- ECS ----------------
        e = c("ecs", region)
        cl = e.create_cluster(clusterName=f"r{ri}-prod-cluster", tags=[{"key": "team", "value": "payments"}])["cluster"]["clusterArn"]
        td = e.register_task_definition(family=f"r{ri}-api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
                                        taskRoleArn=task_role,
                                        containerDefinitions=[{"name": "api", "image": "nginx:latest", "essential": True, "portMappings": [{"containerPort": 80}]}])["taskDefinition"]["taskDefinitionArn"]
        svc = e.create_service(cluster=cl, serviceName="api", taskDefinition=td, desiredCount=1, launchType="FARGATE",
                               networkConfiguration={"awsvpcConfiguration": {"subnets": [priv], "securityGroups": [app], "assignPublicIp": "DISABLED"}})["service"]["serviceArn"]
        r["ecs"] = {"clusters": {cl: {"services": {svc: {"task_definition": td, "subnets": [priv], "sgs": [app]}}}},
                    "task_definitions": {td: {"task_role": task_role}}}

        # ---------------- RDS ----------------
        rds = c("rds", region)
        rds.create_db_subnet_group(DBSubnetGroupName=f"r{ri}-db-subnets", DBSubnetGroupDescription="db", SubnetIds=[priv, priv_b])
        db = rds.create_db_instance(DBInstanceIdentifier=f"r{ri}-orders-db", DBInstanceClass="db.t3.micro", Engine="postgres", MasterUsername="admin",
                                    MasterUserPassword="password123", AllocatedStorage=20, PubliclyAccessible=False, StorageEncrypted=True,
                                    DBSubnetGroupName=f"r{ri}-db-subnets", VpcSecurityGroupIds=[app], Tags=[{"Key": "team", "Value": "payments"}])["DBInstance"]["DBInstanceArn"]
        r["rds"] = {"instances": {f"r{ri}-orders-db": {"arn": db, "sgs": [app], "vpc": prod}}}

        # ---------------- DynamoDB, SQS, SNS, KMS ----------------
        ddb = c("dynamodb", region)
        tables = [f"r{ri}-sessions"] + [f"r{ri}-table-{i}" for i in range(args.scale)]
        for t in tables:
            ddb.create_table(TableName=t, AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST")
        sqs = c("sqs", region)
        queues = [f"r{ri}-jobs"] + [f"r{ri}-queue-{i}" for i in range(args.scale)]
        for q in queues:
            sqs.create_queue(QueueName=q, tags={"team": "jobs"})
        sns = c("sns", region)
        topics = [f"r{ri}-alerts"] + [f"r{ri}-topic-{i}" for i in range(args.scale)]
        for t in topics:
            sns.create_topic(Name=t)
        kms = c("kms", region)
        key = kms.create_key(Description=f"r{ri} app key", Tags=[{"TagKey": "team", "TagValue": "platform"}])["KeyMetadata"]["KeyId"]
        r["data"] = {"tables": tables, "queues": queues, "topics": topics, "kms_keys": [key]}

        # ---------------- CloudTrail ----------------
        if region == "us-east-1":
            s3.create_bucket(Bucket="acme-trail-logs")
            buckets["acme-trail-logs"] = "us-east-1"
            exp["global"]["s3"]["without_policy"].append("acme-trail-logs")
            ct = c("cloudtrail", region)
            trail = ct.create_trail(Name="main-trail", S3BucketName="acme-trail-logs", IsMultiRegionTrail=False)["TrailARN"]
            ct.start_logging(Name="main-trail")
            r["cloudtrail"] = {"trails": [trail]}
        exp["regions"][region] = r

    with open(args.out, "w") as f:
        json.dump(exp, f, indent=1, sort_keys=True)
    n = count(exp)
    print(f"estate built: {n} resources")


def count(exp):
    n = 0
    g = exp["global"]
    n += len(g["iam"]["users"]) + len(g["iam"]["roles"]) + 1 + 1 + 1 + len(g["s3"]["buckets"])
    for r in exp["regions"].values():
        e = r["ec2"]
        n += sum(len(e[k]) for k in ("vpcs", "subnets", "security_groups", "instances", "route_tables", "internet_gateways", "peering", "volumes", "snapshots"))
        n += len(r["elbv2"]["load_balancers"]) + len(r["elbv2"]["target_groups"]) + len(r["lambda"]["functions"])
        n += 1 + 1 + 1 + len(r["rds"]["instances"])
        n += sum(len(v) for v in r["data"].values()) + len(r.get("cloudtrail", {}).get("trails", []))
    return n


if __name__ == "__main__":
    main()
