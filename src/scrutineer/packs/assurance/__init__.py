"""Reading a partnership's assurance work from its papers: learning reviews (``reviews``),
action plans' headers and summaries (``plans``), audits (``audits``), training
(``training``), budgets (``budgets``), priorities and the plan on a page (``priorities``),
subgroups (``subgroups``) and activity figures that are not scorecard tables (``activity``,
which gives indicators). Each reader is pure and takes the pack's lines and components;
each returns its records and the warnings about them (flag, don't fix)."""
