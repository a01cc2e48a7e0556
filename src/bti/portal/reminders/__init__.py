"""Reminders: one daily digest mail per person, and what each person wants in it.

- ``collect``: what is due for whom on a given day, from the catalog;
- ``digest``: one neutral mail per person and day (no names, no log content);
- ``preferences``: which kinds of reminder each person has switched off;
- ``store``: where preferences and "digest sent on" days are kept (the site);
- ``activities``: "my activities", the list behind @@my-activities and @my-activities.
"""
