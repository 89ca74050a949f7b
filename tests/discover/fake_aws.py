#!/usr/bin/env python3
"""A local stand-in for the AWS endpoints `classify discover rds` talks to,
on 127.0.0.1 only: the RDS Query API (DescribeDBInstances and
DescribeDBClusters, Version 2014-10-31, in the documented XML, two pages of
instances joined by a Marker) and STS AssumeRoleWithWebIdentity over HTTPS;
the ECS container credentials endpoint and IMDSv2 over plain HTTP, as on
AWS. Every RDS request's SigV4 signature is recomputed here from the
secret of the access key it names (the scope must say the region asked
for and the service `rds`); a wrong one gets the 403 SignatureDoesNotMatch
error AWS sends. Each request is logged, one line, to the log file.

  fake_aws.py HTTPS_PORT HTTP_PORT CERT KEY LOG REGION
"""
import hashlib
import hmac
import json
import ssl
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HTTPS_PORT, HTTP_PORT, CERT, KEY, LOG, REGION = sys.argv[1:7]
HTTPS_PORT, HTTP_PORT = int(HTTPS_PORT), int(HTTP_PORT)

# One identity per link of the chain: the access key in the log says which
# link signed. Test values only.
SECRETS = {
    "AKIDENV": "env/secret", "AKIDFILE": "file/secret", "AKIDPROFILE": "profile/secret",
    "AKIDCONFIG": "config/secret", "AKIDWEB": "web/secret", "AKIDECS": "ecs/secret",
    "AKIDIMDS": "imds/secret",
}
SESSION = {"AKIDWEB": "web-session", "AKIDECS": "ecs-session", "AKIDIMDS": "imds-session"}
WEB_TOKEN = "eyJ.test-web-identity.token"
ECS_AUTH = "ecs-auth-token-123"
IMDS_TOKEN = "imds-session-token-xyz"
NS = 'xmlns="http://rds.amazonaws.com/doc/2014-10-31/"'
lock = threading.Lock()


def log(line):
    with lock, open(LOG, "a") as f:
        f.write(line + "\n")


def tags(pairs):
    return "<TagList>" + "".join(
        f"<Tag><Key>{k}</Key><Value>{v}</Value></Tag>" for k, v in pairs) + "</TagList>"


def instance(ident, engine, host, port, db, iam, enc, public, ca, tag_pairs, cluster=None):
    parts = [f"<DBInstanceIdentifier>{ident}</DBInstanceIdentifier>",
             f"<DBInstanceClass>db.t3.micro</DBInstanceClass><Engine>{engine}</Engine>",
             "<DBInstanceStatus>available</DBInstanceStatus>"]
    if host:
        parts.append(f"<Endpoint><Address>{host}</Address><Port>{port}</Port>"
                     "<HostedZoneId>Z2R2ITUGPM61AM</HostedZoneId></Endpoint>")
    if db:
        parts.append(f"<DBName>{db}</DBName>")
    if cluster:
        parts.append(f"<DBClusterIdentifier>{cluster}</DBClusterIdentifier>")
    parts.append(f"<PubliclyAccessible>{public}</PubliclyAccessible>"
                 f"<StorageEncrypted>{enc}</StorageEncrypted>"
                 f"<CACertificateIdentifier>{ca}</CACertificateIdentifier>"
                 f"<IAMDatabaseAuthenticationEnabled>{iam}</IAMDatabaseAuthenticationEnabled>")
    parts.append(tags(tag_pairs))
    return "<DBInstance>" + "".join(parts) + "</DBInstance>"


