#!/usr/bin/env bash
# `classify discover rds` against a local HTTPS endpoint (tests/discover/
# fake_aws.py, 127.0.0.1 only) serving the RDS Query API's documented XML,
# which checks each request's SigV4 signature itself; then every link of the
# credential chain, in order: environment, shared files with a profile, web
# identity through a fake STS, the ECS container endpoint with its token,
# IMDSv2 with its token PUT. No real AWS account is involved.
. "$(dirname "$0")/../setup.sh"
. "$top_srcdir/tests/db/lib.sh"
command -v openssl >/dev/null || { echo "openssl absent"; exit 77; }

make_certs "$TMP/certs" || { echo "not ok - openssl could not make test certificates"; exit 1; }
REGION=eu-west-3
HTTPS_PORT=$(free_port); HTTP_PORT=$(free_port)
LOG="$TMP/aws.log"
/usr/bin/python3 "$top_srcdir/tests/discover/fake_aws.py" "$HTTPS_PORT" "$HTTP_PORT" \
  "$TMP/certs/server.crt" "$TMP/certs/server.key" "$LOG" "$REGION" 2>"$TMP/server.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do grep -q READY "$LOG" 2>/dev/null && break; sleep 0.1; done
grep -q READY "$LOG" || { cat "$TMP/server.err"; echo "not ok - the fake AWS endpoint did not start"; exit 1; }

# Nothing from the caller's environment: no proxy, no ~/.aws, no metadata
# service off loopback (IMDS is pointed at 127.0.0.1 where it is tested).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy AWS_CA_BUNDLE
for v in $(env | grep -o '^AWS_[A-Z_]*'); do unset "$v"; done
export AWS_SHARED_CREDENTIALS_FILE="$TMP/none" AWS_CONFIG_FILE="$TMP/none" \
  AWS_EC2_METADATA_DISABLED=true
URL="https://127.0.0.1:$HTTPS_PORT/"
DISCOVER=("$CLASSIFY" discover rds --region "$REGION" --endpoint-url "$URL"
          --ssl-ca "$TMP/certs/ca.crt")
