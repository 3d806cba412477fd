"""Writing artifacts into a folder that may hold the user's own files.

The rules (the write phase of ``derive build`` and ``derive export``):

* **derive marks what it writes.** Beside the artifacts, ``derive-manifest.sha256`` lists
  every file derive wrote there with its SHA-256, in ``sha256sum`` format, sorted by path
  (deterministic, so a committed ``generated/`` stays byte-reproducible;
  ``sha256sum -c derive-manifest.sha256`` checks a folder by hand).
* **derive never replaces a file it did not write.** A file in the way is replaced only if
  the manifest lists it with its current content (derive wrote it and nobody edited it
  since), or if it already holds exactly the new content. Anything else -- the user's own
  ``references.bib``, a snippet edited by hand (cog-style: its checksum no longer
  matches), a folder or link where a file goes -- is refused, naming every such file,
  unless ``force`` is given.
* **Exports accumulate.** ``derive export`` into a folder adds to what earlier exports
  wrote there: ``references.bib`` is merged by BibTeX key, and nothing is removed.
* **Builds replace their own output.** A file an earlier build wrote that this build
  does not produce is removed -- only if its content is still what derive wrote.
* **All or nothing.** The complete output is first written to a staging folder beside
  the output folder (same file system), and only then renamed into place file by file,
  with SIGINT and SIGTERM held off for those renames (milliseconds), the manifest last.
  An interruption before the swap leaves the old output untouched; one during the swap
  is delivered after it, so the folder holds the complete new output. The staging folder
  is removed on every exit. (Only a SIGKILL or a crash during the renames can leave a
  mix of old and new files; the next build replaces them, since a file already holding
  the new content is never refused.)
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .errors import UserFileError

#: The manifest: what derive wrote into a folder, with each file's SHA-256.
MANIFEST = "derive-manifest.sha256"
#: The bibliography, merged by key across exports.
BIBLIOGRAPHY = "references.bib"

_MANIFEST_LINE = re.compile(r"([0-9a-f]{64})  (.+)")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(out: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file the manifest in ``out`` lists (empty if none)."""
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except (OSError, UnicodeDecodeError):
        return {}  # an unreadable manifest marks nothing as derive's: everything in the way is refused
    entries = {}
    for line in text.splitlines():
        m = _MANIFEST_LINE.fullmatch(line)
        if m and _safe_relative(m[2]):
            entries[m[2]] = m[1]
    return entries


def manifest_text(entries: Mapping[str, str]) -> str:
    """The manifest of ``entries`` (path -> SHA-256): ``sha256sum`` lines sorted by path."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries.items()))


def _safe_relative(rel: str) -> bool:
    """A path inside the folder: relative, no ``..``, no empty part (a manifest is read back)."""
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and all(p not in ("", ".", "..") for p in parts) and "\\" not in rel


def _current(path: Path) -> bytes | None:
    """The bytes of a regular file at ``path``; None if nothing is there. Raises IsADirectoryError
    for a folder or a link (which derive never replaces)."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise IsADirectoryError(str(path))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


# ------------------------------------------------------------------------ BibTeX merge

_ENTRY_START = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.M)