PAGE1 = [
    instance("billing-pg", "postgres", f"billing-pg.abc.{REGION}.rds.amazonaws.com", 5432,
             "billing", "true", "true", "false", "rds-ca-rsa2048-g1",
             [("env", "prod"), ("team", "billing")]),
    instance("legacy-my", "mysql", f"legacy-my.abc.{REGION}.rds.amazonaws.com", 3306, None,
             "false", "false", "true", "rds-ca-2019", [("env", "prod")]),
]
PAGE2 = [
    instance("erp-ora", "oracle-ee", f"erp-ora.abc.{REGION}.rds.amazonaws.com", 1521, "ORCL",
             "false", "true", "false", "rds-ca-rsa2048-g1", [("env", "prod")]),
    instance("shop-1", "aurora-mysql", f"shop-1.abc.{REGION}.rds.amazonaws.com", 3306, None,
             "true", "false", "true", "rds-ca-ecc384-g1", [("env", "prod")], cluster="shop"),
    instance("dev-pg", "postgres", f"dev-pg.abc.{REGION}.rds.amazonaws.com", 5432,
             'we"ird', "false", "true", "false", "rds-ca-rsa2048-g1", [("env", "dev")]),
    instance("odd-host", "postgres", "user@evil.example/x", 5432, None, "false", "true",
             "false", "rds-ca-rsa2048-g1", [("env", "qa")]),
]
CLUSTERS = [
    "<DBCluster><DBClusterIdentifier>shop</DBClusterIdentifier><Engine>aurora-mysql</Engine>"
    f"<Endpoint>shop.cluster-abc.{REGION}.rds.amazonaws.com</Endpoint>"
    f"<ReaderEndpoint>shop.cluster-ro-abc.{REGION}.rds.amazonaws.com</ReaderEndpoint>"
    "<Port>3306</Port><DatabaseName>shop</DatabaseName>"
    "<IAMDatabaseAuthenticationEnabled>true</IAMDatabaseAuthenticationEnabled>"
    "<StorageEncrypted>false</StorageEncrypted>"
    "<DBClusterMembers><DBClusterMember><DBInstanceIdentifier>shop-1</DBInstanceIdentifier>"
    "<IsClusterWriter>true</IsClusterWriter></DBClusterMember></DBClusterMembers>"
    + tags([("env", "prod"), ("team", "shop")]) + "</DBCluster>",
]


def rds_response(action, marker, items):
    kind = "DBInstances" if action == "DescribeDBInstances" else "DBClusters"
    m = f"<Marker>{marker}</Marker>" if marker else ""
    return (f'<{action}Response {NS}><{action}Result>{m}<{kind}>{"".join(items)}</{kind}>'
            f"</{action}Result><ResponseMetadata><RequestId>7f0b0a2c-0000-4000-8000-"
            f"000000000001</RequestId></ResponseMetadata></{action}Response>")


def error_xml(code, message):
    return (f'<ErrorResponse {NS}><Error><Type>Sender</Type><Code>{code}</Code>'
            f"<Message>{message}</Message></Error><RequestId>x</RequestId></ErrorResponse>")


