#!/usr/bin/env python3
"""engines.py SRCDIR: checks the job-engine files of contrib/ that cannot
run on this machine (Kubernetes, AWS Batch) and the ones that can be
checked without running (systemd, the Dockerfile): they parse, name the
right variables, and run the same classify command line as the Slurm
array script, which tests/fleet/slurm.sh runs on a real one-node Slurm.
Prints one "ok - ..." / "not ok - ..." line per check."""
import json
import os
import re
import shlex
import sys

import yaml

SRC = sys.argv[1]
failures = 0
INDEX_VARS = ("SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX")


def check(desc, cond):
    global failures
    print(("ok - " if cond else "not ok - ") + desc)
    failures += 0 if cond else 1


def path(*p):
    return os.path.join(SRC, "contrib", *p)


def classify_argv(text, sub):
    """The argv of the first `classify SUB ...` in a shell text, with the
    binary's name, the engine's index variable and `;`-tails normalised."""
    text = "\n".join(l for l in text.split("\n") if not l.lstrip().startswith("#"))
    text = text.replace("\\\n", " ")
    text = re.sub(r'"?\$\{CLASSIFY:-classify\}"?', "classify", text)
    for v in INDEX_VARS:
        text = text.replace("${%s}" % v, "${K}")
    for line in text.split("\n"):
        m = re.search(r"\bclassify " + sub + r"\b.*", line)
        if m:
            cmd = m.group(0).split(";")[0]
            return shlex.split(cmd, posix=False)
    return None


slurm = open(path("slurm", "classify-shard.sbatch")).read()
slurm_merge = open(path("slurm", "classify-merge.sbatch")).read()
want = classify_argv(slurm, "scan")
want_merge = classify_argv(slurm_merge, "merge")
check("the Slurm array script runs classify scan --shard auto/${CLASSIFY_SHARDS}",
      want is not None and '"auto/${CLASSIFY_SHARDS}"' in want)
check("the Slurm merge script runs classify merge with --history",
      want_merge is not None and "--history" in want_merge)

# ---- Kubernetes ------------------------------------------------------------
docs = {}
for name in sorted(os.listdir(path("kubernetes"))):
    if name.endswith(".yaml"):
        try:
            items = [d for d in yaml.safe_load_all(open(path("kubernetes", name))) if d]
            ok = all("apiVersion" in d and "kind" in d and "metadata" in d for d in items)
        except yaml.YAMLError as e:
            items, ok = [], False
            print("# %s: %s" % (name, e))
        check("kubernetes/%s parses as Kubernetes objects (%d)" % (name, len(items)), ok and items)
        for d in items:
            docs[(d["kind"], d["metadata"]["name"])] = d


def job_of(cron_name):
    cron = docs.get(("CronJob", cron_name))
    return cron and cron["spec"]["jobTemplate"]["spec"]


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env", [])}


job = job_of("classify-quarterly")
check("the quarterly CronJob exists with a schedule", job is not None and
      docs[("CronJob", "classify-quarterly")]["spec"].get("schedule"))
pod = job["template"]["spec"] if job else {}
c = pod.get("containers", [{}])[0]
env = env_of(c)
shards = int(env.get("CLASSIFY_SHARDS", "0"))
check("it runs an Indexed Job", job and job.get("completionMode") == "Indexed")
check("completions = parallelism = CLASSIFY_SHARDS (%d)" % shards,
      shards > 1 and job["completions"] == shards and job["parallelism"] == shards)
check("the shard names JOB_COMPLETION_INDEX in its report's name",
      "${JOB_COMPLETION_INDEX}" in " ".join(c.get("command", [])))
check("the shard pod sets CLASSIFY_SHARDS, _SEED, _CA, _TARGETS, _OUT",
      all(k in env for k in ("CLASSIFY_SHARDS", "CLASSIFY_SEED", "CLASSIFY_CA",
                              "CLASSIFY_TARGETS", "CLASSIFY_OUT")))
got = classify_argv(" ".join(c.get("command", [])), "scan")
check("the Kubernetes shard runs the same command line as the Slurm test", got == want)
if got != want:
    print("# slurm: %s\n# k8s:   %s" % (want, got))
secret = [e["secretRef"]["name"] for e in c.get("envFrom", []) if "secretRef" in e]
check("credentials from the Secret classify-db (PGPASSWORD, MYSQL_PWD)",
      secret == ["classify-db"] and
      set(docs[("Secret", "classify-db")]["stringData"]) == {"PGPASSWORD", "MYSQL_PWD"})
sa = docs.get(("ServiceAccount", pod.get("serviceAccountName")), {})
check("or from IRSA: the pods' ServiceAccount has the eks.amazonaws.com/role-arn annotation",
      "eks.amazonaws.com/role-arn" in sa.get("metadata", {}).get("annotations", {}))
