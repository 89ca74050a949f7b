# A one-node Slurm cluster of our own (../shared/ENVIRONMENT.md): munged
# (ours, unless one already answers), slurmctld and slurmd with a
# slurm.conf, state, spool, pid and log files under $SLURM_DIR and free
# ports. slurm_stop stops what slurm_start started, by PID. Sourced after
# tests/setup.sh and tests/db/lib.sh (free_port).

# slurm_start DIR: exits 77 when slurm-wlm is not installed.
slurm_start() {
  SLURM_DIR=$1
  command -v slurmctld >/dev/null && command -v slurmd >/dev/null &&
    command -v sbatch >/dev/null && command -v munged >/dev/null ||
    { echo "skip: slurm-wlm is not installed"; exit 77; }
  [ "$(id -u)" -eq 0 ] || { echo "skip: the one-node Slurm cluster runs as root"; exit 77; }
  mkdir -p "$SLURM_DIR/state" "$SLURM_DIR/spool" "$SLURM_DIR/munge"
  MUNGE_PID=
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    mkdir -p /run/munge && chown munge:munge /run/munge "$SLURM_DIR/munge"
    su -s /bin/sh munge -c "/usr/sbin/munged --pid-file=$SLURM_DIR/munge/munged.pid" || return 1
    for _ in $(seq 50); do [ -s "$SLURM_DIR/munge/munged.pid" ] && break; sleep 0.1; done
    MUNGE_PID=$(cat "$SLURM_DIR/munge/munged.pid")
  fi
  local host
  host=$(hostname -s)
  SLURM_CONF="$SLURM_DIR/slurm.conf"
  cat >"$SLURM_CONF" <<CONF
ClusterName=local
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool
SlurmctldPidFile=$SLURM_DIR/slurmctld.pid
SlurmdPidFile=$SLURM_DIR/slurmd.pid
SlurmctldLogFile=$SLURM_DIR/slurmctld.log
SlurmdLogFile=$SLURM_DIR/slurmd.log
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
ReturnToService=2
MinJobAge=600
NodeName=$host CPUs=2 RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
  export SLURM_CONF
  slurmctld -f "$SLURM_CONF" || return 1
  slurmd -f "$SLURM_CONF" || return 1
  for _ in $(seq 100); do
    sinfo -h -o %t 2>/dev/null | grep -q idle && return 0
    sleep 0.2
  done
  echo "# the one-node cluster did not come up"; sinfo 2>&1 | sed 's/^/# /'
  return 1
}

slurm_stop() {
  local f
  for f in "$SLURM_DIR/slurmd.pid" "$SLURM_DIR/slurmctld.pid"; do
    [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
  done
  [ -n "${MUNGE_PID:-}" ] && kill "$MUNGE_PID" 2>/dev/null
  sleep 0.5
}

# slurm_wait JOBID: waits until the job (all of an array) has left the
# queue; MinJobAge keeps its record for scontrol.
slurm_wait() {
  for _ in $(seq 3000); do
    [ -z "$(squeue -h -j "$1" 2>/dev/null)" ] && return 0
    sleep 0.2
  done
  return 1
}
