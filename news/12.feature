Routines (#12, first part): the whole revision cycle with four eyes, in the UI
and over REST: control by named controllers, approval by someone who neither
wrote nor controlled the version, check-in of the approved working copy, and
the history of approved versions.
The guide in the log (#12): a log's page shows staff the steps, tools and forms of the log's level in the site's guide, the next level's first steps when a transition is near, and the log action a step names as a button for those who may do it; GET <log>/@guide returns the same.
Designed reader pages (#12) for every guide type (level, step, tool, routine,
service, measure, annual task) and a front page that leads to the guide, its
search, the family pages and the login or "Mine logger"; one set of level
names (the domain's level facts) for the guide, the labels and the logs; demo
content whose first version already has its final id, language and links, so
compare views show only real edits.
A shared baseline guide (#12): a municipality site follows a region's or
county's guide site in the same database (BTI settings → "Baseline guide");
a sync adds the baseline's new pages, and editors see each upstream change as
a diff under "Endringer i grunnveilederen" (`@@baseline-changes`,
`@baseline-changes`) and take it (a new version) or keep their own text.
