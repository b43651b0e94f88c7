"""Resident memory of the current process (Linux /proc), for the benchmarks' child processes.

``settle()`` gives the memory freed so far back to the OS and restarts the peak, so that the
peak measured after it (``hwm()``) is that of what runs next, not of the imports or of building
the input.
"""

from __future__ import annotations

import ctypes
import gc


def rss() -> int:
    """Resident set size, bytes."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def hwm() -> int:
    """Peak resident set size since the start or the last ``settle()``, bytes."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def settle() -> int:
    """Frees what can be freed (Python's garbage, malloc's free lists, so that later allocations
    show in the RSS instead of reusing them), restarts the peak, and returns the RSS."""
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    return rss()
