"""Flush at exit and on SIGTERM/SIGUSR1, then do what was done before (the earlier handler)."""

import atexit
import os
import signal
import sys
import threading

# The runs not finished yet, oldest first.
active = []
_crashed = []


def _on_exit():
    for run in list(active):
        run.finish("failed" if _crashed else "finished", timeout=10.0)


def _chain_signal(signum):
    previous = signal.getsignal(signum)

    def handler(number, frame):
        for run in list(active):
            run.flush(timeout=20.0)
        if callable(previous):
            previous(number, frame)
        elif previous == signal.SIG_DFL:
            # What would have happened without us: the default action (end the process).
            signal.signal(number, signal.SIG_DFL)
            os.kill(os.getpid(), number)

    signal.signal(signum, handler)


_installed = []


def install_hooks():
    if _installed:
        return
    _installed.append(True)
    atexit.register(_on_exit)
    previous_hook = sys.excepthook

    def excepthook(kind, value, tb):
        _crashed.append(kind)
        previous_hook(kind, value, tb)

    sys.excepthook = excepthook
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGUSR1"):
            if hasattr(signal, name):
                _chain_signal(getattr(signal, name))
