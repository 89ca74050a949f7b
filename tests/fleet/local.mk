# The run across a fleet (issue 13): shards and merge, signals and resume,
# and the job engines (a real one-node Slurm; the Kubernetes and AWS Batch
# files parsed and checked), against throwaway servers.
FLEET_TESTS = tests/fleet/shards.sh tests/fleet/resume.sh tests/fleet/slurm.sh
TESTS += $(FLEET_TESTS)
EXTRA_DIST += $(FLEET_TESTS) tests/fleet/lib.sh tests/fleet/slurm_lib.sh tests/fleet/same_report.py
