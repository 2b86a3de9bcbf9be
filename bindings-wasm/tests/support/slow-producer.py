"""Feeds a file to a command's stdin the way a slow producer does.

Usage: slow-producer.py FILE CHUNK_BYTES DELAY_MS -- COMMAND [ARG...]

The command's stdin is the read end of a pipe set to O_NONBLOCK (as a pipe
inherited from an event-loop parent often is), so a synchronous read of it
fails with EAGAIN whenever no data is there yet. Nothing is written for
DELAY_MS, then FILE goes in CHUNK_BYTES at a time with a pause after every
16 chunks, then the pipe is closed. The command's stdout and stderr are this
process's; its exit code is this process's exit code.
"""

import os
import subprocess
import sys
import time


def main() -> int:
    path, chunk, delay_ms, dashes, *command = sys.argv[1:]
    if dashes != "--" or not command:
        print(__doc__, file=sys.stderr)
        return 64
    data = open(path, "rb").read()
    chunk = int(chunk)
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    child = subprocess.Popen(command, stdin=read_end)
    os.close(read_end)
    time.sleep(int(delay_ms) / 1000)
    try:
        for index, offset in enumerate(range(0, len(data), chunk)):
            view = memoryview(data)[offset : offset + chunk]
            while view:
                written = os.write(write_end, view)
                view = view[written:]
            if index % 16 == 15:
                time.sleep(0.001)
    except BrokenPipeError:
        pass  # the command stopped reading: its exit code says why
    finally:
        os.close(write_end)
    return child.wait()


if __name__ == "__main__":
    sys.exit(main())
