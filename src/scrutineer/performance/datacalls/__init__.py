"""Partner data calls: a body's quarterly request to partner organisations for figures.

A data call asks partner organisations for one quarter's figures. Each partner downloads a
template (XLSX or CSV) listing the figures it returns, fills it in and uploads it. The
upload is read and checked in memory first, every problem is reported by spreadsheet row
and column, and only a file with no problems at all is written, in one transaction: nothing
half-imports. Officers may also type a figure by hand, with a note. When a call closes,
every figure still missing is recorded as ``not-received``.

- ``scope``: what a call covers (indicators, areas, organisations, breakdowns);
- ``templates``: the XLSX and CSV templates partners fill in;
- the figure grammar and an upload's cells are read by the parser's pure modules,
  ``packs.figures`` and ``packs.spreadsheets``, as papers' tables are;
- ``checking``: an upload's rows checked against the call;
- ``returns``: writing a return or a typed figure (under ``performance.recording``'s rule);
- ``status``: who has returned what;
- ``lifecycle``: making a call for a quarter, and closing it;
- ``views``, ``forms`` and ``urls``: the pages.

Plain functions of (data, database): no request, no files on disk, so any worker can run
them.
"""
