"""Synthetic data: a realistic, fictitious governance record and performance scorecards at
any scale, for benchmarks and demonstrations (``scrutineer synth``).

``governance.generate`` makes the record (people, bodies, meetings, the tracker and work
programmes); ``performance.generate`` then gives its bodies scorecards. With the same
scale, seed and "today" both make the same data.

- ``vocabulary``: invented places, names, bodies, topics and phrases
- ``plan``: the sizes for a scale, and the counting bulk writes every phase shares
- ``records``: what the phases of a run hand each other
- ``people``, ``meetings``, ``tracker``, ``programme``, ``assurance``: the phases of the
  record, combined in ``governance`` (``assurance``: the partnerships' reviews, audits,
  training, budgets, priorities and subgroups)
- ``indicators`` (the catalogue), ``datacalls``, ``observations``: the phases of the
  scorecards, combined in ``performance``
"""
