"""A safeguarding partnership's assurance work: learning reviews, audits, action plans,
training, budgets, priorities and subgroups, and the annual report built from them.

Recommendations and actions are tracked items (``tracker``): the one spine for anything
chased until done. The records here say what they belong to and what the papers printed.
"""
