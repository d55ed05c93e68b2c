"""The one home of derived data: computed once per data version and code, kept in memory and
on disk, and read through here by the app's pages, every CLI command and the warm process.

Reading the portfolio of 50,000 organisations from the store takes tens of seconds; unpickling
it about a second. Every write transaction sets a new data version
(:func:`graph.analytics.summary.data_version`), so a value keyed by the version is never stale.
Files live in ``<data_dir>/derived/``, private like the rest of the data folder; they are
pickles, so a file that is not the user's own, or that others may write, is never read. Each
holds a header (format, the source of the code that made it, its version) checked on reading;
a file that is partial, corrupt or from other code is removed and rebuilt. Files are written
atomically (a temporary file, then a rename) and those of older versions are pruned. In memory
(:data:`_MEMORY`) values are keyed alike (data folder, version, function and arguments, code
stamp): a few argument sets per function, the newest version of each folder; :func:`kept`
memoises, in memory only, what is cheaper to make again than to read (a network).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from graph.analytics import collector, summary
from graph.analytics.portfolio import Portfolio, read_portfolio
from graph.config import PROJECT_ROOT, Settings

T = TypeVar("T")
FORMAT = "graph-derived/1"
FOLDER = "derived"
KEEP_VERSIONS = 2  # the current one, and the one a process that has not re-read may still use
STALE_TEMP_S = 3600.0
SHARED = "shared"  # the persistent id of the object a derived value refers to
PER_FUNCTION = 32  # argument sets of one function kept in memory per data version


def code_digest(roots: tuple[Path, ...] = (PROJECT_ROOT / "graph",)) -> str:
    """A digest of the Python sources under ``roots`` as they are on disk now."""
    digest = hashlib.sha256()
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def code_stamp(roots: tuple[Path, ...] = (PROJECT_ROOT / "graph",)) -> str:
    """The digest of the code this process runs (read once: the code it imported): derived
    data from other code is not reused (a changed model or measure would otherwise read an
    old answer)."""
    return code_digest(roots)


def version_key(version: tuple) -> str | None:
    """The file-name form of a data version; None for a graph that was never written through
    this code (no token), whose data is then derived every time."""
    token, *counts = version
    if not token:
        return None
    return "-".join([str(token), *map(str, counts)])


def folder(settings: Settings) -> Path:
    return settings.data_dir / FOLDER


def file_of(settings: Settings, key: str, name: str) -> Path:
    """Where ``name`` of the data version ``key`` is kept."""
    safe = hashlib.sha256(name.encode()).hexdigest()[:24]
    return folder(settings) / f"{key}.{safe}.pickle"


def load(
    settings: Settings,
    version: tuple,
    name: str,
    stamp: str | None = None,
    shared: Any = None,
) -> Any | None:
    """The stored ``name`` of this data version, or None (absent, partial, corrupt, other
    code: a file that cannot be used is removed). ``shared`` is the object it was saved with
    (the portfolio a derived value refers to), put back in place of the stored reference."""
    key = version_key(version)
    if key is None:
        return None
    memory = (_version_anchor(settings, key), _group(name), name, stamp)
    remembered = _recall(memory)
    if remembered is not None:
        return remembered
    path = file_of(settings, key, name)
    try:
        with path.open("rb") as fh:
            _check_private(os.fstat(fh.fileno()))
            reader = pickle.Unpickler(fh)
            if reader.load() != (FORMAT, stamp or code_stamp(), key, name):
                raise ValueError("made by other code or for another version")
            reader.persistent_load = lambda pid: _shared(pid, shared)  # type: ignore[method-assign]
            gc.disable()  # the collector would walk the growing heap again and again: 5x slower
            try:
                value = reader.load()
            except BaseException:
                gc.enable()  # what was read is garbage: not frozen out of the collector's sight
                raise
            collector.settle()
    except (FileNotFoundError, Unshared):
        return None
    except Exception:  # any unreadable file (truncated, garbled, old classes) is rebuilt
        path.unlink(missing_ok=True)
        return None
    _remember(memory, value)
    return value


_MEMORY: OrderedDict[tuple, Any] = OrderedDict()  # (anchor, group, name, stamp) -> value
_LOCK = threading.RLock()  # the app's sessions are threads; a dropped value may drop more


def _recall(key: tuple) -> Any | None:
    with _LOCK:
        value = _MEMORY.get(key)
        if value is not None:
            _MEMORY.move_to_end(key)
        return value


def _remember(key: tuple, value: Any, limit: int = PER_FUNCTION) -> None:
    """Kept in memory, the newest last: at most ``limit`` values per anchor and group (one
    function), and only the newest data version of each folder."""
    anchor, group = key[0], key[1]
    with _LOCK:
        if anchor[0] == "version":
            for old in [k for k in _MEMORY if k[0][:2] == anchor[:2] and k[0] != anchor]:
                _MEMORY.pop(old, None)
        _MEMORY[key] = value
        _MEMORY.move_to_end(key)
        same = [k for k in _MEMORY if k[0] == anchor and k[1] == group]
        for old in same[: max(len(same) - limit, 0)]:
            _MEMORY.pop(old, None)


def _forget_anchor(anchor: tuple) -> None:
    with _LOCK:
        for old in [k for k in _MEMORY if k[0] == anchor]:
            _MEMORY.pop(old, None)


def forget() -> None:
    """Empty the memory, as a new process starts (the disk stays)."""
    with _LOCK:
        _MEMORY.clear()


def _version_anchor(settings: Settings, key: str) -> tuple:
    return ("version", str(settings.data_dir), key)


def _check_private(stat: os.stat_result) -> None:
    """A pickle runs code when read: only the user's own files, writable by nobody else."""
    if os.name == "posix" and (stat.st_uid != os.getuid() or stat.st_mode & 0o022):
        raise PermissionError("not a private file of this user")


