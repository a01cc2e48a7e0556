"""Control rounds and staff lists of a unit (the unit leader's tasks).

- ``staff``: the unit's staff list (``Unit.staff``) and staff absences;
- ``store``: the rounds of a unit, kept in an annotation of the unit;
- ``logs``: the unit's active logs with the checklist prefilled from the catalog;
- ``actions``: who may do what; open, record, close; the errors' texts;
- ``due``: which of a leader's units have a round due (page and digest).
"""
