"""Run a command and write what the resource module says it cost, as JSON, to a file:

    python tests/measure_child.py RESULT.json CMD ARGS...

Why a separate small process: on Linux a child forked from a large process (pytest, with the model loaded)
reports that process's resident size as the floor of its own peak (``ru_maxrss``), even after it executes
another program. Started from this small process, the command's peak is its own. SIGTERM is passed on to
the command (a server is stopped that way), and its exit code is this process's.
"""

import json
import os
import signal
import subprocess
import sys


def main() -> int:
    result, cmd = sys.argv[1], sys.argv[2:]
    child = subprocess.Popen(cmd)
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    _, status, usage = os.wait4(child.pid, 0)
    with open(result, "w") as fh:
        json.dump({"max_mb": usage.ru_maxrss / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}, fh)
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