class Unshared(pickle.UnpicklingError):
    """A stored value refers to the shared object (the portfolio), read without it: the file
    is sound, the reader must ask again with the portfolio."""


def _shared(pid: Any, shared: Any) -> Any:
    """The shared object, or one of its dicts (``(SHARED, attribute)``: a name index refers to
    the portfolio's organisations)."""
    if shared is None:
        raise Unshared("refers to a shared object: read it with the portfolio")
    if not (pid == SHARED or (pid[0] == SHARED and hasattr(shared, pid[1]))):
        raise pickle.UnpicklingError("refers to a shared object that was not given")
    return shared if pid == SHARED else getattr(shared, pid[1])


def _shared_ids(shared: Any) -> dict[int, Any]:
    """The persistent ids of ``shared`` and of its dicts, by object identity."""
    if shared is None:
        return {}
    parts = {id(v): (SHARED, k) for k, v in vars(shared).items() if isinstance(v, dict)}
    return {**parts, id(shared): SHARED}


def save(
    settings: Settings,
    version: tuple,
    name: str,
    value: Any,
    stamp: str | None = None,
    shared: Any = None,
) -> None:
    """Write ``value`` for this data version atomically, then prune older versions' files.
    ``shared`` (the portfolio) is stored as a reference, not copied. A value that cannot be
    written (full disk, an object pickle refuses) only costs the next reader the work."""
    key = version_key(version)
    if key is None:
        return
    _remember((_version_anchor(settings, key), _group(name), name, stamp), value)
    target = file_of(settings, key, name)
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                writer = pickle.Pickler(fh, protocol=5)
                ids = _shared_ids(shared)
                writer.persistent_id = lambda obj: ids.get(id(obj))  # type: ignore[method-assign]
                writer.dump((FORMAT, stamp or code_stamp(), key, name))
                writer.dump(value)
            os.replace(temp, target)
        finally:
            Path(temp).unlink(missing_ok=True)
        prune(target.parent, key)
    except Exception:  # noqa: BLE001  (never worse than not caching)
        return


