"""deploy/aws/shiftsync.yml: what the linter cannot know.

The linter (ctest cfn_lint) checks names, types and references. These tests check the promises the
template makes: who may reach whom, a private bucket, IMDSv2, a token key the real binary accepts,
user data that is valid shell, and that the lint really fails a broken template.
Run by ctest (deploy.template) with SHIFTSYNC_BINARY naming the binary under test.
"""
import os
import pathlib
import random
import re
import string
import subprocess

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy/aws/shiftsync.yml"
BINARY = os.environ.get("SHIFTSYNC_BINARY", str(ROOT / "build/shiftsync"))


class CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation's short forms (!Ref X) as their long forms ({"Ref": "X"})."""


def _construct_tag(loader, suffix, node):
    name = "Ref" if suffix == "Ref" else "Fn::" + suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CfnLoader.add_multi_constructor("!", _construct_tag)


@pytest.fixture(scope="module")
def template():
    return yaml.load(TEMPLATE.read_text(), Loader=CfnLoader)


def resources_of_type(template, kind):
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def test_only_the_load_balancer_reaches_the_servers_and_only_they_the_database(template):
    groups = resources_of_type(template, "AWS::EC2::SecurityGroup")
    ingress = {name: g["Properties"].get("SecurityGroupIngress", []) for name, g in groups.items()}

    assert {(r["FromPort"], r["CidrIp"]) for r in ingress["LoadBalancerSecurityGroup"]} == {
        (80, "0.0.0.0/0"), (443, "0.0.0.0/0")}
    assert [(r["FromPort"], r["ToPort"], r["SourceSecurityGroupId"]) for r in ingress["ServerSecurityGroup"]] == [
        (8080, 8080, {"Ref": "LoadBalancerSecurityGroup"})]
    assert ingress["WorkerSecurityGroup"] == []
    assert sorted((r["FromPort"], r["SourceSecurityGroupId"]["Ref"]) for r in ingress["DatabaseSecurityGroup"]) == [
        (5432, "ServerSecurityGroup"), (5432, "WorkerSecurityGroup")]
    # Nothing else opens ports: no SSH, no stand-alone ingress resources.
    assert not resources_of_type(template, "AWS::EC2::SecurityGroupIngress")
    database = template["Resources"]["Database"]["Properties"]
    assert database["PubliclyAccessible"] is False
    assert database["VPCSecurityGroups"] == [{"Ref": "DatabaseSecurityGroup"}]
    assert database["StorageEncrypted"] is True


def test_servers_workers_and_database_sit_in_the_private_subnets(template):
    private = [{"Ref": "PrivateSubnetA"}, {"Ref": "PrivateSubnetB"}]
    for group in resources_of_type(template, "AWS::AutoScaling::AutoScalingGroup").values():
        assert group["Properties"]["VPCZoneIdentifier"] == private
    assert template["Resources"]["DatabaseSubnets"]["Properties"]["SubnetIds"] == private
    routes = template["Resources"]["PrivateDefaultRoute"]["Properties"]
    assert routes["NatGatewayId"] == {"Ref": "NatGateway"} and "GatewayId" not in routes
    for subnet in ("PrivateSubnetA", "PrivateSubnetB"):
        assert "MapPublicIpOnLaunch" not in template["Resources"][subnet]["Properties"]


