"""One benchmark script under two versions of the package, taking turns on the same machine.

    python benchmarks/versus.py BASE SCRIPT [--rounds 2] [-- SCRIPT'S ARGUMENTS]

    python benchmarks/versus.py ada4e96 panel.py -- --papers 1000000

Is a slower figure the code or the machine? A small machine's speed drifts from one hour to
the next, and between days by more than the distance to a target; two figures taken at
different times cannot tell a change in the code from a change in the host. So this runs
the same script, this tree's ``benchmarks/SCRIPT``, once with the package of commit
``BASE`` (checked out into a temporary worktree and put first on ``PYTHONPATH``) and once with
this tree's, in turn, ``--rounds`` times, and prints every output under its version. The
script must use only what both versions have (the public API, ``dp.generate_corpus``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the commit to compare with (any git revision)")
    parser.add_argument("script", help="a script in benchmarks/, e.g. panel.py")
    parser.add_argument("--rounds", type=int, default=2)
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    options, args = parser.parse_args(argv[:cut]), argv[cut + 1:]  # after --: the script's
    script = HERE / options.script
    if not script.is_file():
        sys.exit(f"versus: no benchmark script {script.relative_to(ROOT)}")
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base"
        made = subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(base),
                               options.base], cwd=ROOT, capture_output=True, text=True)
        if made.returncode:
            sys.exit(f"versus: cannot check out {options.base!r}: {made.stderr.strip()}")
        try:
            versions = {f"base {options.base}": base / "src", "this tree": ROOT / "src"}
            for name, source in versions.items():
                imported = subprocess.run(
                    [sys.executable, "-c", "import dailypapers; print(dailypapers.__file__)"],
                    env=environment(source), capture_output=True, text=True).stdout.strip()
                if not imported.startswith(str(source)):
                    sys.exit(f"versus: {name} imports dailypapers from {imported or 'nowhere'}, "
                             f"not {source}")
            failed = False
            for round_ in range(1, options.rounds + 1):
                for name, source in versions.items():
                    print(f"== {name}, round {round_} of {options.rounds}", flush=True)
                    failed |= not run(script, args, source)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                           check=False)
    if failed:
        sys.exit("versus: a run failed (its error is printed above)")


def run(script: Path, args: list[str], source: Path) -> bool:
    """``script`` in a fresh process that imports ``dailypapers`` from ``source``; whether it
    succeeded."""
    done = subprocess.run([sys.executable, str(script), *args], cwd=ROOT,
                          env=environment(source), capture_output=True, text=True)
    print(done.stdout, flush=True)
    if done.returncode:
        print(f"(failed, exit {done.returncode}):\n{done.stderr[-2000:]}", flush=True)
    return done.returncode == 0


def environment(source: Path) -> dict[str, str]:
    """This process's environment with ``source`` first on ``PYTHONPATH``."""
    return {**os.environ,
            "PYTHONPATH": os.pathsep.join([str(source), os.environ.get("PYTHONPATH", "")])}


if __name__ == "__main__":
    main()