def prune(where: Path, keep: str) -> None:
    """Remove files of all but the newest versions (``keep`` always stays), and temporary
    files a crashed writer left behind."""
    files = [p for p in where.glob("*.pickle") if not p.name.startswith(".tmp-")]
    newest: dict[str, float] = {}
    for path in files:
        key = path.name.split(".", 1)[0]
        newest[key] = max(newest.get(key, 0.0), _mtime(path))
    others = sorted((k for k in newest if k != keep), key=newest.__getitem__, reverse=True)
    kept = {keep, *others[: KEEP_VERSIONS - 1]}
    old = [p for p in files if p.name.split(".", 1)[0] not in kept]
    now = time.time()
    old += [p for p in where.glob(".tmp-*") if now - _mtime(p) > STALE_TEMP_S]
    _unlink(old)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _unlink(paths: Iterable[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def cached(
    settings: Settings,
    version: tuple,
    name: str,
    make: Callable[[], T],
    stamp: str | None = None,
    shared: Any = None,
) -> T:
    """``make()`` once per data version across processes: read from disk when stored, else
    made and stored. ``make`` must depend only on the graph at ``version`` and the code;
    ``shared`` is an object its value may refer to (see :func:`save`)."""
    found = load(settings, version, name, stamp, shared)
    if found is not None:
        return found
    value = make()
    save(settings, version, name, value, stamp, shared)
    return value


def portfolio(store: Any, version: tuple | None = None) -> Portfolio:
    """The portfolio of the store's current data version, from its snapshot when there is one;
    otherwise read (with its per-project lookups computed) and stored for the next reader,
    unless a write landed while it was read. A stored portfolio's version is remembered here
    (:data:`_ORIGINS`), so :func:`derived` values of it are kept beside it."""
    version = version or summary.data_version(store)
    found = load(store.settings, version, "portfolio")
    if isinstance(found, Portfolio):
        _mark(found, store.settings, version)
        collector.reclaim(found)
        return found
    pf = read_portfolio(store)
    pf.members, pf.involved, pf.sponsors, pf.years  # noqa: B018  (computed once, kept in the snapshot)
    collector.reclaim(pf)
    if summary.data_version(store) == version:
        save(store.settings, version, "portfolio", pf)
        _mark(pf, store.settings, version)
    return pf


_ORIGINS: dict[int, tuple[Settings, tuple] | None] = {}  # id of a portfolio -> where it is kept


def _mark(pf: Portfolio, settings: Settings | None, version: tuple | None) -> None:
    """Remember where ``pf`` is kept (None: nowhere), for as long as it lives; its memos in
    memory go with it."""
    if id(pf) not in _ORIGINS:
        weakref.finalize(pf, _drop, id(pf))
    _ORIGINS[id(pf)] = (settings, version) if settings is not None and version else None


def _drop(ident: int) -> None:
    _ORIGINS.pop(ident, None)
    _forget_anchor(("object", ident))


def _anchor(pf: Portfolio) -> tuple[tuple, Settings | None, tuple | None]:
    """What memos of ``pf`` are kept under: its data version when stored, else its identity."""
    if id(pf) not in _ORIGINS:
        _mark(pf, None, None)
    origin = _ORIGINS[id(pf)]
    key = version_key(origin[1]) if origin else None
    if origin and key:
        return _version_anchor(origin[0], key), *origin
    return ("object", id(pf)), None, None


def _group(name: str) -> str:
    """The function part of a memo's name ("derive graph.x.f (args) {}" -> "derive graph.x.f")."""
    return " ".join(name.split(" ", 2)[:2])


def derived(pf: Portfolio, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(pf, *args, **kwargs)`` once per data version, arguments and code, kept in memory
    and on disk beside the portfolio's snapshot (in memory only, for as long as it lives, for
    a portfolio that has none). The same call from a load's preparation, a page or a command
    finds the same value."""
    make = lambda: collector.uncollected(func, pf, *args, **kwargs)  # noqa: E731
    name = _derived_name(func, args, kwargs)
    anchor, settings, version = _anchor(pf)
    if settings is None or version is None:
        return _memo((anchor, _group(name), name, stamp_of(func)), make)
    return cached(settings, version, name, make, stamp_of(func), shared=pf)


def _derived_name(func: Callable, args: tuple, kwargs: dict) -> str:
    return f"derive {func.__module__}.{func.__qualname__} {args!r} {kwargs!r}"


def stored(
    settings: Settings, version: tuple, func: Callable[..., T], *args: Any, **kwargs: Any
) -> T | None:
    """What :func:`derived` of the portfolio of ``version`` would answer, when it is already
    made (in memory or on disk) and refers to no part of the portfolio; else None. A page that
    shows only a prepared answer (the whole-network drawing) then never reads the portfolio:
    seconds at 50,000 organisations."""
    return load(settings, version, _derived_name(func, args, kwargs), stamp_of(func))


def kept(pf: Portfolio, func: Callable[..., T], *args: Any, limit: int = PER_FUNCTION) -> T:
    """``func(pf, *args)`` once per data version (or portfolio), in memory only: for what is
    cheaper to make again than to read from disk (a network of 50,000 organisations).
    ``limit``: argument sets of ``func`` kept. Shared by the app's sessions: read-only."""
    group = f"kept {func.__module__}.{func.__qualname__}"
    key = (_anchor(pf)[0], group, f"{group} {args!r}", stamp_of(func))
    return _memo(key, lambda: collector.uncollected(func, pf, *args), limit)


def _memo(key: tuple, make: Callable[[], T], limit: int = PER_FUNCTION) -> T:
    found = _recall(key)
    if found is None:
        found = make()
        _remember(key, found, limit)
    return found


def stamp_of(func: Callable) -> str:
    """The code a value of ``func`` depends on: graph/, and the package of ``func`` if other."""
    package = func.__module__.split(".")[0]
    roots = [PROJECT_ROOT / "graph"]
    if package != "graph" and (PROJECT_ROOT / package).is_dir():
        roots.append(PROJECT_ROOT / package)
    return code_stamp(tuple(roots))
