"""Mutation testing (mutmut) of one part of the project in a scratch copy: docs/verification.md section 5.

    python tools/mutation.py compare                     # or core, campaign, oracle, bench, port, train, judges
    python tools/mutation.py oracle --only 'autodiff_oracle.padded.*'   # some mutants only (shell-style patterns)

It mutates the committed HEAD (git archive), never the working tree, in --scratch (default /tmp/mutation-PART),
with the per-part mutmut settings and test selection the documented runs used (mutation_parts.py, beside this
file), HYPOTHESIS_PROFILE=ci and JAX's persistent cache, at nice 19. Then every mutant mutmut did not kill is
run again with MUTANT_UNDER_TEST set before pytest imports anything: the oracle calls some of its functions at
import (before mutmut's forkserver names a mutant) and jit caches hide the rest from mutmut's mapping, so only this
second pass judges them. It puts the mutated copy first on PYTHONPATH, so a fresh interpreter a test starts runs
the mutant too. A survivor is a mutant no selected test fails on: compare it with the equivalent ones of
docs/verification.md section 5 and the part's last runs in docs/verification-log.md.
Needs the `mutation` extra (pip install -e ".[mutation]"); prints one line per mutant and writes summary.json.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from mutation_parts import PARTS, RETRACE_FIXTURE, STATS_FIXTURE

ROOT = Path(__file__).resolve().parent.parent


def prepare(part: str, scratch: Path) -> None:
    """A fresh copy of HEAD in scratch, with the part's [tool.mutmut] settings appended to its pyproject.toml."""
    if scratch.exists():
        sys.exit(f"{scratch} exists: remove it, or pass --resume to go on with the run in it")
    scratch.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive, check=True)
    settings = {"source_paths": PARTS[part]["source"], "only_mutate": PARTS[part]["mutate"],
                "also_copy": PARTS[part]["copy"],
                "process_isolation": "forkserver", "timeout_multiplier": 30.0,  # JAX is not fork-safe once run
                "pytest_add_cli_args": ["-p", "no:cacheprovider", "-x", "-q", *PARTS[part]["args"]],
                "pytest_add_cli_args_test_selection": PARTS[part]["tests"]}
    lines = [f"{key} = {json.dumps(value)}" for key, value in settings.items()]  # JSON lists and strings are TOML
    with open(scratch / "pyproject.toml", "a") as f:
        f.write("\n[tool.mutmut]\n" + "\n".join(lines) + "\n")
    if ".git/" in PARTS[part]["copy"]:   # a part whose tests read the commit: the copy is a checkout of its own
        git = ["git", "-c", "user.name=mutation", "-c", "user.email=mutation@localhost", "-c", "commit.gpgsign=false"]
        alone = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}   # GIT_DIR would aim at another repo
        commit = ["commit", "-q", "--no-verify", "-m", "HEAD, for mutation testing"]
        for args in (["init", "-q"], ["add", "-A"], commit):
            subprocess.run([*git, *args], cwd=scratch, env=alone, check=True)
    with open(scratch / "tests" / "conftest.py", "a") as f:
        f.write(STATS_FIXTURE + (RETRACE_FIXTURE if part == "oracle" else ""))


def verdicts(scratch: Path, patterns: list[str]) -> dict[str, int | None]:
    """mutmut's exit code per mutant name (1: killed; 0: survived; None: not run), from its .meta files."""
    found: dict[str, int | None] = {}
    for meta in sorted((scratch / "mutants").rglob("*.py.meta")):
        found.update(json.loads(meta.read_text())["exit_code_by_key"])
    wanted = [name for name in found if not patterns or any(fnmatch.fnmatch(name, p) for p in patterns)]
    return {name: found[name] for name in wanted}


