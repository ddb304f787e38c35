"""A facilitator's own template as a file to share (*.labdesk-activity.json): writing it, and
reading one back with every field checked, a size limit and a one-sentence reason for a bad file."""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Collection
from pathlib import Path

from labdesk.core.activities import Activity, TemplateError, free_key, parse, slug

SHARE_SUFFIX = ".labdesk-activity.json"
SHARE_FORMAT = "labdesk-activity"
SHARE_VERSION = 1
MAX_SHARE_BYTES = 256 * 1024  # a long template is a few kilobytes
_NEVER_READ = (".labdesk", ".labdesk-wal", ".labdesk-shm", ".labdesk-journal")


def export_text(activity: Activity) -> str:
    """A facilitator's template as the text of a shareable file."""
    data = {"format": SHARE_FORMAT, "version": SHARE_VERSION, "activity": activity.to_dict()}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def share_file_name(activity: Activity) -> str:
    return slug(activity.title) + SHARE_SUFFIX


def import_text(
    raw: bytes | str, *, name: str = "The file", taken: Collection[str] = ()
) -> Activity:
    """A template from a shared file's contents, as the facilitator's own: its key starts with
    "own-" and is not one in `taken`. A bad file raises TemplateError with one plain sentence."""
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_SHARE_BYTES:
        raise TemplateError(
            f"{name} is {size // 1024} KB; an activity file is at most {MAX_SHARE_BYTES // 1024} KB."
        )
    if isinstance(raw, bytes):
        if raw.startswith(b"SQLite format 3"):
            raise TemplateError(f"{name} is a workshop file, not an activity file.")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateError(f"{name} is not a labdesk activity file (not text).") from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested thousands deep
        line = getattr(exc, "lineno", None)
        at = f" (line {line})" if line else ""
        raise TemplateError(f"{name} is not a labdesk activity file: it is not JSON{at}.") from None
    if isinstance(data, dict) and "format" in data:
        if data.get("format") != SHARE_FORMAT:
            raise TemplateError(f"{name} is not a labdesk activity file.")
        version = data.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise TemplateError(f"{name}: version must be a whole number (it is {version!r}).")
        if version > SHARE_VERSION:
            raise TemplateError(
                f"{name} was made by a newer labdesk (format {version}); update labdesk to open it."
            )
        data = data.get("activity")
    if not isinstance(data, dict) or "title" not in data:
        raise TemplateError(f"{name} is not a labdesk activity file.")
    # The key only names the template inside one workshop: the receiver's is made afresh.
    named = data.get("key") if isinstance(data.get("key"), str) else data["title"]
    if isinstance(named, str):
        data = {**data, "key": slug(named.removeprefix("own-"))}
    activity = parse(data, own=True, where=name)
    activity.key = free_key(f"own-{activity.key}", taken)
    return activity


def read_shared(path: Path, *, taken: Collection[str] = ()) -> Activity:
    """A template from a shared file on disk (checked before it is read: a workshop file is never
    opened here, nor anything too big or not a plain file)."""
    name = path.name
    if name.lower().endswith(_NEVER_READ):
        raise TemplateError(f"{name} is a workshop file, not an activity file.")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise TemplateError(f"{name} is not a file.")
        if info.st_size > MAX_SHARE_BYTES:
            raise TemplateError(
                f"{name} is {info.st_size // 1024} KB; an activity file is at most "
                f"{MAX_SHARE_BYTES // 1024} KB."
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_SHARE_BYTES + 1)
    except OSError as exc:
        raise TemplateError(f"{name} cannot be read: {exc.strerror or exc}.") from exc
    return import_text(raw, name=name, taken=taken)


def write_shared(activity: Activity, path: Path) -> Path:
    """Write a template to a shareable file, whole or not at all; a name without ".json" gets
    the activity file ending. Returns the path written. Never writes over a workshop file."""
    if path.name.lower().endswith(_NEVER_READ):
        raise TemplateError(f"{path.name} is a workshop file; choose another name.")
    if not path.name.lower().endswith(".json"):
        path = path.with_name(path.name + SHARE_SUFFIX)
    text = export_text(activity)
    fd, tmp = tempfile.mkstemp(prefix=".activity-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
