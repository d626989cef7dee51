"""Inline style and script of report.html: the file must open offline, so nothing is loaded from a network."""

from __future__ import annotations

CSS = """
:root { --pass: #2e9e48; --fail: #d33a2c; --error: #8e1b12; --skip: #a3a8ad; --allowed: #e6a317;
        --ink: #1d232a; --muted: #5d6670; --line: #d9dde1; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       background: var(--bg); }
header { padding: 16px 24px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 6px; font-size: 20px; }
main { padding: 8px 24px 240px; }
section { margin: 18px 0; }
h2 { font-size: 17px; margin: 18px 0 8px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
.counts span { display: inline-block; margin-right: 14px; font-weight: 600; }
.counts .n-passed { color: var(--pass); } .counts .n-failed, .counts .n-error { color: var(--fail); }
.counts .n-skipped { color: var(--muted); } .counts .n-allowed { color: #a66f00; }
.legend span { display: inline-block; margin-right: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px;
            border-radius: 2px; }
.matrices { display: flex; flex-wrap: wrap; gap: 18px; }
.matrix-box { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
              overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; }
table.matrix th { font-size: 11px; font-weight: 600; color: var(--muted); padding: 2px 4px; white-space: nowrap; }
table.matrix th.corner { text-align: left; }
table.matrix td { width: 58px; height: 30px; text-align: center; font-size: 11px; border: 2px solid #fff;
                  white-space: nowrap; }
td.cell { color: #fff; cursor: pointer; border-radius: 4px; }
td.cell:hover, td.cell.selected { outline: 2px solid var(--ink); }
td.passed, .legend i.passed { background: var(--pass); }
td.failed, .legend i.failed { background: var(--fail); }
td.error, .legend i.error { background: var(--error); }
td.skipped, .legend i.skipped { background: var(--skip); }
td.allowed, .legend i.allowed { background: var(--allowed); color: var(--ink); }
td.empty { background: #eef0f2; }
td.na { background: transparent; }
table.list, table.kv { background: #fff; border: 1px solid var(--line); width: 100%; }
table.list th, table.list td, table.kv th, table.kv td { text-align: left; padding: 4px 8px;
      border-bottom: 1px solid var(--line); vertical-align: top; }
table.kv th { width: 14em; }
table.list tr.clickable { cursor: pointer; } table.list tr.clickable:hover { background: #eef3fb; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-size: 12px; }
.badge.passed { background: var(--pass); } .badge.failed { background: var(--fail); }
.badge.error { background: var(--error); } .badge.skipped { background: var(--skip); }
.badge.allowed { background: var(--allowed); color: var(--ink); }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
#details { position: fixed; left: 0; right: 0; bottom: 0; max-height: 45vh; overflow: auto; background: #fff;
           border-top: 3px solid var(--ink); padding: 10px 24px; box-shadow: 0 -4px 16px rgba(0,0,0,.12); }
#details[hidden] { display: none; }
#details pre { white-space: pre-wrap; margin: 6px 0; }
#details button { float: right; }
.case-detail { display: none; }
details.online { margin: 6px 0; } details.online summary { cursor: pointer; }
table.list tr.bad td { background: #fbe5e3; }
.verdict { margin: 4px 0 8px; padding: 6px 10px; border-radius: 4px; border-left: 6px solid; }
.verdict.passed { border-color: var(--pass); background: #e7f5ea; }
.verdict.failed { border-color: var(--fail); background: #fbe5e3; }
.verdict ul { margin: 4px 0 0; padding-left: 20px; }
.filters { margin: 4px 0 8px; } .filters label { margin-right: 12px; } #filter-count { color: var(--muted); }
.case-list-box { max-height: 22em; overflow-y: auto; border: 1px solid var(--line); }
td.cell.dimmed { opacity: 0.15; }
"""

JS = """
(function () {
  var panel = document.getElementById("details");
  var body = document.getElementById("details-body");
  var selected = null;
  function show(target) {
    var source = document.getElementById(target.getAttribute("data-detail"));
    if (!source) { return; }
    body.innerHTML = source.innerHTML;
    panel.hidden = false;
    if (selected) { selected.classList.remove("selected"); }
    selected = target;
    target.classList.add("selected");
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-detail]");
    if (target) { show(target); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { panel.hidden = true; }
  });
  document.getElementById("details-close").addEventListener("click", function () { panel.hidden = true; });
  // report.html#detail-12 opens with that diagnosis shown: a link to one failure for a chat message or ticket.
  function showLinked() {
    var wanted = window.location.hash.slice(1);
    if (!wanted) { return; }
    var start = document.querySelector('td[data-detail="' + CSS.escape(wanted) + '"]') ||
                document.querySelector('[data-detail="' + CSS.escape(wanted) + '"]');
    if (start) { show(start); }
  }
  window.addEventListener("hashchange", showLinked);

  // Filters by engine and outcome over the case list, the matrices and the other case tables.
  var engineFilter = document.getElementById("filter-engine");
  var outcomeFilter = document.getElementById("filter-outcome");
  var counter = document.getElementById("filter-count");
  function outcomeMatches(outcome) {
    var want = outcomeFilter.value;
    if (want === "bad") { return outcome === "failed" || outcome === "error"; }
    return !want || outcome === want;
  }
  function engineMatches(engine) { return !engineFilter.value || engine === engineFilter.value; }
  function applyFilters() {
    var rows = document.querySelectorAll("tr[data-outcome]");
    var listed = 0, shown = 0;
    rows.forEach(function (row) {
      var keep = engineMatches(row.getAttribute("data-engine")) && outcomeMatches(row.getAttribute("data-outcome"));
      row.hidden = !keep;
      if (row.closest("#case-list")) { listed += 1; if (keep) { shown += 1; } }
    });
    counter.textContent = shown + " of " + listed + " cases";
    document.querySelectorAll(".engine-block").forEach(function (block) {
      block.hidden = !engineMatches(block.getAttribute("data-engine"));
    });
    document.querySelectorAll("td.cell[data-outcome]").forEach(function (cell) {
      cell.classList.toggle("dimmed", !outcomeMatches(cell.getAttribute("data-outcome")));
    });
  }
  function choose(select, value) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === value) { select.value = value; return; }
    }
  }
  // report.html?engine=mariadb@10.11&outcome=failed opens with that selection.
  var query = new URLSearchParams(window.location.search);
  choose(engineFilter, query.get("engine") || "");
  choose(outcomeFilter, query.get("outcome") || "");
  function remember() {
    var params = new URLSearchParams();
    if (engineFilter.value) { params.set("engine", engineFilter.value); }
    if (outcomeFilter.value) { params.set("outcome", outcomeFilter.value); }
    var search = params.toString();
    try {
      history.replaceState(null, "", (search ? "?" + search : window.location.pathname) + window.location.hash);
    } catch (err) { /* some browsers refuse it for file:// pages; the filter still applies */ }
  }
  [engineFilter, outcomeFilter].forEach(function (select) {
    select.addEventListener("change", function () { applyFilters(); remember(); });
  });
  applyFilters();
  showLinked();
})();
"""
