"""What `reproduce` prints, and the bundle's README and script: a diagnosis in titled sections."""

from __future__ import annotations

from harness.reproduce.bundled import BundleResult
from harness.reproduce.pipeline import Attempt
from harness.reproduce.sqltext import flatten
from harness.reproduce.workspace import Workspace

_STATEMENT_LIMIT = 400


def _section(title: str, body: str) -> str:
    lines = body.splitlines() or [""]
    if len(lines) == 1:
        return f"{title}: {lines[0]}"
    return f"{title}:\n" + "\n".join(f"  {line}" for line in lines)


def _statement(sql: str | None) -> str:
    flat = flatten(sql or "")
    return flat if len(flat) <= _STATEMENT_LIMIT else flat[: _STATEMENT_LIMIT - 3] + "..."


def headline(attempt: Attempt) -> str:
    start = attempt.prepared.identification.version
    outcome = attempt.outcome
    if outcome.ok:
        applied = ", ".join(outcome.applied) or "nothing to apply"
        return f"upgrade {start} -> {attempt.target} succeeded ({applied}): the failure does not reproduce here"
    if outcome.failed_version:
        return f"upgrade {start} -> {attempt.target} FAILED at {outcome.failed_version}: reproduced"
    return f"upgrade {start} -> {attempt.target} was refused by the runner: reproduced"


def report(workspace: Workspace, attempt: Attempt, bundle: BundleResult | None) -> str:
    prepared = attempt.prepared
    server = workspace.server
    outcome = attempt.outcome
    sections = [
        _section("dump", f"{prepared.dump.path} ({prepared.dump.described})"),
        _section("engine", f"{server.spec.name} ({server.provider}, server {server.server_version})"),
        _section("loaded", f"{prepared.loaded.describe()}; {len(prepared.schema.tables)} tables, "
                           f"{prepared.rows} rows"),
        _section("version", prepared.identification.describe()),
        _section("result", headline(attempt)),
    ]
    if not outcome.ok:
        if outcome.failed_statement:
            sections.append(_section("failing statement", _statement(outcome.failed_statement)))
        sections.append(_section("error", outcome.error.strip() or "(no message)"))
        if attempt.diagnosis is not None:
            sections.append(_section("offending rows", attempt.diagnosis.render()))
    if bundle is not None:
        sections.append(_section("bundle", bundle.describe()))
    return "\n".join(sections)


def reproduce_script(workspace: Workspace, original: Attempt, bundle: BundleResult) -> str:
    environment = workspace.environment
    scenario = bundle.command.split(" --scenario ", 1)[1].split(" --to ", 1)[0]
    return (
        "#!/bin/sh\n"
        f"# Replays a failed upgrade of {workspace.scenario.name}: {headline(bundle.replay)}\n"
        "# Exit status: 1 when the failure reproduces, 0 when the upgrade succeeds, 2 on bad input.\n"
        "# Needs upgrade-harness on PATH and the engine below runnable here (local binaries or Docker).\n"
        'cd "$(dirname "$0")" || exit 2\n'
        f"exec upgrade-harness reproduce --dump dump.sql --engine {_quote(environment.spec.text_without_password)} "
        f"--scenario {scenario} --to {original.target}\n"
    )


def bundle_readme(workspace: Workspace, original: Attempt, bundle: BundleResult) -> str:
    replay = bundle.replay
    outcome = replay.outcome
    prepared = replay.prepared
    rows = replay.diagnosis.render() if replay.diagnosis else "(none identified)"
    masked = (
        f"Personal data is masked (consistent fakes, same lengths and uniqueness) in: {', '.join(bundle.masked)}.\n"
        if bundle.masked else "The rows are the customer's own values (not masked).\n"
    )
    stamped = " (stamped: the dump has no version table)" if prepared.identification.stamp else ""
    if bundle.left_unmasked:
        masked += f"Left unmasked because the failure depends on them: {', '.join(bundle.left_unmasked)}.\n"
    return f"""# Reproduction: {workspace.scenario.name} upgrade failing at {outcome.failed_version or 'the runner'}

{headline(replay)}

Replay it:

```sh
{bundle.command}
```

or `./reproduce.sh` from this directory (exit status 1: the failure reproduced).

| | |
|---|---|
| engine | `{workspace.environment.spec.text_without_password}` (built on server {workspace.server.server_version}) |
| dump | `dump.sql` ({prepared.dump.kind}), schema alone in `schema.sql` |
| version of the dump | {prepared.identification.version}{stamped} |
| upgrade | {prepared.identification.version} -> {original.target} |
| rows | {bundle.rows_kept} of the customer's {bundle.rows_total} rows ({bundle.minimised.method}) |

## Failing statement

```sql
{flatten(outcome.failed_statement or '')}
```

## Error

```
{outcome.error.strip()}
```

## Offending rows

```
{rows}
```

## Data

{masked}"""


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)