def pytest(name: str, scratch: Path, part: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The part's tests in mutmut's copy with mutant name active from import on ("": none), -x. The mutated copy
    leads PYTHONPATH, so a fresh interpreter a test starts elsewhere (README's examples in an empty folder) imports
    it, with the mutant, and not the checkout the venv's editable install points to. Not in mutmut's own pass: there
    such a child, in its stats phase, reads mutmut's settings from its own folder and raises FileNotFoundError."""
    args = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-x", "-q", *PARTS[part]["args"],
            *PARTS[part]["tests"]]
    path = os.pathsep.join([str(scratch / "mutants"), *filter(None, [env.get("PYTHONPATH")])])
    return subprocess.run(args, cwd=scratch / "mutants", env={**env, "MUTANT_UNDER_TEST": name, "PYTHONPATH": path},
                          capture_output=True, text=True, timeout=1200)


def rerun(name: str, scratch: Path, part: str, env: dict[str, str]) -> tuple[str, str]:
    """('killed' | 'survived' | 'error ...', name): the mutant active from import on, its part's tests, -x."""
    try:
        done = pytest(name, scratch, part, env)
    except subprocess.TimeoutExpired:
        return "error: timed out after 1200 s", name
    status = {0: "survived", 1: "killed"}.get(done.returncode, f"error: pytest exit code {done.returncode}")
    return status, name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=sorted(PARTS))
    parser.add_argument("--scratch", type=Path, help="where to copy HEAD and run (default /tmp/mutation-PART)")
    parser.add_argument("--only", nargs="+", default=[], metavar="PATTERN", help="mutant names, shell-style")
    parser.add_argument("--jobs", type=int, default=2, help="mutants run at a time (default 2)")
    parser.add_argument("--tests", nargs="+", metavar="FILE", help="run these test files instead of the part's "
                        "(a quick targeted run: a survivor may still be killed by the part's other tests)")
    parser.add_argument("--resume", action="store_true", help="go on in an existing scratch copy")
    args = parser.parse_args(argv)
    mutmut = Path(sys.executable).parent / "mutmut"
    if not mutmut.exists():
        sys.exit(f'{mutmut} not found: pip install -e ".[mutation]"')
    if args.tests:
        PARTS[args.part]["tests"] = args.tests
    scratch = (args.scratch or Path(f"/tmp/mutation-{args.part}")).resolve()
    if not args.resume:
        prepare(args.part, scratch)
    os.nice(19)
    env = {**os.environ, "HYPOTHESIS_PROFILE": "ci", "JAX_COMPILATION_CACHE_DIR": str(scratch / ".jax-cache"),
           "JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS": "0"}
    ran = subprocess.run([str(mutmut), "run", "--max-children", str(args.jobs), *args.only], cwd=scratch, env=env)
    if ran.returncode != 0:   # its stats or clean run failed: the .meta files list every mutant, none judged
        sys.exit(f"mutmut stopped with exit code {ran.returncode} before judging (see its output above)")
    first = verdicts(scratch, args.only)
    if not first:
        sys.exit("mutmut generated no mutants (did its clean run of the tests fail? see its output above)")
    try:
        clean = pytest("", scratch, part := args.part, env)   # a test red with no mutant would "kill" every one
    except subprocess.TimeoutExpired:
        sys.exit(f"the {args.part} part's tests took over 1200 s in {scratch / 'mutants'} with no mutant active")
    if clean.returncode != 0:
        sys.exit(f"{clean.stdout[-3000:]}\nthe {part} part's tests fail in {scratch / 'mutants'} with no mutant "
                 "active (a file they read not copied there? see PARTS' copy lists): no verdict can be trusted")
    again = [name for name, code in first.items() if code != 1]
    print(f"mutmut: {len(first)} mutants, {len(first) - len(again)} killed; running the other {len(again)} "
          f"with the mutant named before import, {args.jobs} at a time", flush=True)
    summary = scratch / "summary.json"  # written after every mutant: --resume skips those judged already
    done = json.loads(summary.read_text()) if args.resume and summary.exists() else {}
    final = {name: "killed by mutmut" for name, code in first.items() if code == 1}
    final.update({name: done[name] for name in again if done.get(name) in ("killed", "survived")})
    todo = [name for name in again if name not in final]
    with ThreadPoolExecutor(args.jobs) as pool:
        for i, (status, name) in enumerate(pool.map(lambda n: rerun(n, scratch, args.part, env), todo), 1):
            final[name] = status
            summary.write_text(json.dumps(final, indent=1, sort_keys=True) + "\n")
            print(f"[{i}/{len(todo)}] {status}: {name}", flush=True)
    summary.write_text(json.dumps(final, indent=1, sort_keys=True) + "\n")
    survivors = sorted(name for name, status in final.items() if status == "survived")
    errors = sorted(name for name, status in final.items() if status.startswith("error"))
    killed = len(final) - len(survivors) - len(errors)
    print(f"\n{args.part}: {len(final)} mutants, {killed} killed, {len(survivors)} survived, {len(errors)} errors "
          f"(verdicts: {summary})")
    for name in survivors + errors:
        print(f"  {final[name]}: {name}   (cd {scratch} && {mutmut} show {name})")
    return 1 if survivors or errors else 0


if __name__ == "__main__":
    sys.exit(main())
