"""Runs a command with a terminal (a pseudo-terminal) as its stdin.

Usage: tty-stdin.py COMMAND [ARG...]

Its stdout and stderr are this process's pipes; its exit code is this
process's. Nothing is typed into the terminal.
"""

import os
import pty
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 64
    controller, terminal = pty.openpty()
    try:
        return subprocess.run(sys.argv[1:], stdin=terminal, timeout=60).returncode
    finally:
        os.close(terminal)
        os.close(controller)


if __name__ == "__main__":
    sys.exit(main())
