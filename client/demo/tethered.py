"""Run a Python program that stops when the process that started it is gone.

    python -m client.demo.tethered MODULE [ARGS...]    # runs `python -m MODULE ARGS...`

The demo's sync server is a child of the app. Closing the console window on Windows
kills the app but not its children, so the server lived on, holding its port and its
database. The parent keeps the write end of this process's stdin: the pipe closes
however the parent ends (closed window, crash, SIGKILL), and reading it then gives
end-of-file. That works alike on Windows, macOS and Linux, with no polling of process ids.

At end-of-file the program is asked to stop as if it got SIGTERM (uvicorn then shuts
down cleanly); if it has not stopped GRACE seconds later, the process exits anyway.
"""

from __future__ import annotations

import _thread
import os
import runpy
import signal
import sys
import threading

GRACE = 10.0  # seconds a program may take to stop once its parent is gone


def _stop_at_end_of_input() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass  # nothing is expected on the pipe; only its closing counts
    except (OSError, ValueError):
        pass  # a closed or broken pipe: the parent is gone all the same
    # Runs the main thread's SIGTERM handler when the program set one (uvicorn does);
    # does nothing otherwise, and the timer below ends the process.
    _thread.interrupt_main(signal.SIGTERM)
    timer = threading.Timer(GRACE, os._exit, args=(0,))
    timer.daemon = True
    timer.start()


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit("usage: python -m client.demo.tethered MODULE [ARGS...]")
    module, *args = argv
    threading.Thread(target=_stop_at_end_of_input, name="parent-watch", daemon=True).start()
    sys.argv = [module, *args]
    # Run by name, as `python -m MODULE` would: the demo starts the server as a program.
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
