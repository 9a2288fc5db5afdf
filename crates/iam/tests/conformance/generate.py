#!/usr/bin/env python3
"""Writes the conformance cases (`*.json` beside this script) from compact Python helpers.

The JSON files are what the test reads and what reviewers read; this script is how they were
written. Edit a case here and rerun (`python3 crates/iam/tests/conformance/generate.py`), or edit
the JSON directly and keep this script in step. Accounts: A=111111111111, B=222222222222,
C=333333333333, D=444444444444. `ref` names the case in shared/semantics (I1-I33).
"""
import json, os
A='111111111111'; B='222222222222'; C='333333333333'; D='444444444444'
OUT=os.path.dirname(os.path.abspath(__file__))
def st(effect, action=None, resource=None, sid=None, cond=None, notaction=None, notresource=None, principal=None, notprincipal=None):
    s={}
    if sid: s['Sid']=sid
    s['Effect']=effect
    if principal is not None: s['Principal']=principal
    if notprincipal is not None: s['NotPrincipal']=notprincipal
    if action is not None: s['Action']=action
    if notaction is not None: s['NotAction']=notaction
    if resource is not None: s['Resource']=resource
    if notresource is not None: s['NotResource']=notresource
    if cond: s['Condition']=cond
    return s
def doc(*stmts, version='2012-10-17'):
    d={}
    if version: d['Version']=version
    d['Statement']=list(stmts)
    return d
def allow(action, resource='*', **kw): return st('Allow', action, resource, **kw)
def deny(action, resource='*', **kw): return st('Deny', action, resource, **kw)
def user(name, acct=A): return f'arn:aws:iam::{acct}:user/{name}'
def role(name, acct=A): return f'arn:aws:iam::{acct}:role/{name}'
def sess(r, s, acct=A): return f'arn:aws:sts::{acct}:assumed-role/{r}/{s}'
FULL=doc(allow('*','*',sid='FullAWSAccess'))
def case(name, expect, principal, action, res='*', ref=None, matched=None, context=None, **pol):
    req={'principal':principal,'action':action,'resource':res}
    for k in ('resourceAccount','principalTags','roleArn','federatedProvider'):
        if k in pol: req[k]=pol.pop(k)
    if context: req['context']=context
    c={'name':name}
    if ref: c['ref']=ref
    c['policies']=pol
    c['request']=req
    c['expect']=expect
    if matched is not None: c['matched']=matched
    return c
