Routines (#12, first part): the whole revision cycle with four eyes, in the UI
and over REST: control by named controllers, approval by someone who neither
wrote nor controlled the version, check-in of the approved working copy, and
the history of approved versions.
A shared baseline guide (#12): a municipality site follows a region's or
county's guide site in the same database (BTI settings → "Baseline guide");
a sync adds the baseline's new pages, and editors see each upstream change as
a diff under "Endringer i grunnveilederen" (`@@baseline-changes`,
`@baseline-changes`) and take it (a new version) or keep their own text.
