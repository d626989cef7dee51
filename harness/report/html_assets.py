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
  var wanted = window.location.hash.slice(1);
  if (wanted) {
    var start = document.querySelector('[data-detail="' + CSS.escape(wanted) + '"]');
    if (start) { show(start); }
  }
})();
"""