files={}
U=user('alice'); OBJ='arn:aws:s3:::bkt/k'
# ---------------- matching
m=[]
i1=[doc(allow('s3:*',sid='AllS3'), deny('s3:DeleteObject',sid='NoDelete'))]
m.append(case('deny statement wins over allow (I1 delete)','explicitDeny',U,'s3:DeleteObject',OBJ,ref='I1',matched=['NoDelete'],identity=i1))
m.append(case('allow stands where no deny matches (I1 get)','allowed',U,'s3:GetObject',OBJ,ref='I1',matched=['AllS3'],identity=i1))
m.append(case('action pattern is case-insensitive (I2)','allowed',U,'iam:ListAccessKeys',user('alice'),ref='I2',identity=[doc(allow('IAM:listaccesskeys'))]))
m.append(case('requested action is case-insensitive','allowed',U,'IAM:LISTACCESSKEYS',user('alice'),identity=[doc(allow('iam:ListAccessKeys'))]))
m.append(case('resource is case-sensitive (I3)','implicitDeny',U,'iam:GetUser',user('bob'),ref='I3',identity=[doc(allow('iam:GetUser',user('Bob')))]))
m.append(case('resource exact case matches (I3)','allowed',U,'iam:GetUser',user('Bob'),ref='I3',identity=[doc(allow('iam:GetUser',user('Bob')))]))
m.append(case('star crosses slashes in resource (I4)','allowed',U,'s3:GetObject','arn:aws:s3:::bkt/k/x',ref='I4',identity=[doc(allow('s3:GetObject','arn:aws:s3:::bkt*'))]))
m.append(case('question marks match one character each (I4)','allowed',U,'s3:GetObject','arn:aws:s3:::b/ab.txt',ref='I4',identity=[doc(allow('s3:GetObject','arn:aws:s3:::b/??.txt'))]))
m.append(case('question marks do not match three characters (I4)','implicitDeny',U,'s3:GetObject','arn:aws:s3:::b/abc.txt',ref='I4',identity=[doc(allow('s3:GetObject','arn:aws:s3:::b/??.txt'))]))
m.append(case('question mark in action','allowed',U,'s3:GetObject',OBJ,identity=[doc(allow('s3:Get?bject'))]))
m.append(case('question mark in action is exactly one character','implicitDeny',U,'s3:GetObjectAcl',OBJ,identity=[doc(allow('s3:Get?bject'))]))
m.append(case('action prefix wildcard matches','allowed',U,'ec2:DescribeInstances','*',identity=[doc(allow('ec2:Describe*'))]))
m.append(case('action prefix wildcard does not match other verbs','implicitDeny',U,'ec2:RunInstances','*',identity=[doc(allow('ec2:Describe*'))]))
m.append(case('service wildcard stays within the service prefix','implicitDeny',U,'s3control:CreateJob','*',identity=[doc(allow('s3:*'))]))
m.append(case('star action allows every service','allowed',U,'dynamodb:DeleteTable','arn:aws:dynamodb:us-east-1:111111111111:table/t',identity=[doc(allow('*'))]))
m.append(case('wildcard account segment in resource','allowed',U,'iam:GetRole',role('x'),identity=[doc(allow('iam:GetRole','arn:aws:iam::*:role/x'))]))
m.append(case('trailing star crosses colons in the resource segment','allowed',U,'logs:PutLogEvents','arn:aws:logs:us-east-1:111111111111:log-group:g:log-stream:s',identity=[doc(allow('logs:PutLogEvents','arn:aws:logs:*:*:*'))]))
m.append(case('region segment must match','implicitDeny',U,'sqs:SendMessage','arn:aws:sqs:us-west-2:111111111111:q',identity=[doc(allow('sqs:SendMessage','arn:aws:sqs:us-east-1:111111111111:q'))]))
m.append(case('bucket ARN does not match object pattern','implicitDeny',U,'s3:ListBucket','arn:aws:s3:::bkt',identity=[doc(allow('s3:ListBucket','arn:aws:s3:::bkt/*'))]))
m.append(case('second resource of a list matches','allowed',U,'s3:ListBucket','arn:aws:s3:::bkt',identity=[doc(allow('s3:ListBucket',['arn:aws:s3:::bkt/*','arn:aws:s3:::bkt']))]))
m.append(case('allow with NotAction grants other services (I5)','allowed',U,'ec2:RunInstances','*',ref='I5',identity=[doc(st('Allow',notaction='iam:*',resource='*'))]))
m.append(case('allow with NotAction does not grant the listed actions (I5)','implicitDeny',U,'iam:CreateUser',user('x'),ref='I5',identity=[doc(st('Allow',notaction='iam:*',resource='*'))]))
nad=[doc(allow('*',sid='All'), st('Deny',notaction=['s3:*'],resource='*',sid='OnlyS3'))]
m.append(case('deny with NotAction denies everything else','explicitDeny',U,'ec2:RunInstances','*',matched=['OnlyS3'],identity=nad))
m.append(case('deny with NotAction spares the listed actions','allowed',U,'s3:GetObject',OBJ,identity=nad))
nr=[doc(st('Allow','s3:GetObject',notresource='arn:aws:s3:::bkt/sec/*'))]
m.append(case('allow with NotResource excludes the listed resources (I6)','implicitDeny',U,'s3:GetObject','arn:aws:s3:::bkt/sec/x',ref='I6',identity=nr))
m.append(case('allow with NotResource covers everything else (I6)','allowed',U,'s3:GetObject','arn:aws:s3:::bkt/pub/x',ref='I6',identity=nr))
dnr=[doc(allow('s3:*'), st('Deny','s3:*',notresource=['arn:aws:s3:::ok','arn:aws:s3:::ok/*'],sid='OnlyOk'))]
m.append(case('deny with NotResource denies other buckets','explicitDeny',U,'s3:GetObject','arn:aws:s3:::other/k',identity=dnr))
m.append(case('deny with NotResource spares the listed bucket','allowed',U,'s3:GetObject','arn:aws:s3:::ok/k',identity=dnr))
m.append(case('all matching allow statements are reported','allowed',U,'s3:GetObject',OBJ,matched=['A','B'],identity=[doc(allow('s3:GetObject',sid='A')),doc(allow('s3:Get*',OBJ,sid='B'),allow('ec2:*',sid='C'))]))
m.append(case('no policy at all is an implicit deny','implicitDeny',U,'s3:GetObject',OBJ))
m.append(case('statement given as a single object','allowed',U,'s3:GetObject',OBJ,identity=[{'Version':'2012-10-17','Statement':allow('s3:GetObject')}]))
files['01_matching.json']=m
# ---------------- conditions
c=[]
def cnd(op,key,val): return {op:{key:val}}
tagok=[doc(allow('s3:GetObject',cond=cnd('StringEquals','aws:PrincipalTag/team','red')))]
c.append(case('untagged caller does not match StringEquals on a principal tag (I7)','implicitDeny',U,'s3:GetObject',OBJ,ref='I7',identity=tagok))
c.append(case('untagged caller matches StringNotEquals on a principal tag (I7)','allowed',U,'s3:GetObject',OBJ,ref='I7',identity=[doc(allow('s3:GetObject',cond=cnd('StringNotEquals','aws:PrincipalTag/team','red')))]))
c.append(case('tagged caller matches StringEquals on a principal tag','allowed',U,'s3:GetObject',OBJ,principalTags={'team':'red'},identity=tagok))
c.append(case('condition key names ignore case','allowed',U,'s3:GetObject',OBJ,principalTags={'Team':'red'},identity=[doc(allow('s3:GetObject',cond=cnd('StringEquals','AWS:PRINCIPALTAG/TEAM','red')))]))
c.append(case('StringEquals values are case-sensitive','implicitDeny',U,'s3:GetObject',OBJ,principalTags={'team':'Red'},identity=tagok))
c.append(case('StringEqualsIgnoreCase ignores value case','allowed',U,'s3:GetObject',OBJ,principalTags={'team':'Red'},identity=[doc(allow('s3:GetObject',cond=cnd('StringEqualsIgnoreCase','aws:PrincipalTag/team','RED')))]))
ie=[doc(allow('ec2:RunInstances',cond=cnd('StringEqualsIfExists','ec2:InstanceType','t2.micro')))]
c.append(case('IfExists holds when the key is absent (I8)','allowed',U,'ec2:RunInstances','*',ref='I8',identity=ie))
c.append(case('IfExists compares when the key is present (I8)','implicitDeny',U,'ec2:RunInstances','*',ref='I8',context={'ec2:InstanceType':'m5.large'},identity=ie))
c.append(case('IfExists matching value','allowed',U,'ec2:RunInstances','*',context={'ec2:InstanceType':'t2.micro'},identity=ie))
c.append(case('positive operator on a missing key is false','implicitDeny',U,'ec2:RunInstances','*',identity=[doc(allow('ec2:RunInstances',cond=cnd('StringEquals','ec2:InstanceType','t2.micro')))]))
nul=[doc(allow('s3:GetObject',cond=cnd('Null','aws:TokenIssueTime','true')))]
c.append(case('Null true holds for long-term access keys (I9)','allowed',U,'s3:GetObject',OBJ,ref='I9',identity=nul))
c.append(case('Null true fails for temporary credentials (I9)','implicitDeny',U,'s3:GetObject',OBJ,ref='I9',context={'aws:TokenIssueTime':'2026-11-21T07:00:00Z'},identity=nul))
c.append(case('Null false holds when the key is present','allowed',U,'s3:GetObject',OBJ,context={'aws:TokenIssueTime':'2026-11-21T07:00:00Z'},identity=[doc(allow('s3:GetObject',cond=cnd('Null','aws:TokenIssueTime','false')))]))
fa=[doc(allow('ec2:CreateTags',cond=cnd('ForAllValues:StringEquals','aws:TagKeys',['a','b'])))]
c.append(case('ForAllValues subset holds (I10)','allowed',U,'ec2:CreateTags','*',ref='I10',context={'aws:TagKeys':['a']},identity=fa))
c.append(case('ForAllValues with an unlisted value fails (I10)','implicitDeny',U,'ec2:CreateTags','*',ref='I10',context={'aws:TagKeys':['a','c']},identity=fa))
c.append(case('ForAllValues on a missing key holds (I10)','allowed',U,'ec2:CreateTags','*',ref='I10',identity=fa))
c.append(case('ForAllValues on an empty set holds','allowed',U,'ec2:CreateTags','*',context={'aws:TagKeys':[]},identity=fa))
fy=[doc(allow('ec2:CreateTags',cond=cnd('ForAnyValue:StringEquals','aws:TagKeys',['a'])))]
c.append(case('ForAnyValue on a missing key fails','implicitDeny',U,'ec2:CreateTags','*',identity=fy))
c.append(case('ForAnyValue with one listed value holds','allowed',U,'ec2:CreateTags','*',context={'aws:TagKeys':['c','a']},identity=fy))
c.append(case('ForAllValues StringLike','allowed',U,'ec2:CreateTags','*',context={'aws:TagKeys':['team-a','team-b']},identity=[doc(allow('ec2:CreateTags',cond=cnd('ForAllValues:StringLike','aws:TagKeys','team-*')))]))
acc=[doc(allow('*'), deny('*',sid='OnlyOurAccounts',cond=cnd('StringNotEquals','aws:PrincipalAccount',[A,B])))]
c.append(case('negated operator with a listed value does not deny (I11)','allowed',user('u',B),'s3:GetObject',f'arn:aws:sqs:us-east-1:{B}:q',ref='I11',identity=acc))
c.append(case('negated operator must differ from every value (I11)','explicitDeny',user('u',C),'s3:GetObject',f'arn:aws:sqs:us-east-1:{C}:q',ref='I11',matched=['OnlyOurAccounts'],identity=acc))
home=[doc(allow('s3:ListBucket','arn:aws:s3:::bkt',cond=cnd('StringLike','s3:prefix','home/${aws:username}/*')))]
c.append(case('policy variable in StringLike for the caller (I12)','allowed',U,'s3:ListBucket','arn:aws:s3:::bkt',ref='I12',context={'s3:prefix':'home/alice/x'},identity=home))
c.append(case('policy variable in StringLike for another user (I12)','implicitDeny',U,'s3:ListBucket','arn:aws:s3:::bkt',ref='I12',context={'s3:prefix':'home/bob/'},identity=home))
old=[doc(allow('s3:ListBucket','arn:aws:s3:::bkt',cond=cnd('StringLike','s3:prefix','home/${aws:username}/*')),version=None)]
c.append(case('no Version means variables are literal text','implicitDeny',U,'s3:ListBucket','arn:aws:s3:::bkt',context={'s3:prefix':'home/alice/x'},identity=old))
dflt=[doc(allow('s3:GetObject','arn:aws:s3:::b-${aws:PrincipalTag/team, \'shared\'}/*'))]
c.append(case('variable default applies to an untagged caller (I13)','allowed',U,'s3:GetObject','arn:aws:s3:::b-shared/k',ref='I13',identity=dflt))
c.append(case('variable takes the tag value when present','allowed',U,'s3:GetObject','arn:aws:s3:::b-red/k',principalTags={'team':'red'},identity=dflt))
c.append(case('variable with a value does not fall back to the default','implicitDeny',U,'s3:GetObject','arn:aws:s3:::b-shared/k',principalTags={'team':'red'},identity=dflt))
c.append(case('variable without value matches nothing','implicitDeny',U,'s3:GetObject','arn:aws:s3:::home/x/k',identity=[doc(allow('s3:GetObject','arn:aws:s3:::home/${aws:PrincipalTag/x}/*'))]))
c.append(case('escaped star is a literal star','allowed',U,'s3:GetObject','arn:aws:s3:::b/*',identity=[doc(allow('s3:GetObject','arn:aws:s3:::b/${*}'))]))
c.append(case('escaped star is not a wildcard','implicitDeny',U,'s3:GetObject','arn:aws:s3:::b/x',identity=[doc(allow('s3:GetObject','arn:aws:s3:::b/${*}'))]))
ip=[doc(allow('s3:GetObject',cond=cnd('IpAddress','aws:SourceIp','203.0.113.0/24')))]
c.append(case('IpAddress fails through a VPC endpoint where SourceIp is absent (I14)','implicitDeny',U,'s3:GetObject',OBJ,ref='I14',context={'aws:SourceVpce':'vpce-1'},identity=ip))
c.append(case('IpAddress inside the range','allowed',U,'s3:GetObject',OBJ,context={'aws:SourceIp':'203.0.113.9'},identity=ip))
c.append(case('IpAddress outside the range','implicitDeny',U,'s3:GetObject',OBJ,context={'aws:SourceIp':'198.51.100.1'},identity=ip))
nip=[doc(allow('s3:GetObject'), deny('*',sid='OfficeOnly',cond=cnd('NotIpAddress','aws:SourceIp',['203.0.113.0/24','2001:db8::/32'])))]
c.append(case('NotIpAddress deny from outside','explicitDeny',U,'s3:GetObject',OBJ,context={'aws:SourceIp':'198.51.100.1'},identity=nip))
c.append(case('NotIpAddress deny spares the office (IPv6)','allowed',U,'s3:GetObject',OBJ,context={'aws:SourceIp':'2001:db8::7'},identity=nip))
c.append(case('NotIpAddress deny applies when SourceIp is absent','explicitDeny',U,'s3:GetObject',OBJ,context={'aws:SourceVpce':'vpce-1'},identity=nip))
nm=[doc(allow('s3:ListBucket',cond=cnd('NumericLessThanEquals','s3:max-keys',10)))]
c.append(case('NumericLessThanEquals at the bound','allowed',U,'s3:ListBucket','arn:aws:s3:::bkt',context={'s3:max-keys':'10'},identity=nm))
c.append(case('NumericLessThanEquals above the bound','implicitDeny',U,'s3:ListBucket','arn:aws:s3:::bkt',context={'s3:max-keys':'11'},identity=nm))
c.append(case('NumericLessThan is strict','implicitDeny',U,'s3:ListBucket','arn:aws:s3:::bkt',context={'s3:max-keys':'10'},identity=[doc(allow('s3:ListBucket',cond=cnd('NumericLessThan','s3:max-keys','10')))]))
dt=[doc(allow('s3:GetObject',cond=cnd('DateGreaterThan','aws:CurrentTime','2020-01-01T00:00:00Z')))]
c.append(case('DateGreaterThan with an ISO time','allowed',U,'s3:GetObject',OBJ,context={'aws:CurrentTime':'2026-11-21T07:00:00Z'},identity=dt))
c.append(case('DateGreaterThan with an epoch time before the bound','implicitDeny',U,'s3:GetObject',OBJ,context={'aws:CurrentTime':'1500000000'},identity=dt))
c.append(case('DateLessThan with an epoch policy value','allowed',U,'s3:GetObject',OBJ,context={'aws:CurrentTime':'2019-06-01'},identity=[doc(allow('s3:GetObject',cond=cnd('DateLessThan','aws:CurrentTime','1577836800')))]))
sec=[doc(allow('s3:GetObject'), deny('s3:*',sid='TLSOnly',cond=cnd('Bool','aws:SecureTransport','false')))]
c.append(case('Bool deny on plain HTTP','explicitDeny',U,'s3:GetObject',OBJ,context={'aws:SecureTransport':'false'},identity=sec))
c.append(case('Bool deny spares TLS','allowed',U,'s3:GetObject',OBJ,context={'aws:SecureTransport':'true'},identity=sec))
c.append(case('Bool with a JSON boolean value','implicitDeny',U,'s3:GetObject',OBJ,identity=[doc(allow('s3:GetObject',cond=cnd('Bool','aws:MultiFactorAuthPresent',True)))]))
c.append(case('BinaryEquals compares the base64 text','allowed',U,'s3:GetObject',OBJ,context={'custom:blob':'QmluYXJ5'},identity=[doc(allow('s3:GetObject',cond=cnd('BinaryEquals','custom:blob','QmluYXJ5')))]))
arn=[doc(allow('sqs:SendMessage',cond=cnd('ArnLike','aws:SourceArn','arn:aws:sns:*:111111111111:alerts-*')))]
c.append(case('ArnLike matches per segment','allowed',U,'sqs:SendMessage','arn:aws:sqs:us-east-1:111111111111:q',context={'aws:SourceArn':'arn:aws:sns:eu-west-1:111111111111:alerts-prod'},identity=arn))
c.append(case('ArnLike account segment must match','implicitDeny',U,'sqs:SendMessage','arn:aws:sqs:us-east-1:111111111111:q',context={'aws:SourceArn':'arn:aws:sns:eu-west-1:999999999999:alerts-prod'},identity=arn))
c.append(case('ArnEquals accepts wildcards like ArnLike','allowed',U,'sqs:SendMessage','arn:aws:sqs:us-east-1:111111111111:q',context={'aws:SourceArn':'arn:aws:sns:eu-west-1:111111111111:alerts-prod'},identity=[doc(allow('sqs:SendMessage',cond=cnd('ArnEquals','aws:SourceArn','arn:aws:sns:*:111111111111:alerts-*')))]))
c.append(case('ArnNotLike on a missing key holds','allowed',U,'sqs:SendMessage','arn:aws:sqs:us-east-1:111111111111:q',identity=[doc(allow('sqs:SendMessage',cond=cnd('ArnNotLike','aws:SourceArn','arn:aws:sns:*:*:x')))]))
c.append(case('StringNotLike on a missing key holds (AWS, unlike PMapper)','allowed',U,'s3:GetObject',OBJ,identity=[doc(allow('s3:GetObject',cond=cnd('StringNotLike','s3:prefix','secret/*')))]))
two=[doc(allow('s3:GetObject',cond={'StringEquals':{'aws:PrincipalTag/team':'red','aws:RequestedRegion':['us-east-1','eu-west-1']},'Bool':{'aws:SecureTransport':'true'}}))]
c.append(case('all operators and keys must hold, any value of a key may','allowed',U,'s3:GetObject',OBJ,principalTags={'team':'red'},context={'aws:RequestedRegion':'eu-west-1','aws:SecureTransport':'true'},identity=two))
c.append(case('one failing key fails the statement','implicitDeny',U,'s3:GetObject',OBJ,principalTags={'team':'red'},context={'aws:RequestedRegion':'eu-west-1','aws:SecureTransport':'false'},identity=two))
c.append(case('StringLike values are case-sensitive','implicitDeny',U,'s3:ListBucket','arn:aws:s3:::bkt',context={'s3:prefix':'Home/x'},identity=[doc(allow('s3:ListBucket',cond=cnd('StringLike','s3:prefix','home/*')))]))
files['02_conditions.json']=c
# ---------------- layers
l=[]
bnd=doc(allow(['s3:Get*','s3:List*']))
l.append(case('boundary intersects with identity: inside (I23)','allowed',U,'s3:GetObject',OBJ,ref='I23',identity=[doc(allow('*'))],boundary=bnd))
l.append(case('boundary intersects with identity: outside (I23)','implicitDeny',U,'s3:PutObject',OBJ,ref='I23',identity=[doc(allow('*'))],boundary=bnd))
l.append(case('boundary alone does not grant','implicitDeny',U,'s3:GetObject',OBJ,boundary=bnd))
l.append(case('deny in a boundary is explicit','explicitDeny',U,'s3:GetObject',OBJ,identity=[doc(allow('*'))],boundary=doc(allow('*'),deny('s3:GetObject',sid='BoundaryDeny')),matched=['BoundaryDeny']))
scp=[[FULL],[FULL,doc(deny('s3:*',sid='NoS3'))]]
l.append(case('SCP deny at the account level beats admin (I24)','explicitDeny',user('admin'),'s3:CreateBucket','arn:aws:s3:::new',ref='I24',matched=['NoS3'],identity=[doc(allow('*'))],scps=scp))
l.append(case('SCP without a matching deny lets identity decide (I24)','allowed',user('admin'),'ec2:RunInstances','*',ref='I24',identity=[doc(allow('*'))],scps=scp))
l.append(case('SCP level without an allow is an implicit deny','implicitDeny',user('admin'),'s3:GetObject',OBJ,identity=[doc(allow('*'))],scps=[[FULL],[doc(allow('ec2:*'))]]))
l.append(case('SCPs never grant','implicitDeny',U,'s3:GetObject',OBJ,scps=[[FULL]]))
region_scp=[[FULL,doc(deny('*',sid='OnlyEU',cond=cnd('StringNotEquals','aws:RequestedRegion',['eu-west-1','eu-central-1'])))]]
Q=f'arn:aws:sqs:eu-west-1:{A}:jobs'
l.append(case('region SCP: aws:RequestedRegion is inferred from the resource (allowed region)','allowed',U,'sqs:SendMessage',Q,identity=[doc(allow('sqs:*'))],scps=region_scp))
l.append(case('region SCP: a resource in another region is denied','explicitDeny',U,'sqs:SendMessage',f'arn:aws:sqs:us-east-1:{A}:jobs',matched=['OnlyEU'],identity=[doc(allow('sqs:*'))],scps=region_scp))
l.append(case('region SCP: a RequestedRegion given in the context wins','explicitDeny',U,'sqs:SendMessage',Q,matched=['OnlyEU'],context={'aws:RequestedRegion':'ap-south-1'},identity=[doc(allow('sqs:*'))],scps=region_scp))
l.append(case('SCPs restrict the root user','explicitDeny',f'arn:aws:iam::{A}:root','s3:GetObject',OBJ,scps=[[FULL,doc(deny('s3:*'))]]))
l.append(case('root user needs no identity policy in its account','allowed',f'arn:aws:iam::{A}:root','s3:GetObject',OBJ,scps=[[FULL]]))
l.append(case('service-linked role is not restricted by SCPs (I25)','allowed',f'arn:aws:iam::{A}:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport','s3:GetObject',OBJ,ref='I25',identity=[doc(allow('s3:*'))],scps=[[FULL,doc(deny('s3:*'))]]))
l.append(case('ordinary role is restricted by the same SCP','explicitDeny',role('app'),'s3:GetObject',OBJ,identity=[doc(allow('s3:*'))],scps=[[FULL,doc(deny('s3:*'))]]))
ses=[doc(allow('s3:GetObject'))]
l.append(case('session policy limits the role (I26)','implicitDeny',sess('R','s'),'s3:PutObject',OBJ,ref='I26',identity=[doc(allow('s3:*'))],session=ses))
l.append(case('session policy and role both allow','allowed',sess('R','s'),'s3:GetObject',OBJ,identity=[doc(allow('s3:*'))],session=ses))
l.append(case('deny in a session policy is explicit','explicitDeny',sess('R','s'),'s3:GetObject',OBJ,identity=[doc(allow('s3:*'))],session=[doc(allow('*'),deny('s3:GetObject'))]))
l.append(case('federated user without a session policy has no permissions','implicitDeny',f'arn:aws:sts::{A}:federated-user/fed','s3:GetObject',OBJ,identity=[doc(allow('*'))]))
l.append(case('federated user with a session policy gets the intersection','allowed',f'arn:aws:sts::{A}:federated-user/fed','s3:GetObject',OBJ,identity=[doc(allow('*'))],session=ses))
RF=doc(st('Allow','*','*',principal='*',sid='RCPFullAWSAccess'))
rcp=[[RF],[RF,doc(st('Deny','s3:*','*',principal='*',sid='OrgOnly',cond=cnd('StringNotEqualsIfExists','aws:PrincipalOrgID','o-abc')))]]  # every level carries RCPFullAWSAccess, as AWS attaches it by default
l.append(case('RCP denies principals outside the organization','explicitDeny',user('ext',D),'s3:GetObject',OBJ,resourceAccount=A,matched=['OrgOnly'],identity=[doc(allow('s3:*'))],resource=doc(st('Allow','s3:GetObject',OBJ,principal={'AWS':D})),rcps=rcp))
l.append(case('RCP spares principals of the organization','allowed',user('u'),'s3:GetObject',OBJ,context={'aws:PrincipalOrgID':'o-abc'},identity=[doc(allow('s3:*'))],rcps=rcp))
l.append(case('RCP does not apply to services it does not support','allowed',user('u'),'ec2:RunInstances','*',identity=[doc(allow('*'))],rcps=[[doc(st('Deny','*','*',principal='*'))]]))
l.append(case('RCP level without an allow is an implicit deny','implicitDeny',user('u'),'s3:GetObject',OBJ,identity=[doc(allow('s3:*'))],rcps=[[doc(st('Allow','sqs:*','*',principal='*'))]]))
files['03_layers.json']=l
# ---------------- resource policies
r=[]
bp=lambda principal,**kw: doc(st('Allow','s3:GetObject',OBJ,principal={'AWS':principal},sid='Bucket',**kw))
r.append(case('bucket policy naming the user allows without identity policy (I15)','allowed',U,'s3:GetObject',OBJ,ref='I15',matched=['Bucket'],resource=bp(U)))
r.append(case('bucket policy naming the role is limited by its boundary (I16)','implicitDeny',sess('R','s'),'s3:GetObject',OBJ,ref='I16',resource=bp(role('R')),boundary=doc(allow('ec2:*'))))
r.append(case('bucket policy naming the role allows without identity policy (I16)','allowed',sess('R','s'),'s3:GetObject',OBJ,ref='I16',resource=bp(role('R'))))
r.append(case('bucket policy naming the session ignores the boundary (I17)','allowed',sess('R','s'),'s3:GetObject',OBJ,ref='I17',resource=bp(sess('R','s')),boundary=doc(allow('ec2:*'))))
r.append(case('bucket policy naming the role is limited by the session policy','implicitDeny',sess('R','s'),'s3:GetObject',OBJ,resource=bp(role('R')),session=[doc(allow('ec2:*'))]))
r.append(case('bucket policy naming the session ignores the session policy','allowed',sess('R','s'),'s3:GetObject',OBJ,resource=bp(sess('R','s')),session=[doc(allow('ec2:*'))]))
r.append(case('bucket policy naming the role with a path matches the session','allowed',sess('R','s'),'s3:GetObject',OBJ,roleArn=f'arn:aws:iam::{A}:role/team/R',resource=bp(f'arn:aws:iam::{A}:role/team/R')))
kms=f'arn:aws:kms:us-east-1:{A}:key/k1'
kp=doc(st('Allow','kms:*','*',principal={'AWS':f'arn:aws:iam::{A}:root'},sid='EnableIAM'))
r.append(case('key policy naming the account needs an identity allow (I18)','implicitDeny',U,'kms:Decrypt',kms,ref='I18',resource=kp,resourceKind='kms'))
r.append(case('key policy naming the account plus identity allow (I18)','allowed',U,'kms:Decrypt',kms,ref='I18',matched=['Id','EnableIAM'],identity=[doc(allow('kms:Decrypt',sid='Id'))],resource=kp,resourceKind='kms'))
r.append(case('key policy that names nobody blocks identity allows','implicitDeny',U,'kms:Decrypt',kms,identity=[doc(allow('kms:*'))],resource=doc(st('Allow','kms:*','*',principal={'AWS':role('KeyAdmin')})),resourceKind='kms'))
r.append(case('account id and root ARN are the same principal','implicitDeny',U,'kms:Decrypt',kms,resource=doc(st('Allow','kms:*','*',principal={'AWS':A})),resourceKind='kms'))
xb=f'arn:aws:s3:::bkt222/k'
xp=doc(st('Allow','s3:GetObject',xb,principal={'AWS':A},sid='Acct111'))
r.append(case('cross-account: bucket names the account and identity allows (I19)','allowed',U,'s3:GetObject',xb,ref='I19',resourceAccount=B,identity=[doc(allow('s3:GetObject'))],resource=xp))
r.append(case('cross-account: bucket names the account but no identity allow (I19)','implicitDeny',U,'s3:GetObject',xb,ref='I19',resourceAccount=B,resource=xp))
r.append(case('cross-account: identity allow without a resource policy','implicitDeny',U,'s3:GetObject',xb,resourceAccount=B,identity=[doc(allow('s3:*'))]))
r.append(case('cross-account: naming the user still needs its identity allow','implicitDeny',U,'s3:GetObject',xb,resourceAccount=B,resource=doc(st('Allow','s3:GetObject',xb,principal={'AWS':U}))))
r.append(case('cross-account: role session via role ARN with identity allow','allowed',sess('R','s'),'s3:GetObject',xb,resourceAccount=B,identity=[doc(allow('s3:*'))],resource=doc(st('Allow','s3:GetObject',xb,principal={'AWS':role('R')}))))
r.append(case('cross-account: the caller boundary still limits','implicitDeny',sess('R','s'),'s3:GetObject',xb,resourceAccount=B,identity=[doc(allow('s3:*'))],boundary=doc(allow('ec2:*')),resource=doc(st('Allow','s3:GetObject',xb,principal={'AWS':role('R')}))))
r.append(case('cross-account: SCP of the caller account denies','explicitDeny',U,'s3:GetObject',xb,resourceAccount=B,identity=[doc(allow('s3:*'))],resource=xp,scps=[[FULL,doc(deny('s3:GetObject'))]]))
pub=doc(st('Allow','s3:GetObject','arn:aws:s3:::pub/*',principal='*',sid='Public'))
r.append(case('public bucket policy allows anonymous callers (I20)','allowed','anonymous','s3:GetObject','arn:aws:s3:::pub/k',ref='I20',matched=['Public'],resourceAccount=B,resource=pub))
r.append(case('public bucket policy: other-account user without identity allow (I20)','implicitDeny',user('u',C),'s3:GetObject','arn:aws:s3:::pub/k',ref='I20',resourceAccount=B,resource=pub))
r.append(case('public bucket policy: other-account user with identity allow','allowed',user('u',C),'s3:GetObject','arn:aws:s3:::pub/k',resourceAccount=B,identity=[doc(allow('s3:GetObject'))],resource=pub))
r.append(case('public bucket policy: same-account user without identity allow','allowed',user('u',B),'s3:GetObject','arn:aws:s3:::pub/k',resourceAccount=B,resource=pub))
r.append(case('anonymous caller without a resource policy','implicitDeny','anonymous','s3:GetObject',OBJ,resourceAccount=A))
r.append(case('resource policy deny beats identity allow','explicitDeny',U,'s3:GetObject',OBJ,matched=['NoAlice'],identity=[doc(allow('s3:*'))],resource=doc(st('Deny','s3:*','arn:aws:s3:::bkt/*',principal={'AWS':U},sid='NoAlice'))))
npd=lambda excluded: doc(st('Allow','s3:GetObject',OBJ,principal={'AWS':user('Bob',D)},sid='BobRead'), st('Deny','s3:*','arn:aws:s3:::bkt/*',notprincipal={'AWS':excluded},sid='OnlyListed'))
r.append(case('NotPrincipal deny listing only the user still denies it (I27)','explicitDeny',user('Bob',D),'s3:GetObject',OBJ,ref='I27',resourceAccount=A,matched=['OnlyListed'],identity=[doc(allow('s3:*'))],resource=npd([user('Bob',D)])))
r.append(case('NotPrincipal deny listing the user and its account spares it (I27)','allowed',user('Bob',D),'s3:GetObject',OBJ,ref='I27',resourceAccount=A,identity=[doc(allow('s3:*'))],resource=npd([user('Bob',D),f'arn:aws:iam::{D}:root'])))
r.append(case('NotPrincipal deny applies to everyone not listed','explicitDeny',user('eve',D),'s3:GetObject',OBJ,resourceAccount=A,identity=[doc(allow('s3:*'))],resource=npd([user('Bob',D),f'arn:aws:iam::{D}:root'])))
r.append(case('NotPrincipal deny listing role and account but not the session still denies it','explicitDeny',sess('R','s'),'s3:GetObject',OBJ,identity=[doc(allow('s3:*'))],resource=doc(st('Deny','s3:*','*',notprincipal={'AWS':[role('R'),f'arn:aws:iam::{A}:root']}))))
r.append(case('NotPrincipal deny listing session, role and account spares the session','allowed',sess('R','s'),'s3:GetObject',OBJ,identity=[doc(allow('s3:*'))],resource=doc(st('Deny','s3:*','*',notprincipal={'AWS':[sess('R','s'),role('R'),f'arn:aws:iam::{A}:root']}))))
sq=f'arn:aws:sqs:us-east-1:{A}:q'
qp=doc(st('Allow','sqs:SendMessage',sq,principal={'Service':'sns.amazonaws.com'},sid='FromTopic',cond=cnd('ArnEquals','aws:SourceArn',f'arn:aws:sns:us-east-1:{A}:alerts')))
r.append(case('queue policy lets a service principal send for its topic','allowed','sns.amazonaws.com','sqs:SendMessage',sq,resourceAccount=A,context={'aws:SourceArn':f'arn:aws:sns:us-east-1:{A}:alerts'},resource=qp))
r.append(case('queue policy refuses the service for another topic','implicitDeny','sns.amazonaws.com','sqs:SendMessage',sq,resourceAccount=A,context={'aws:SourceArn':f'arn:aws:sns:us-east-1:{A}:other'},resource=qp))
r.append(case('partial wildcard in a principal matches nothing','implicitDeny',U,'s3:GetObject',OBJ,resource=doc(st('Allow','s3:GetObject',OBJ,principal={'AWS':f'arn:aws:iam::{A}:user/*'}))))
files['04_resource_policies.json']=r
# ---------------- roles and escalation-relevant decisions
t=[]
R1=role('R1'); R2=role('R2')
tp=lambda principal, **kw: doc(st('Allow','sts:AssumeRole',principal=principal,sid='Trust',**kw))
t.append(case('trust naming the account needs sts:AssumeRole in identity (I21)','implicitDeny',U,'sts:AssumeRole',R1,ref='I21',resource=tp({'AWS':A}),resourceKind='trust'))
t.append(case('trust naming the account plus identity allow (I21)','allowed',U,'sts:AssumeRole',R1,ref='I21',identity=[doc(allow('sts:AssumeRole',R1))],resource=tp({'AWS':f'arn:aws:iam::{A}:root'}),resourceKind='trust'))
t.append(case('trust naming the user allows despite an empty boundary (I22)','allowed',U,'sts:AssumeRole',R1,ref='I22',boundary=doc(allow('ec2:DescribeInstances')),resource=tp({'AWS':U}),resourceKind='trust'))
t.append(case('trust not naming the caller refuses even an admin','implicitDeny',U,'sts:AssumeRole',R1,identity=[doc(allow('*'))],resource=tp({'AWS':user('bob')}),resourceKind='trust'))
t.append(case('cross-account trust plus identity allow','allowed',U,'sts:AssumeRole',role('X',B),identity=[doc(allow('sts:AssumeRole'))],resource=tp({'AWS':A}),resourceKind='trust'))
t.append(case('cross-account trust without identity allow','implicitDeny',U,'sts:AssumeRole',role('X',B),resource=tp({'AWS':A}),resourceKind='trust'))
ext=tp({'AWS':C},cond=cnd('StringEquals','sts:ExternalId','s3cr3t'))
t.append(case('trust with ExternalId and the right id','allowed',user('v',C),'sts:AssumeRole',R1,context={'sts:ExternalId':'s3cr3t'},identity=[doc(allow('sts:AssumeRole'))],resource=ext,resourceKind='trust'))
t.append(case('trust with ExternalId and no id','implicitDeny',user('v',C),'sts:AssumeRole',R1,identity=[doc(allow('sts:AssumeRole'))],resource=ext,resourceKind='trust'))
mfa=tp({'AWS':A},cond=cnd('Bool','aws:MultiFactorAuthPresent','true'))
t.append(case('trust requiring MFA without MFA','implicitDeny',U,'sts:AssumeRole',R1,identity=[doc(allow('sts:AssumeRole'))],resource=mfa,resourceKind='trust'))
t.append(case('trust requiring MFA with MFA','allowed',U,'sts:AssumeRole',R1,context={'aws:MultiFactorAuthPresent':'true'},identity=[doc(allow('sts:AssumeRole'))],resource=mfa,resourceKind='trust'))
svc=tp({'Service':'lambda.amazonaws.com'})
t.append(case('service trust admits its service','allowed','lambda.amazonaws.com','sts:AssumeRole',R1,resource=svc,resourceKind='trust'))
t.append(case('service trust refuses another service','implicitDeny','ec2.amazonaws.com','sts:AssumeRole',R1,resource=svc,resourceKind='trust'))
t.append(case('web identity trust admits its provider','allowed',sess('web','x'),'sts:AssumeRoleWithWebIdentity',R1,federatedProvider='cognito-identity.amazonaws.com',resource=doc(st('Allow','sts:AssumeRoleWithWebIdentity',principal={'Federated':'cognito-identity.amazonaws.com'})),resourceKind='trust'))
t.append(case('chain first hop: user assumes R1 (I33)','allowed',U,'sts:AssumeRole',R1,ref='I33',resource=tp({'AWS':U}),resourceKind='trust'))
t.append(case('chain second hop: R1 session assumes R2 (I33)','allowed',sess('R1','alice'),'sts:AssumeRole',R2,ref='I33',resource=tp({'AWS':R1}),resourceKind='trust'))
t.append(case('chain shortcut: user cannot assume R2 directly (I33)','implicitDeny',U,'sts:AssumeRole',R2,ref='I33',identity=[doc(allow('sts:AssumeRole'))],resource=tp({'AWS':R1}),resourceKind='trust'))
t.append(case('SCP deny of AssumeRole beats a trust naming the user','explicitDeny',U,'sts:AssumeRole',R1,resource=tp({'AWS':U}),resourceKind='trust',scps=[[FULL,doc(deny('sts:AssumeRole'))]]))
esc=[doc(st('Allow',notaction=['iam:Update*','iam:Create*','iam:Attach*'],resource='*'))]
t.append(case('NotAction list leaves PutUserPolicy allowed (I31)','allowed',U,'iam:PutUserPolicy',U,ref='I31',identity=esc))
t.append(case('NotAction list excludes CreateUser (I31)','implicitDeny',U,'iam:CreateUser',user('new'),ref='I31',identity=esc))
att=[doc(allow('iam:AttachUserPolicy',U,cond=cnd('ArnEquals','iam:PolicyARN','arn:aws:iam::aws:policy/ReadOnlyAccess')))]
t.append(case('AttachUserPolicy limited to ReadOnlyAccess refuses admin (I30)','implicitDeny',U,'iam:AttachUserPolicy',U,ref='I30',context={'iam:PolicyARN':'arn:aws:iam::aws:policy/AdministratorAccess'},identity=att))
t.append(case('AttachUserPolicy limited to ReadOnlyAccess allows it (I30)','allowed',U,'iam:AttachUserPolicy',U,ref='I30',context={'iam:PolicyARN':'arn:aws:iam::aws:policy/ReadOnlyAccess'},identity=att))
cpv=lambda op: [doc(allow('iam:CreatePolicyVersion',f'arn:aws:iam::{A}:policy/*',cond=cnd(op,'aws:TokenIssueTime','2020-01-01')))]
t.append(case('CreatePolicyVersion with TokenIssueTime after 2020 (I32)','allowed',U,'iam:CreatePolicyVersion',f'arn:aws:iam::{A}:policy/mine',ref='I32',context={'aws:TokenIssueTime':'2026-11-21T07:00:00Z'},identity=cpv('DateGreaterThan')))
t.append(case('CreatePolicyVersion with TokenIssueTime before 2020 (I32)','implicitDeny',U,'iam:CreatePolicyVersion',f'arn:aws:iam::{A}:policy/mine',ref='I32',context={'aws:TokenIssueTime':'2026-11-21T07:00:00Z'},identity=cpv('DateLessThan')))
t.append(case('customer policy pattern does not cover AWS managed policies (I29)','implicitDeny',U,'iam:CreatePolicyVersion','arn:aws:iam::aws:policy/AdministratorAccess',ref='I29',identity=[doc(allow('iam:CreatePolicyVersion',f'arn:aws:iam::{A}:policy/*'))]))
pr=[doc(allow('iam:PassRole',R1,cond=cnd('StringEquals','iam:PassedToService','lambda.amazonaws.com')))]
t.append(case('PassRole limited to Lambda passes to Lambda (I28)','allowed',U,'iam:PassRole',R1,ref='I28',context={'iam:PassedToService':'lambda.amazonaws.com'},identity=pr))
t.append(case('PassRole limited to Lambda refuses EC2 (I28)','implicitDeny',U,'iam:PassRole',R1,ref='I28',context={'iam:PassedToService':'ec2.amazonaws.com'},identity=pr))
files['05_roles.json']=t
total=0
for name, cases in files.items():
    with open(os.path.join(OUT,name),'w') as f:
        json.dump(cases,f,indent=1); f.write('\n')
    total+=len(cases)
print(total)
