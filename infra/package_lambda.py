"""Build the Lambda artifact: `build/lambda/` (template.yaml's CodeUri) and `build/lambda.zip`
(serverless.yml's package.artifact).

1. `pip install --target` the runtime dependencies from pyproject.toml `[project].dependencies`, as
   wheels for Lambda's platform (arm64 / aarch64, CPython 3.11, manylinux2014, i.e. glibc 2.17,
   which Amazon Linux 2 satisfies);
2. drop what the Lambda Python runtime already ships (boto3/botocore/s3transfer, ~90 MB unpacked:
   the 250 MB unzipped limit is close otherwise); `--keep-boto3` bundles them instead;
3. copy `shared/` and `functions/` in;
4. precompile bytecode with `--invalidation-mode unchecked-hash`: /var/task is read-only, so without
   shipped .pyc every cold start recompiles everything (2.4-4.2x slower, LIBRARIES.md §11), and
   unchecked-hash .pyc files stay valid whatever the zip does to mtimes;
5. zip the directory deterministically (sorted entries, fixed timestamps).

Usage: python infra/package_lambda.py [--dry-run] [--out DIR] [--no-zip] [--keep-boto3]
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "build" / "lambda"

PLATFORM = "manylinux2014_aarch64"
PYTHON_VERSION = "3.11"
SOURCE_PACKAGES = ("shared", "functions")
# Shipped by the Lambda python3.11 runtime; importable there without bundling.
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")
# Never needed at run time in the function package.
PRUNE_DIRS = ("__pycache__", "tests")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass
class Plan:
    out: Path
    deps: list[str]
    pip_cmd: list[str]
    compile_cmd: list[str]
    drop: tuple[str, ...]
    zip_path: Path | None
    sources: list[Path] = field(default_factory=list)

    def describe(self) -> str:
        lines = [
            f"output directory: {self.out}",
            f"runtime dependencies ({len(self.deps)}, from pyproject.toml [project].dependencies):",
            *(f"  - {d}" for d in self.deps),
            "install:",
            "  " + shlex.join(self.pip_cmd),
            "drop (provided by the Lambda runtime): " + (", ".join(self.drop) or "nothing"),
            "copy:",
            *(f"  {src} -> {self.out / src.name}" for src in self.sources),
            "precompile:",
            "  " + shlex.join(self.compile_cmd),
            f"zip: {self.zip_path}" if self.zip_path else "zip: skipped",
        ]
        return "\n".join(lines)


def runtime_dependencies(pyproject: Path = ROOT / "pyproject.toml") -> list[str]:
    with pyproject.open("rb") as fh:
        data = tomllib.load(fh)
    return list(data["project"]["dependencies"])


def make_plan(out: Path, *, zip_artifact: bool = True, keep_boto3: bool = False) -> Plan:
    deps = runtime_dependencies()
    pip_cmd = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--target",
        str(out),
        "--platform",
        PLATFORM,
        "--implementation",
        "cp",
        "--python-version",
        PYTHON_VERSION,
        "--only-binary=:all:",
        "--upgrade",
        "--no-compile",  # compiled below, once, with unchecked-hash
        "--disable-pip-version-check",
        "--no-input",
        *deps,
    ]
    compile_cmd = [
        sys.executable,
        "-m",
        "compileall",
        "-q",
        "-j",
        "0",
        "--invalidation-mode",
        "unchecked-hash",
        str(out),
    ]
    return Plan(
        out=out,
        deps=deps,
        pip_cmd=pip_cmd,
        compile_cmd=compile_cmd,
        drop=() if keep_boto3 else RUNTIME_PROVIDED,
        zip_path=out.with_suffix(".zip") if zip_artifact else None,
        sources=[ROOT / name for name in SOURCE_PACKAGES],
    )


def _drop_distribution(out: Path, name: str) -> None:
    """Remove an installed top-level package and its .dist-info from a --target directory."""
    shutil.rmtree(out / name, ignore_errors=True)
    normalized = name.lower().replace("-", "_")
    for info in out.glob("*.dist-info"):
        if info.name.lower().split("-")[0] == normalized:
            shutil.rmtree(info, ignore_errors=True)


def _copy_source(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns(*PRUNE_DIRS, "*.pyc"), dirs_exist_ok=False)


def _prune(out: Path) -> None:
    for cache in out.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def _zip(out: Path, zip_path: Path) -> None:
    """Deterministic zip: sorted entries, fixed timestamps, file modes kept."""
    zip_path.unlink(missing_ok=True)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(out).as_posix(), date_time=ZIP_EPOCH)
            info.external_attr = (0o755 if os.access(path, os.X_OK) else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def build(plan: Plan) -> None:
    if sys.version_info[:2] != (3, 11):
        # .pyc files carry a per-version magic number: compiled by another Python they are ignored.
        raise SystemExit(f"run with Python {PYTHON_VERSION} (this is {sys.version.split()[0]})")
    if plan.out.exists():
        shutil.rmtree(plan.out)
    plan.out.mkdir(parents=True)
    subprocess.run(plan.pip_cmd, check=True)
    for name in plan.drop:
        _drop_distribution(plan.out, name)
    _prune(plan.out)
    for src in plan.sources:
        _copy_source(src, plan.out / src.name)
    subprocess.run(plan.compile_cmd, check=True)
    unzipped = _size_mb(plan.out)
    print(f"built {plan.out} ({unzipped:.1f} MB unzipped; Lambda's limit is 250 MB)")
    if unzipped > 250:
        raise SystemExit("package exceeds Lambda's 250 MB unzipped limit")
    if plan.zip_path:
        _zip(plan.out, plan.zip_path)
        print(f"wrote {plan.zip_path} ({plan.zip_path.stat().st_size / 1e6:.1f} MB)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default build/lambda)")
    parser.add_argument("--dry-run", action="store_true", help="print the plan, install nothing")
    parser.add_argument("--no-zip", action="store_true", help="skip build/lambda.zip (SAM zips CodeUri itself)")
    parser.add_argument(
        "--keep-boto3", action="store_true", help="bundle boto3/botocore instead of using the runtime's"
    )
    args = parser.parse_args(argv)

    plan = make_plan(args.out.resolve(), zip_artifact=not args.no_zip, keep_boto3=args.keep_boto3)
    print(plan.describe())
    if args.dry_run:
        print("dry run: nothing installed")
        return 0
    build(plan)
    return 0


if __name__ == "__main__":
    sys.exit(main())
