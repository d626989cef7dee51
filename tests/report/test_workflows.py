"""The GitHub workflows: the reusable upgrade-verify workflow users call, and this repository's call of it.

GitHub is not reachable from the tests, so what can be checked here is checked: the files parse, the inputs users are
told about exist, every job that runs steps has a time limit, inputs reach scripts only through the environment, the
options the scripts pass exist in the CLI, and the plan step's script (run for real) builds the engine x shard matrix.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
REUSABLE = WORKFLOWS / "upgrade-verify.yml"
INPUTS = {"scenario", "engines", "paths", "checks", "faults", "allowlist", "shards", "python-version",
          "harness-version", "harness-ref", "timeout-minutes"}


def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as the boolean true
    loaded["on"] = loaded.pop(True, loaded.get("on"))
    return loaded


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def inputs_of(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    declared: dict[str, dict[str, Any]] = workflow["on"]["workflow_call"]["inputs"]
    return declared


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda path: path.name)
def test_every_job_that_runs_steps_has_a_time_limit(path: Path) -> None:
    jobs = load(path)["jobs"]
    assert jobs
    for name, job in jobs.items():
        if "uses" in job:  # a call of a reusable workflow: its own jobs carry the limits
            assert "steps" not in job, name
            continue
        assert "timeout-minutes" in job, f"{path.name}: job {name} has no timeout-minutes"


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda path: path.name)
def test_inputs_reach_scripts_through_the_environment_only(path: Path) -> None:
    for step in steps(load(path)):
        script = step.get("run", "")
        assert not re.search(r"\$\{\{\s*(inputs|matrix|github\.event)\.", script), (path.name, step.get("name"))


def test_the_reusable_workflow_declares_the_documented_inputs() -> None:
    workflow = load(REUSABLE)
    declared = inputs_of(workflow)
    assert set(declared) >= INPUTS
    assert [name for name, spec in declared.items() if spec.get("required")] == ["scenario", "engines"]
    assert all(spec.get("description") for spec in declared.values())
    assert set(workflow["on"]) == {"workflow_call"}


def test_the_verify_jobs_are_a_matrix_and_the_merge_applies_the_allowlist() -> None:
    jobs = load(REUSABLE)["jobs"]
    assert jobs["verify"]["needs"] == "plan"
    assert jobs["verify"]["strategy"]["matrix"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    assert jobs["verify"]["strategy"]["fail-fast"] is False
    assert jobs["verify"]["timeout-minutes"] == "${{ inputs.timeout-minutes }}"
    merge = jobs["merge"]
    assert set(merge["needs"]) == {"plan", "verify"} and merge["if"].startswith("always()")
    script = "\n".join(step.get("run", "") for step in merge["steps"])
    assert "upgrade-harness report merge" in script and "--allowlist" in script
    assert "merged/summary.md" in script and "GITHUB_STEP_SUMMARY" in script


def test_the_options_the_scripts_pass_exist_in_the_cli() -> None:
    script = "\n".join(step.get("run", "") for step in steps(load(REUSABLE)))
    for command, used in (("verify", {"--scenario", "--paths", "--faults", "--shard", "--report-dir", "--engine",
                                      "--checks", "--allowlist"}),
                          ("report merge", {"--out", "--allowlist"})):
        assert all(option in script for option in used)
        shown = subprocess.run([sys.executable, "-m", "harness", *command.split(), "--help"], capture_output=True,
                               text=True, timeout=120, env={**os.environ, "COLUMNS": "200"}, check=True).stdout
        assert {option for option in used if option not in shown} == set(), command


def plan(engines: str, shards: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    (step,) = load(REUSABLE)["jobs"]["plan"]["steps"]
    assert step["shell"] == "python"
    output = tmp_path / "github-output"
    output.write_text("")
    completed = subprocess.run([sys.executable, "-c", step["run"]], capture_output=True, text=True, timeout=60,
                               env={**os.environ, "ENGINES": engines, "SHARDS": shards, "GITHUB_OUTPUT": str(output)})
    values = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return completed, values


def test_the_plan_step_makes_one_job_per_engine_group_and_shard(tmp_path: Path) -> None:
    completed, values = plan("mysql@9.7:docker  postgresql@15:docker\n\nmariadb@10.11:docker\n", "2", tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert json.loads(values["matrix"])["include"] == [
        {"group": 1, "engines": "mysql@9.7:docker postgresql@15:docker", "shard": "1/2"},
        {"group": 1, "engines": "mysql@9.7:docker postgresql@15:docker", "shard": "2/2"},
        {"group": 2, "engines": "mariadb@10.11:docker", "shard": "1/2"},
        {"group": 2, "engines": "mariadb@10.11:docker", "shard": "2/2"},
    ]
    assert values["jobs"] == "4"


@pytest.mark.parametrize(
    ("engines", "shards", "message"),
    [
        ("", "1", "input 'engines' names no engine"),
        ("postgresql@15", "0", "input 'shards' is 0"),
        ("mysql://ci:hunter2@db/ postgresql@15\nmysql://ci:hunter2@db/", "1",
         "engine mysql://... is in groups 1 and 2"),
    ],
)
def test_the_plan_step_refuses_bad_input_with_one_line(engines: str, shards: str, message: str, tmp_path: Path) -> None:
    completed, values = plan(engines, shards, tmp_path)
    assert completed.returncode == 1 and values == {}
    assert completed.stderr.strip().splitlines() == [completed.stderr.strip()]
    assert message in completed.stderr and "hunter2" not in completed.stderr


def test_this_repository_calls_the_reusable_workflow_on_pull_requests_and_by_hand() -> None:
    workflow = load(WORKFLOWS / "upgrade-matrix.yml")
    assert set(workflow["on"]) == {"pull_request", "workflow_dispatch"}
    (job,) = workflow["jobs"].values()
    assert job["uses"] == "./.github/workflows/upgrade-verify.yml"
    declared = inputs_of(load(REUSABLE))
    assert set(job["with"]) <= set(declared)
    assert {name for name, spec in declared.items() if spec.get("required")} <= set(job["with"])
    assert int(job["with"]["timeout-minutes"]) <= 30
    assert workflow["concurrency"]["cancel-in-progress"] is True
