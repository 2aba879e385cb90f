"""Running the real programs (pdflatex, bibtex, biber, pandoc) on exported files, for the tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

# LaTeX set-up of the test documents: what a typical paper loads (T1 fonts: Þ and ð need them)
PREAMBLE = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{url}
"""
# LaTeX's defaults (OT1 fonts), which every character but Þ and ð works with
PLAIN_PREAMBLE = PREAMBLE.replace("\\usepackage[T1]{fontenc}\n", "")
_WARNING = re.compile(r"^.*(?:Warning|WARN|ERROR|^! ).*$", re.M)


def require_tool(name: str) -> str:
    """The program's path; skipped locally when absent, a failure under CI=true."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (scripts/install-system-deps installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass
class Run:
    """The logs of one LaTeX build and the number of references the .bbl holds."""

    log: str
    blg: str
    references: int

    def problems(self) -> list[str]:
        """Warning and error lines of the LaTeX log and the bibliography program's log."""
        return _WARNING.findall(self.log) + _WARNING.findall(self.blg)


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=300)


def _latex(tmp: Path, body: str) -> subprocess.CompletedProcess[str]:
    (tmp / "doc.tex").write_text(body, encoding="utf-8")
    return _run([require_tool("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], tmp)


def _log(tmp: Path, name: str) -> str:
    path = tmp / name
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


def _workdir(tmp: Path) -> Path:
    work = tmp / "latex"
    work.mkdir(parents=True, exist_ok=True)
    return work


def bibtex_build(bib: Path, keys: list[str], style: str, tmp: Path, preamble: str = PREAMBLE) -> Run:
    """pdflatex + bibtex + pdflatex twice in tmp/latex, citing every key."""
    tmp = _workdir(tmp)
    shutil.copy(bib, tmp / "refs.bib")
    body = preamble + "\\begin{document}\n" + "".join(f"\\nocite{{{k}}}\n" for k in keys) + \
        f"\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n\\end{{document}}\n"
    first = _latex(tmp, body)
    assert first.returncode == 0, first.stdout[-3000:]
    bib_run = _run([require_tool("bibtex"), "doc"], tmp)
    assert bib_run.returncode == 0, bib_run.stdout[-3000:]
    for _ in range(2):
        again = _latex(tmp, body)
        assert again.returncode == 0, again.stdout[-3000:]
    return Run(_log(tmp, "doc.log"), _log(tmp, "doc.blg"), _log(tmp, "doc.bbl").count("\\bibitem"))


def biber_build(bib: Path, keys: list[str], tmp: Path, preamble: str = PREAMBLE) -> Run:
    """pdflatex + biber + pdflatex twice in tmp/latex with biblatex (numeric), citing every key."""
    tmp = _workdir(tmp)
    shutil.copy(bib, tmp / "refs.bib")
    body = preamble + "\\usepackage[backend=biber,style=numeric]{biblatex}\n\\addbibresource{refs.bib}\n" + \
        "\\begin{document}\n" + "".join(f"\\nocite{{{k}}}\n" for k in keys) + \
        "\\printbibliography\n\\end{document}\n"
    first = _latex(tmp, body)
    assert first.returncode == 0, first.stdout[-3000:]
    biber = _run([require_tool("biber"), "doc"], tmp)
    assert biber.returncode == 0, biber.stdout[-3000:]
    for _ in range(2):
        again = _latex(tmp, body)
        assert again.returncode == 0, again.stdout[-3000:]
    return Run(_log(tmp, "doc.log"), _log(tmp, "doc.blg"), len(re.findall(r"\\entry\{", _log(tmp, "doc.bbl"))))


def pandoc_references(bibliography: Path, csl: Path, tmp: Path) -> list[str]:
    """The rendered reference list (one string per entry) of pandoc --citeproc citing everything."""
    (tmp / "doc.md").write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    done = _run([require_tool("pandoc"), "doc.md", "--citeproc", f"--bibliography={bibliography}",
                 f"--csl={csl}", "-t", "plain", "--wrap=none"], tmp)
    assert done.returncode == 0, done.stderr
    assert "[WARNING]" not in done.stderr, done.stderr
    return [line for line in done.stdout.splitlines() if re.match(r"^\[\d+\] ", line)]