def bibtex_entries(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(preamble, [(key, entry text)]) of a .bib file; an entry runs to the next ``@`` line."""
    starts = list(_ENTRY_START.finditer(text))
    if not starts:
        return text, []
    entries = []
    for m, nxt in zip(starts, [*starts[1:], None], strict=True):
        end = nxt.start() if nxt else len(text)
        entries.append((m[1], text[m.start() : end].strip()))
    return text[: starts[0].start()], entries


def merge_bibtex(old: str, new: str) -> str:
    """``new``'s preamble, then ``old``'s entries (an entry ``new`` also has taken from ``new``),
    then ``new``'s other entries: the keys of both files, each once."""
    _, old_entries = bibtex_entries(old)
    preamble, new_entries = bibtex_entries(new)
    fresh = dict(new_entries)
    old_keys = {k for k, _ in old_entries}
    if old_keys <= set(fresh):
        return new
    merged = [fresh.get(k, text) for k, text in old_entries] + [t for k, t in new_entries if k not in old_keys]
    return preamble + "".join(f"{entry}\n\n" for entry in merged[:-1]) + f"{merged[-1]}\n"


# ------------------------------------------------------------------------ the write phase


def write_output(
    out: Path,
    files: Mapping[str, bytes],
    *,
    force: bool = False,
    accumulate: bool = False,
    log: TextIO | None = None,
) -> list[Path]:
    """Write ``files`` (relative path -> bytes) into ``out`` by the rules of the module
    docstring; return the paths written. ``accumulate`` (exports): merge references.bib and
    remove nothing; otherwise (builds) remove what an earlier build wrote and this one does not.

    Raises UserFileError, naming every file in the way that derive did not write (or that was
    edited since), unless ``force``; nothing is written then.
    """
    log = sys.stderr if log is None else log  # the stream of the call, not of import time
    old = read_manifest(out)
    files = dict(files)
    in_way: list[str] = []
    existing: dict[str, bytes | None] = {}
    for rel in files:
        try:
            existing[rel] = _current(out / rel)
        except (IsADirectoryError, NotADirectoryError):
            in_way.append(f"{out / rel} (a folder or link)")
            continue
        except OSError as exc:
            in_way.append(f"{out / rel} ({exc.strerror or exc})")
            continue
    if accumulate and existing.get(BIBLIOGRAPHY) is not None:
        previous = existing[BIBLIOGRAPHY] or b""
        if force or old.get(BIBLIOGRAPHY) == sha256(previous):
            merged = merge_bibtex(previous.decode("utf-8", "replace"), files[BIBLIOGRAPHY].decode("utf-8"))
            files[BIBLIOGRAPHY] = merged.encode("utf-8")
    for rel, data in files.items():
        current = existing.get(rel)
        if current is None or current == data or old.get(rel) == sha256(current):
            continue
        why = "edited since derive wrote it" if rel in old else "not written by derive"
        in_way.append(f"{out / rel} ({why})")
    if in_way and not force:
        raise UserFileError(out, in_way)

    manifest = {rel: digest for rel, digest in old.items() if accumulate and (out / rel).is_file()}
    manifest.update({rel: sha256(data) for rel, data in files.items()})
    stale = [] if accumulate else sorted(set(old) - set(files))
    written = _stage_and_swap(out, files, manifest_text(manifest).encode(), log)
    for rel in stale:
        _remove_stale(out / rel, old[rel], log)
    return written


def _remove_stale(path: Path, digest: str, log: TextIO) -> None:
    """Remove a file an earlier build wrote, if its content is still what derive wrote."""
    try:
        current = _current(path)
    except OSError:
        return
    if current is None:
        return
    if sha256(current) != digest:
        print(f"derive: kept {path}: an earlier build wrote it, but it was edited since", file=log)
        return
    path.unlink()
    print(f"derive: removed {path} (an earlier build wrote it; this one does not)", file=log)


def _stage_and_swap(out: Path, files: Mapping[str, bytes], manifest: bytes, log: TextIO) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.derive-staging-"))
    try:
        umask = os.umask(0)
        os.umask(umask)
        for rel, data in [*files.items(), (MANIFEST, manifest)]:
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o666 & ~umask)  # ordinary files, as the user's umask says
        written = []
        with _signals_held():
            for rel in [*files, MANIFEST]:  # the manifest last: it vouches for what is in place
                target = out / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, target)
                if rel != MANIFEST:
                    written.append(target)
        for path in written:
            print(f"derive: wrote {path}", file=log)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold off SIGINT and SIGTERM until the block ends, then act on them as their handlers
    say: a swap is not interrupted. (Python runs signal handlers in the main thread, so the
    handlers are swapped, not the thread's signal mask, which other threads would not share.)"""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda signum, frame: pending.append(signum)) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in dict.fromkeys(pending):
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)
