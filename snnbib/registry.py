"""A small name/alias/suffix registry shared by exporters and lookup providers (pybtex-style)."""

from __future__ import annotations

from importlib import import_module
from typing import Generic, TypeVar

from .errors import UnknownNameError

T = TypeVar("T")


class Registry(Generic[T]):
    """Plugins by name, alias and file suffix.

    Built-in plugins are listed as module paths and imported on first use (keeps start-up
    fast); third-party plugins come from an entry-point group, scanned only when a name is
    not a built-in one or every plugin is listed (importlib.metadata costs ~50 ms at start-up).
    A plugin is any object with `name`, and optionally `aliases` and `suffixes` (".bib", ...).
    """

    def __init__(self, what: str, group: str, builtins: tuple[str, ...]) -> None:
        self.what = what
        self.group = group
        self._builtins = builtins
        self._plugins: dict[str, T] | None = None
        self._scanned = False

    def register(self, plugin: T) -> T:
        self._load()[getattr(plugin, "name")] = plugin
        return plugin

    def _load(self, scan: bool = True) -> dict[str, T]:
        """Built-in plugins, plus the entry-point group's when `scan`."""
        if self._plugins is None:
            self._plugins = {}
            for module in self._builtins:
                plugin = import_module(module).PLUGIN
                self._plugins[plugin.name] = plugin
        if scan and not self._scanned:
            from importlib.metadata import entry_points

            self._scanned = True
            for ep in entry_points(group=self.group):
                plugin = ep.load()
                self._plugins.setdefault(plugin.name, plugin)
        return self._plugins

    def names(self) -> list[str]:
        return list(self._load())

    def all(self) -> list[T]:
        return list(self._load().values())

    def choices(self) -> list[str]:
        """Every name and alias, for click.Choice."""
        out: list[str] = []
        for plugin in self._load().values():
            out.append(getattr(plugin, "name"))
            out.extend(getattr(plugin, "aliases", ()))
        return out

    def get(self, name: str) -> T:
        wanted = name.lower()
        for scan in (False, True):
            for plugin in self._load(scan).values():
                if wanted == getattr(plugin, "name") or wanted in getattr(plugin, "aliases", ()):
                    return plugin
        raise UnknownNameError(self.what, name, self.names())

    def for_suffix(self, suffix: str) -> T:
        wanted = suffix.lower()
        for scan in (False, True):
            for plugin in self._load(scan).values():
                if wanted in getattr(plugin, "suffixes", ()):
                    return plugin
        valid = sorted({s for p in self._load().values() for s in getattr(p, "suffixes", ())})
        raise UnknownNameError(f"{self.what} file suffix", suffix, valid)