def sigv4_check(h, body):
    """Recomputes the signature; returns (access key, None) or (key, why)."""
    auth = h.headers.get("Authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return None, "no SigV4 Authorization header"
    fields = dict(p.strip().split("=", 1) for p in auth[17:].split(","))
    akid, date, region, service, term = fields["Credential"].split("/")
    if region != REGION or service != "rds" or term != "aws4_request":
        return akid, f"credential scope {region}/{service}/{term}"
    names = fields["SignedHeaders"].split(";")
    if "host" not in names or "x-amz-date" not in names:
        return akid, "host and x-amz-date must be signed"
    if akid in SESSION and h.headers.get("X-Amz-Security-Token") != SESSION[akid]:
        return akid, "missing or wrong session token"
    canon = "".join(f"{n}:{' '.join(h.headers.get(n, '').split())}\n" for n in names)
    creq = "\n".join(["POST", "/", "", canon, fields["SignedHeaders"],
                      hashlib.sha256(body).hexdigest()])
    amz_date = h.headers.get("X-Amz-Date", "")
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, f"{date}/{region}/{service}/aws4_request",
                     hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + SECRETS.get(akid, "?")).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    want = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    if akid not in SECRETS or not hmac.compare_digest(want, fields["Signature"]):
        return akid, "signature mismatch"
    return akid, None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def reply(self, status, body, ctype="text/xml"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        form = dict(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
        action = form.get("Action", "")
        if action == "AssumeRoleWithWebIdentity":
            return self.sts(form)
        akid, why = sigv4_check(self, body)
        log(f"RDS {action} marker={form.get('Marker', '-')} key={akid} "
            f"version={form.get('Version')} {'OK' if not why else 'REFUSED ' + why}")
        if why:
            return self.reply(403, error_xml("SignatureDoesNotMatch", why))
        if action == "DescribeDBInstances":
            first = form.get("Marker") is None
            return self.reply(200, rds_response(action, "page2+/=" if first else None,
                                                PAGE1 if first else PAGE2))
        if action == "DescribeDBClusters":
            return self.reply(200, rds_response(action, None, CLUSTERS))
        return self.reply(400, error_xml("InvalidAction", action))

    def sts(self, form):
        ok = form.get("WebIdentityToken") == WEB_TOKEN and form.get("RoleArn", "").startswith(
            "arn:aws:iam::")
        log(f"STS AssumeRoleWithWebIdentity role={form.get('RoleArn')} "
            f"session={form.get('RoleSessionName')} {'OK' if ok else 'REFUSED'}")
        if not ok:
            return self.reply(403, error_xml("AccessDenied", "Not authorized to perform "
                                             "sts:AssumeRoleWithWebIdentity").replace(
                                                 "rds.amazonaws.com/doc/2014-10-31",
                                                 "sts.amazonaws.com/doc/2011-06-15"))
        return self.reply(200, (
            '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
            "<AssumeRoleWithWebIdentityResult><Credentials><SessionToken>web-session"
            "</SessionToken><SecretAccessKey>web/secret</SecretAccessKey>"
            "<Expiration>2030-01-01T00:00:00Z</Expiration><AccessKeyId>AKIDWEB</AccessKeyId>"
            "</Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>"))

    def do_PUT(self):
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds")
        log(f"IMDS PUT {self.path} ttl={ttl}")
        if self.path == "/latest/api/token" and ttl:
            return self.reply(200, IMDS_TOKEN, "text/plain")
        return self.reply(400, "", "text/plain")

    def do_GET(self):
        if self.path == "/ecs-creds":
            ok = self.headers.get("Authorization") == ECS_AUTH
            log(f"ECS GET {'OK' if ok else 'REFUSED'}")
            if not ok:
                return self.reply(401, "{}", "application/json")
            return self.reply(200, json.dumps({"AccessKeyId": "AKIDECS", "SecretAccessKey":
                                               "ecs/secret", "Token": "ecs-session",
                                               "Expiration": "2030-01-01T00:00:00Z"}),
                              "application/json")
        tok = self.headers.get("X-aws-ec2-metadata-token")
        log(f"IMDS GET {self.path} token={'yes' if tok == IMDS_TOKEN else 'no'}")
        if tok != IMDS_TOKEN:
            return self.reply(401, "", "text/plain")
        base = "/latest/meta-data/iam/security-credentials/"
        if self.path == base:
            return self.reply(200, "scanner-role", "text/plain")
        if self.path == base + "scanner-role":
            return self.reply(200, json.dumps({"Code": "Success", "Type": "AWS-HMAC",
                                               "AccessKeyId": "AKIDIMDS", "SecretAccessKey":
                                               "imds/secret", "Token": "imds-session"}),
                              "application/json")
        return self.reply(404, "", "text/plain")


def main():
    tls = ThreadingHTTPServer(("127.0.0.1", HTTPS_PORT), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(CERT, KEY)
    tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
    plain = ThreadingHTTPServer(("127.0.0.1", HTTP_PORT), Handler)
    threading.Thread(target=plain.serve_forever, daemon=True).start()
    log("READY")
    tls.serve_forever()


main()