def test_the_picture_bucket_is_private_encrypted_and_tls_only(template):
    bucket = template["Resources"]["PictureBucket"]["Properties"]
    assert set(bucket["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"]
    [statement] = template["Resources"]["PictureBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_the_instance_role_reads_its_secret_and_touches_only_pictures(template):
    [policy] = template["Resources"]["InstanceRole"]["Properties"]["Policies"]
    grants = {tuple(sorted([s["Action"]] if isinstance(s["Action"], str) else s["Action"])): s["Resource"]
              for s in policy["PolicyDocument"]["Statement"]}
    assert all(s["Effect"] == "Allow" for s in policy["PolicyDocument"]["Statement"])
    assert grants[("secretsmanager:GetSecretValue",)] == {"Ref": "AppSecret"}
    assert grants[("s3:DeleteObject", "s3:GetObject", "s3:PutObject")] == {"Fn::Sub": "${PictureBucket.Arn}/pictures/*"}
    assert "*" not in str(grants[("s3:GetObject",)]).replace("/*", "")
    assert "ManagedPolicyArns" not in template["Resources"]["InstanceRole"]["Properties"]


def test_launch_templates_require_imdsv2_one_hop(template):
    templates = resources_of_type(template, "AWS::EC2::LaunchTemplate")
    assert len(templates) == 2
    for launch in templates.values():
        options = launch["Properties"]["LaunchTemplateData"]["MetadataOptions"]
        assert options == {"HttpTokens": "required", "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 1}


def generated_token_key_spec(template):
    spec = template["Resources"]["AppSecret"]["Properties"]["GenerateSecretString"]
    assert spec["GenerateStringKey"] == "token_key"
    # Secrets Manager's alphabet with punctuation and spaces excluded: letters and digits only.
    assert spec["ExcludePunctuation"] is True and not spec.get("IncludeSpace", False)
    for option in ("ExcludeNumbers", "ExcludeUppercase", "ExcludeLowercase", "ExcludeCharacters"):
        assert option not in spec
    return spec["PasswordLength"]


def migrate_with_keys(keys, tmp_path):
    env = {"PATH": os.environ["PATH"], "SHIFTSYNC_TOKEN_KEY": ",".join(keys)}
    return subprocess.run([BINARY, "migrate", "--data-dir", str(tmp_path / "data")], env=env,
                          capture_output=True, text=True, timeout=60)


def test_the_generated_token_key_is_one_the_binary_accepts(template, tmp_path):
    length = generated_token_key_spec(template)
    alphabet = string.ascii_letters + string.digits
    rng = random.Random(7)
    # Edge cases of the alphabet (all 'A' decodes to zero bytes, '9' and 'z' to high bits) and random keys.
    keys = ["A" * length, "z" * length, "9" * length] + [
        "".join(rng.choice(alphabet) for _ in range(length)) for _ in range(50)]
    result = migrate_with_keys(keys, tmp_path)
    assert result.returncode == 0, result.stderr
    # The control: one letter fewer, ending in 'z' (low bits set), is not canonical base64.
    result = migrate_with_keys([keys[3][:length - 2] + "z"], tmp_path)
    assert result.returncode == 2 and "token" in result.stderr.lower(), result.stderr


def user_data_scripts(template):
    for name, launch in resources_of_type(template, "AWS::EC2::LaunchTemplate").items():
        text, _variables = launch["Properties"]["LaunchTemplateData"]["UserData"]["Fn::Base64"]["Fn::Sub"]
        yield name, re.sub(r"\$\{[A-Za-z0-9:.]+\}", "placeholder", text)


@pytest.mark.parametrize("name", ["ServerLaunchTemplate", "WorkerLaunchTemplate"])
def test_user_data_is_valid_shell_that_hands_over_to_bootstrap(template, name):
    script = dict(user_data_scripts(template))[name]
    subprocess.run(["bash", "-n"], input=script, text=True, check=True)
    subprocess.run(["shellcheck", "--shell=bash", "-"], input=script, text=True, check=True)
    role = "serve" if name.startswith("Server") else "worker"
    assert f"ROLE={role} " in script
    assert script.rstrip().endswith("/usr/local/share/shiftsync/aws/bootstrap.sh")


def test_shell_scripts_pass_shellcheck():
    scripts = [ROOT / "deploy/aws/bootstrap.sh", ROOT / "scripts/package.sh", ROOT / "scripts/lint-cfn.sh"]
    subprocess.run(["shellcheck", *map(str, scripts)], check=True)


BROKEN = [
    ("SubnetIds: [!Ref PrivateSubnetA", "SubnetIds: [!Ref PrivateSubnetZ", "PrivateSubnetZ does not exist"),
    ("HttpTokens: required", "HttpToken: required", "HttpToken is not a valid property"),
    ("!GetAtt InstanceProfile.Arn", "!GetAtt InstanceProfile.Nope", "No such attribute Nope"),
    ("Type: AWS::RDS::DBSubnetGroup", "Type: AWS::RDS::DBSubnetGroupz", "invalid Type"),
    ("HealthCheckGracePeriod: 600", "HealthCheckGracePeriod: [600]", "Expecting an integer"),
    ("DependsOn: PublicDefaultRoute", "DependsOn: PublicDefaultRoutez", "no resource named PublicDefaultRoutez"),
    ("Condition: HasCertificate", "Condition: HasCertificat", "no condition named HasCertificat"),
    ("SecureCookies: !If [HasCertificate", "SecureCookies: !If [NoSuchCondition", "no condition named NoSuch"),
    ("      MinSize: !Ref ServerCount\n", "      MinSize: !Ref ServerCount\n      MinSize: 3\n", "duplicated"),
]


@pytest.mark.parametrize("original,broken,expected", BROKEN, ids=[b[2] for b in BROKEN])
def test_the_lint_fails_a_broken_template(tmp_path, original, broken, expected):
    text = TEMPLATE.read_text()
    assert original in text
    copy = tmp_path / "broken.yml"
    copy.write_text(text.replace(original, broken, 1))
    result = subprocess.run([str(ROOT / "scripts/lint-cfn.sh"), str(copy)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout, result.stdout
