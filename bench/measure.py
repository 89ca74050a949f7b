#!/usr/bin/python3
"""measure.py RUNS CMD... : runs CMD RUNS times and prints one line
`median min max peak_rss_kb cpu` of wall-clock seconds (and the largest peak
RSS of any run, in KiB, and the median CPU seconds, user + system, of the
process itself: on a machine it shares with the server and others, the
repeatable part). Exits non-zero if any run fails. Standard library
only, so benchmarks need nothing installed beyond what the tests need."""
import os
import resource
import subprocess
import sys
import time


def main():
    runs = int(sys.argv[1])
    cmd = sys.argv[2:]
    times, cpus, peak = [], [], 0
    for _ in range(runs):
        t0 = time.monotonic()
        pid = os.fork()
        if pid == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            try:
                os.execvp(cmd[0], cmd)
            finally:
                os._exit(127)
        _, status, usage = os.wait4(pid, 0)
        times.append(time.monotonic() - t0)
        peak = max(peak, usage.ru_maxrss)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) not in (0,):
            sys.stderr.write("measure: %s exited %d\n" % (cmd[0], os.waitstatus_to_exitcode(status)))
            return 1
    times.sort()
    cpus.sort()
    print("%.4f %.4f %.4f %d %.4f" % (times[len(times) // 2], times[0], times[-1], peak,
                                      cpus[len(cpus) // 2]))
    return 0


sys.exit(main())
