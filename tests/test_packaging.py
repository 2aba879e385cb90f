"""The dataset ships inside the package: every data file is covered by pyproject's package data."""

from __future__ import annotations

import fnmatch
import sys

from conftest import DATA, ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_every_data_file_is_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-dir"]["snnbib.data"] == "data"
    patterns = config["package-data"]
    for path in DATA.rglob("*"):
        if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".py" or path.name.startswith("."):
            continue
        package = ".".join(["snnbib.data", *path.relative_to(DATA).parent.parts])
        assert package in config["packages"], f"{package} is not a package"
        assert any(fnmatch.fnmatch(path.name, p) for p in patterns.get(package, [])), f"{path} is not package data"


def test_the_installed_package_finds_its_dataset():
    import snnbib
    from snnbib.paths import bundled_data_dir

    assert (bundled_data_dir() / "dataset.jsonl").is_file()
    assert len(snnbib.load()) > 0