discover() { "${DISCOVER[@]}" "$@"; }
# signed_with KEY: the last RDS request was signed (and verified) with KEY.
signed_with() { grep '^RDS ' "$LOG" | tail -1 | grep -q "key=$1 .*OK$"; }
y() { /usr/bin/python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

# ---- the listing, with environment credentials ---------------------------------
: >"$LOG.mark"
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=env/secret \
  discover --tag env=prod -o "$TMP/inv.yaml" 2>"$TMP/err"
check "discover rds with environment credentials succeeds" [ $? -eq 0 ]
check "the requests were SigV4-signed for $REGION/rds and verified by the endpoint" \
  grep -q "^RDS DescribeDBInstances marker=- key=AKIDENV version=2014-10-31 OK$" "$LOG"
check "the second page was asked for with the Marker of the first" \
  grep -q "^RDS DescribeDBInstances marker=page2+/= key=AKIDENV .*OK$" "$LOG"
check "Aurora clusters listed too (DescribeDBClusters)" \
  grep -q "^RDS DescribeDBClusters marker=- key=AKIDENV .*OK$" "$LOG"
check "inventory file is mode 0600" [ "$(stat -c %a "$TMP/inv.yaml")" = 600 ]
check "tag filter env=prod: billing-pg, legacy-my and the shop cluster (members folded, dev-pg out)" \
  [ "$(y "$TMP/inv.yaml" '[t["name"] for t in d["targets"]]')" = "['billing-pg', 'legacy-my', 'shop']" ]
check "an instance's entry: engine, host, port, database, region, IAM, encryption, exposure, CA" \
  [ "$(y "$TMP/inv.yaml" 'd["targets"][0]')" = "{'name': 'billing-pg', 'kind': 'instance', 'engine': 'postgres', 'host': 'billing-pg.abc.$REGION.rds.amazonaws.com', 'port': 5432, 'database': 'billing', 'region': '$REGION', 'iam_auth': True, 'storage_encrypted': True, 'publicly_accessible': False, 'ca_identifier': 'rds-ca-rsa2048-g1'}" ]
check "publicly accessible and unencrypted storage recorded (the exposure keys)" \
  [ "$(y "$TMP/inv.yaml" '[d["targets"][1][k] for k in ("publicly_accessible", "storage_encrypted", "iam_auth")]')" = "[True, False, False]" ]
check "the Aurora cluster: writer endpoint, public because a member is, the member's CA" \
  [ "$(y "$TMP/inv.yaml" '[d["targets"][2][k] for k in ("kind", "engine", "host", "port", "publicly_accessible", "ca_identifier")]')" = "['cluster', 'aurora-mysql', 'shop.cluster-abc.$REGION.rds.amazonaws.com', 3306, True, 'rds-ca-ecc384-g1']" ]
check "an engine classify cannot scan is left out, named in a comment" \
  grep -q '^#   "erp-ora" (instance): engine is not PostgreSQL, MySQL or MariaDB' "$TMP/inv.yaml"
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=env/secret \
  discover --tag env=qa -o "$TMP/qa.yaml" 2>/dev/null
check "an endpoint address that is no host name is left out, named in a comment" \
  sh -c "grep -q '^#   \"odd-host\" (instance): the endpoint address is not a host name' '$TMP/qa.yaml' && ! grep -q 'evil' '$TMP/qa.yaml'"
check "stderr counts the endpoints written" grep -q "3 database endpoints written" "$TMP/err"

AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=env/secret \
  discover --tag env=dev --tag team=nobody -o "$TMP/none.yaml" 2>"$TMP/err"
check "tag filters must all match (env=dev and team=nobody: none, an empty list)" \
  [ "$(y "$TMP/none.yaml" 'd["targets"]')" = "[]" ]
check "... and a warning saying nothing matched" grep -q "warning: no database endpoint" "$TMP/err"
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=env/secret \
  discover --iam-user scanner -o "$TMP/all.yaml" 2>/dev/null
check "without a tag filter: every scannable endpoint; quotes in a database name survive" \
  [ "$(y "$TMP/all.yaml" '[t["name"] for t in d["targets"]], d["targets"][2]["database"], d["defaults"]')" = "(['billing-pg', 'legacy-my', 'dev-pg', 'shop'], 'we\"ird', {'iam': {'region': '$REGION', 'user': 'scanner'}})" ]

# The inventory is what `scan --targets FILE.yaml` reads (classify/sources/
# inventory.c): only its keys, and each target with engine, host and port.
check "every key is one the inventory reader accepts" /usr/bin/python3 -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
assert set(d) <= {"version", "defaults", "targets"} and d["version"] == 1
ok = {"name", "kind", "engine", "host", "port", "database", "region", "iam_auth",
      "storage_encrypted", "publicly_accessible", "ca_identifier"}
for t in d["targets"]:
    assert set(t) <= ok, set(t) - ok
    assert t["engine"] and t["host"] and 0 < t["port"] < 65536
    assert any(e in t["engine"] for e in ("postgres", "mysql", "mariadb"))
' "$TMP/all.yaml"

# ---- refusals ------------------------------------------------------------------
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=wrong/secret discover -o "$TMP/x.yaml" 2>"$TMP/err"
rc=$?
check "a wrong secret: the endpoint's SignatureDoesNotMatch, exit 1, no inventory" \
  [ $rc -eq 1 -a ! -e "$TMP/x.yaml" ]
check "... and the error names the action and AWS's code" \
  grep -q "RDS DescribeDBInstances ($REGION): SignatureDoesNotMatch" "$TMP/err"
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=env/secret \
  discover --ssl-ca "$TMP/certs/wrong.crt" -o "$TMP/x.yaml" 2>"$TMP/err"
check "an endpoint whose certificate the CA does not vouch for is refused" \
  [ $? -eq 1 -a ! -e "$TMP/x.yaml" ]
check "no secret in any error message" sh -c "! grep -q 'env/secret\|wrong/secret' '$TMP/err'"
AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=env/secret \
  "$CLASSIFY" discover rds -o "$TMP/x.yaml" 2>"$TMP/err"
rc=$?
check "no region: usage error, exit 1" [ $rc -eq 1 ]
check "... naming --region" grep -q "missing --region" "$TMP/err"
"$CLASSIFY" discover rds --region "$REGION" --tag novalue -o "$TMP/x.yaml" 2>"$TMP/err"
check "--tag without '=': usage error naming it" grep -q "novalue" "$TMP/err"
AWS_ACCESS_KEY_ID=AKIDENV discover -o "$TMP/x.yaml" 2>"$TMP/err"
check "half the environment pair: error naming the missing variable" \
  grep -q "AWS_SECRET_ACCESS_KEY is not" "$TMP/err"
discover -o "$TMP/x.yaml" 2>"$TMP/err"
rc=$?
check "no credentials anywhere (IMDS disabled): exit 1" [ $rc -eq 1 ]
check "... and the error names the chain" grep -q "no AWS credentials" "$TMP/err"

# ---- the chain, link by link ---------------------------------------------------
cat >"$TMP/credentials" <<'INI'
[default]
aws_access_key_id = AKIDFILE
aws_secret_access_key = file/secret
# the scanner's own profile
[scanner]
aws_access_key_id=AKIDPROFILE
aws_secret_access_key=profile/secret
INI
cat >"$TMP/config" <<'INI'
[default]
region = eu-west-3
[profile audit]
aws_access_key_id = AKIDCONFIG
aws_secret_access_key = config/secret
INI
FILES="AWS_SHARED_CREDENTIALS_FILE=$TMP/credentials AWS_CONFIG_FILE=$TMP/config"
env $FILES AWS_ACCESS_KEY_ID=AKIDENV AWS_SECRET_ACCESS_KEY=env/secret "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "1. environment beats the shared files" signed_with AKIDENV
env $FILES "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "2. the shared credentials file, profile default" signed_with AKIDFILE
env $FILES AWS_PROFILE=scanner "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "2. AWS_PROFILE selects a profile of the credentials file" signed_with AKIDPROFILE
env $FILES AWS_PROFILE=audit "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "2. ... or a [profile NAME] of the config file" signed_with AKIDCONFIG
env $FILES AWS_PROFILE=nosuch "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>"$TMP/err"
check "2. an AWS_PROFILE that exists nowhere: an error naming it" grep -q "AWS_PROFILE=nosuch: no such profile" "$TMP/err"

printf 'eyJ.test-web-identity.token\n' >"$TMP/web-token"
printf 'eyJ.stolen\n' >"$TMP/bad-token"
WEB="AWS_WEB_IDENTITY_TOKEN_FILE=$TMP/web-token AWS_ROLE_ARN=arn:aws:iam::123456789012:role/classify AWS_ROLE_SESSION_NAME=quarterly AWS_ENDPOINT_URL_STS=$URL AWS_CA_BUNDLE=$TMP/certs/ca.crt"
ECS="AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:$HTTP_PORT/ecs-creds AWS_CONTAINER_AUTHORIZATION_TOKEN=ecs-auth-token-123"
IMDS="AWS_EC2_METADATA_DISABLED=false AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$HTTP_PORT/"
env $FILES $WEB $ECS $IMDS "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "the shared files beat web identity, ECS and IMDS" signed_with AKIDFILE
env $WEB $ECS $IMDS "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "3. web identity through STS AssumeRoleWithWebIdentity (signed with its session token)" signed_with AKIDWEB
check "3. STS got the role, the session name and the token" \
  grep -q "^STS AssumeRoleWithWebIdentity role=arn:aws:iam::123456789012:role/classify session=quarterly OK$" "$LOG"
env $WEB AWS_WEB_IDENTITY_TOKEN_FILE="$TMP/bad-token" $ECS "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>"$TMP/err"
check "3. STS refusing the token stops the chain with its error (no fall-through to ECS)" \
  grep -q "AccessDenied" "$TMP/err"
env $ECS $IMDS "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "4. the ECS container endpoint with its authorization token" signed_with AKIDECS
env $ECS AWS_CONTAINER_AUTHORIZATION_TOKEN=wrong "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>"$TMP/err"
check "4. a wrong container token: an error, exit 1" grep -q "ECS container credentials endpoint: HTTP 401" "$TMP/err"
env AWS_CONTAINER_CREDENTIALS_FULL_URI=http://192.0.2.1/creds "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>"$TMP/err"
check "4. plain http to a non-loopback, non-ECS address is refused before any request" \
  grep -q "plain http only to loopback" "$TMP/err"
: >"$LOG"
env $IMDS "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "5. IMDSv2 role credentials" signed_with AKIDIMDS
check "5. IMDSv2: the session token PUT first, every GET carries it" \
  sh -c "grep '^IMDS' '$LOG' | head -1 | grep -q 'PUT /latest/api/token ttl=21600' && ! grep -q 'token=no' '$LOG'"
: >"$LOG"
env AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:$HTTP_PORT/ "${DISCOVER[@]}" -o "$TMP/c.yaml" 2>/dev/null
check "5. AWS_EC2_METADATA_DISABLED=true: IMDS never asked" sh -c "! grep -q '^IMDS' '$LOG'"

# ---- the same chain signs RDS IAM tokens (scan --iam-auth) ---------------------
# Nothing listens on the port: the token is made (from IMDS here) before the
# connection is tried, and the connection then fails.
NOBODY=$(free_port)
for scheme in postgresql mysql; do
  : >"$LOG"
  env $IMDS "$CLASSIFY" scan --quiet --iam-auth --ssl-ca "$TMP/certs/ca.crt" --region "$REGION" \
    -o "$TMP/iam-$scheme.json" "$scheme://scanner@127.0.0.1:$NOBODY/app" 2>"$TMP/err"
  check "scan --iam-auth ($scheme) takes its credentials from the same chain (IMDSv2 here)" \
    grep -q "^IMDS GET /latest/meta-data/iam/security-credentials/scanner-role token=yes" "$LOG"
done
finish
