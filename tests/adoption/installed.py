"""The package installed the way a user installs it: a wheel or an editable install, each in a fresh venv.

Commands run through the venv's own entry points (`bin/upgrade-harness`, `bin/migrator`, `bin/pytest`), from a
directory outside the repository, with an environment that cannot reach the checkout (no PYTHONPATH, no inherited
virtualenv or pytest settings).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# What a source distribution of the package holds: building from a copy keeps build/ and *.egg-info out of the
# shared checkout, and a module deleted in the checkout cannot survive in a stale build/lib.
_PACKAGE_SOURCES = ("pyproject.toml", "README.md", "harness", "migrator")
# Variables that would make the venv see the checkout or a caller's pytest configuration.
_ISOLATING = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")
_HARNESS_PREFIX = "UPGRADE_HARNESS_"
INSTALL_TIMEOUT_S = 600


@dataclass(frozen=True)
class Completed:
    """A finished command: its exit code and what it printed."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def describe(self) -> str:
        """For assertion messages: the command, its exit code and the head and tail of its output."""
        lines = self.output.splitlines()
        shown = lines if len(lines) <= 60 else [*lines[:30], f"... {len(lines) - 50} lines ...", *lines[-20:]]
        return f"$ {' '.join(self.argv)}\nexit {self.returncode} after {self.seconds:.1f} s\n" + "\n".join(shown)


@dataclass(frozen=True)
class InstalledHarness:
    """One fresh venv with the package installed; `kind` is "wheel" or "editable"."""

    kind: str
    venv: Path

    def bin(self, program: str) -> Path:
        return self.venv / "bin" / program

    def environment(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in _ISOLATING and not key.startswith(_HARNESS_PREFIX)
        }
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', os.defpath)}"
        env.update(extra or {})
        return env

    def run(
        self, program: str, *args: str, cwd: Path, timeout_s: float = 300, env: Mapping[str, str] | None = None
    ) -> Completed:
        """Run the venv's `program` in `cwd`, which must lie outside the repository."""
        assert not cwd.resolve().is_relative_to(REPO), f"{cwd} is inside the repository"
        argv = (str(self.bin(program)), *args)
        started = time.monotonic()
        done = subprocess.run(
            argv, cwd=cwd, env=self.environment(env), capture_output=True, text=True, timeout=timeout_s, check=False
        )
        return Completed(argv, done.returncode, done.stdout, done.stderr, time.monotonic() - started)

    def start(self, program: str, *args: str, cwd: Path, env: Mapping[str, str] | None = None) -> RunningCommand:
        """Start `program` in its own process group, as a terminal runs a foreground job."""
        assert not cwd.resolve().is_relative_to(REPO), f"{cwd} is inside the repository"
        argv = (str(self.bin(program)), *args)
        process = subprocess.Popen(
            argv, cwd=cwd, env=self.environment(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        return RunningCommand(argv, process, time.monotonic())


@dataclass(frozen=True)
class RunningCommand:
    argv: tuple[str, ...]
    process: subprocess.Popen[str]
    started: float

    def interrupt(self) -> None:
        """Ctrl-C: SIGINT to the job's whole process group (the command and the pytest it runs)."""
        os.killpg(self.process.pid, signal.SIGINT)

    def wait(self, timeout_s: float) -> Completed:
        try:
            stdout, stderr = self.process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            stdout, stderr = self.process.communicate()
            stderr += f"\n[killed: still running {timeout_s} s after the interrupt]"
        return Completed(self.argv, self.process.returncode, stdout, stderr, time.monotonic() - self.started)


def _checked(argv: list[str], cwd: Path) -> None:
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")


def build_wheel(work: Path) -> Path:
    """A wheel of the checkout as it is now (committed or not), built from a copy of the package sources."""
    source = work / "source"
    source.mkdir(parents=True)
    for name in _PACKAGE_SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, source / name)
    wheels = work / "wheels"
    _checked([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w", str(wheels)], cwd=work)
    (wheel,) = wheels.glob("upgrade_harness-*.whl")
    return wheel


def create_venv(venv: Path, kind: str, requirement: str) -> InstalledHarness:
    """A fresh venv (no system site-packages) with `requirement` installed, dependencies from the registry."""
    _checked([sys.executable, "-m", "venv", str(venv)], cwd=venv.parent)
    # Byte-compiling every dependency at install time costs more than compiling what a run imports.
    install = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-compile"]
    _checked([*install, *(["-e"] if kind == "editable" else []), requirement], cwd=venv.parent)
    installed = InstalledHarness(kind, venv)
    _check_isolation(installed)
    return installed


def _check_isolation(installed: InstalledHarness) -> None:
    """The venv imports the harness from where its kind says: site-packages for a wheel, the checkout if editable."""
    done = installed.run(
        "python", "-c", "import harness, sys; print(harness.__file__); print(sys.prefix)", cwd=installed.venv.parent
    )
    if done.returncode != 0:
        raise RuntimeError(f"the venv cannot import the harness:\n{done.describe()}")
    location = Path(done.stdout.splitlines()[0]).resolve()
    expected = REPO if installed.kind == "editable" else installed.venv
    if not location.is_relative_to(expected):
        raise RuntimeError(f"the {installed.kind} venv imports the harness from {location}, not from {expected}")
