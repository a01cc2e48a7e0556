Routines (#12, first part): the whole revision cycle with four eyes, in the UI
and over REST: control by named controllers, approval by someone who neither
wrote nor controlled the version, check-in of the approved working copy, and
the history of approved versions.
The guide in the log (#12): a log's page shows staff the steps, tools and forms of the log's level in the site's guide, the next level's first steps when a transition is near, and the log action a step names as a button for those who may do it; GET <log>/@guide returns the same.
