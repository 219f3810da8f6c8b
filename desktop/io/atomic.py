"""Writing an export file so that the target is either the old file or the complete new one, never a stub.

Used for files written in one piece (JSON, xlsx): the bytes are built in memory, written to a temporary file in the
same folder, flushed to disk and renamed over the target. On a full disk the temporary file is removed and the
target is untouched, so no 0-byte or half-written file is left for the clerk to send on.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; raises OSError whose `filename` is `path` (the temporary is removed)."""
    import tempfile  # with shutil, bz2 and lzma: not at start-up, where nothing is written yet

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    temp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".~{path.stem}.", suffix=".tmp", delete=False) as handle:
            temp = Path(handle.name)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); an export is for sharing, so give it the usual permissions.
        if os.name == "posix":
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        # The clerk needs the target's name, not the temporary's (or none at all, as a failed write() gives).
        raise type(exc)(exc.errno, exc.strerror or str(exc), str(path)) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)