vols = {v["name"]: v for v in pod.get("volumes", [])}
mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
ca_cm = [v["configMap"]["name"] for v in vols.values() if "configMap" in v]
check("the RDS CA bundle comes from a ConfigMap mounted where CLASSIFY_CA points",
      "rds-ca-bundle" in ca_cm and ("ConfigMap", "rds-ca-bundle") in docs and
      env["CLASSIFY_CA"] == mounts.get("rds-ca") + "/global-bundle.pem" and
      "global-bundle.pem" in docs[("ConfigMap", "rds-ca-bundle")]["data"])
inv = docs[("ConfigMap", "classify-inventory")]["data"]["inventory.yaml"]
check("the inventory ConfigMap is an inventory mounted where CLASSIFY_TARGETS points",
      env["CLASSIFY_TARGETS"] == mounts.get("inventory") + "/inventory.yaml" and
      yaml.safe_load(inv)["targets"][0]["name"])
pvc = [v["persistentVolumeClaim"]["claimName"] for v in vols.values()
       if "persistentVolumeClaim" in v]
check("reports live on the PersistentVolumeClaim (ReadWriteMany) under CLASSIFY_OUT",
      pvc == ["classify-reports"] and
      "ReadWriteMany" in docs[("PersistentVolumeClaim", "classify-reports")]["spec"]["accessModes"]
      and env["CLASSIFY_OUT"].startswith(mounts.get("reports") + "/"))
check("a grace period for SIGTERM and per-index retries that resume",
      pod.get("terminationGracePeriodSeconds", 0) >= 30 and job.get("backoffLimitPerIndex", 0) >= 1
      and "--resume" in want)
mjob = job_of("classify-quarterly-merge")
mc = mjob["template"]["spec"]["containers"][0] if mjob else {}
menv = env_of(mc)
mgot = classify_argv(" ".join(mc.get("command", [])), "merge")
check("a final merge Job runs the same merge command line as the Slurm test", mgot == want_merge)
if mgot != want_merge:
    print("# slurm: %s\n# k8s:   %s" % (want_merge, mgot))
check("the merge knows CLASSIFY_SHARDS (same as the shards) and mounts the same volume",
      menv.get("CLASSIFY_SHARDS") == str(shards) and menv.get("CLASSIFY_OUT") == env["CLASSIFY_OUT"]
      and [v["persistentVolumeClaim"]["claimName"] for v in mjob["template"]["spec"]["volumes"]]
      == ["classify-reports"])

# ---- AWS Batch -------------------------------------------------------------
def load_json(name):
    try:
        return json.load(open(path("aws-batch", name)))
    except ValueError as e:
        print("# %s: %s" % (name, e))
        return None


shard, merge = load_json("job-definition-shard.json"), load_json("job-definition-merge.json")
sub, subm = load_json("submit-shards.json"), load_json("submit-merge.json")
check("the four AWS Batch files parse as JSON", all(x is not None for x in (shard, merge, sub, subm)))
cp = shard["containerProperties"]
benv = {e["name"]: e["value"] for e in cp["environment"]}
check("the shard job definition is a container job with a retry strategy",
      shard["type"] == "container" and shard["retryStrategy"]["attempts"] > 1)
check("the shard names AWS_BATCH_JOB_ARRAY_INDEX in its report's name",
      "${AWS_BATCH_JOB_ARRAY_INDEX}" in cp["command"][-1])
got = classify_argv(cp["command"][-1], "scan")
check("the Batch shard runs the same command line as the Slurm test", got == want)
if got != want:
    print("# slurm: %s\n# batch: %s" % (want, got))
check("the array size is CLASSIFY_SHARDS (%s)" % benv.get("CLASSIFY_SHARDS"),
      sub["arrayProperties"]["size"] == int(benv["CLASSIFY_SHARDS"]) > 1)
check("the array job runs the shard definition, the merge the merge definition",
      sub["jobDefinition"] == shard["jobDefinitionName"] and
      subm["jobDefinition"] == merge["jobDefinitionName"])
check("the merge depends on the array job", subm["dependsOn"][0]["jobId"] == "ARRAY_JOB_ID")
mgot = classify_argv(merge["containerProperties"]["command"][-1], "merge")
check("the Batch merge runs the same merge command line as the Slurm test", mgot == want_merge)
check("IAM for the shards through the job role", cp.get("jobRoleArn", "").startswith("arn:aws:iam::"))
check("shards and merge share one EFS volume at /reports",
      cp["volumes"] == merge["containerProperties"]["volumes"] and
      cp["mountPoints"][0]["containerPath"] == "/reports")

# ---- the Dockerfile ----------------------------------------------------------
df = open(path("Dockerfile")).read()
froms = re.findall(r"^FROM\s+(\S+)", df, re.M)
check("the Dockerfile is multi-stage with a slim runtime (%s)" % froms,
      len(froms) == 2 and froms[1].endswith("-slim"))
users = re.findall(r"^USER\s+(\S+)", df, re.M)
check("the runtime runs as a non-root user (uid 10001, as the Kubernetes pods)",
      users and users[-1] not in ("0", "root") and
      pod["securityContext"]["runAsUser"] == int(users[-1]))
check("the image has the RDS CA bundle where the Batch job's CLASSIFY_CA points",
      benv["CLASSIFY_CA"] in df)
sys.exit(1 if failures else 0)
