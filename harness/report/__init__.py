"""Report outputs of a run: report.json, report.html, matrix.png, summary.md; release gate; shards and merge."""
