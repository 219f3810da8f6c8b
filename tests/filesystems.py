"""Real file-system conditions for tests: a full disk, a read-only folder.

As root (CI containers) these are real mounts: a tmpfs of a few KB filled to the last byte, a tmpfs remounted
read-only. Root ignores permission bits, so chmod would prove nothing there. Without root the same conditions come
from the kernel by other means: a file-size limit (RLIMIT_FSIZE: writes fail with EFBIG, a "disk full" to the
program) for a child process, and a folder without write permission.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextmanager
def full_disk(folder: Path, files: dict[str, bytes] | None = None) -> Iterator[Callable[[], None] | None]:
    """`folder` on a file system with no room left; yields a preexec function for child processes (or None).

    With a real full tmpfs the yielded value is None; otherwise it is a function that a child process must run
    (subprocess `preexec_fn`) to get a 1-byte file-size limit.
    """
    folder.mkdir(parents=True, exist_ok=True)
    size = 64 * 1024 + sum(len(data) for data in (files or {}).values())
    if IS_ROOT and _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)):
        try:
            for name, data in (files or {}).items():
                (folder / name).write_bytes(data)
            fd = os.open(folder / "filler", os.O_CREAT | os.O_WRONLY)
            try:
                for size in (4096, 1):  # pages first, then the last bytes
                    while True:
                        try:
                            os.write(fd, b"\0" * size)
                        except OSError:
                            break
            finally:
                os.close(fd)
            yield None
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return

    for name, data in (files or {}).items():
        (folder / name).write_bytes(data)

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1, 1))

    yield limit


@contextmanager
def read_only_folder(folder: Path, files: dict[str, bytes]) -> Iterator[Path]:
    """`folder` holding `files`, where nothing can be created or written (a real read-only mount as root)."""
    folder.mkdir(parents=True, exist_ok=True)
    if IS_ROOT and _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)):
        try:
            for name, data in files.items():
                (folder / name).write_bytes(data)
            assert _mount("-o", "remount,ro", str(folder))
            yield folder
        finally:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        return
    for name, data in files.items():
        (folder / name).write_bytes(data)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        yield folder
    finally:
        folder.chmod(stat.S_IRWXU)
