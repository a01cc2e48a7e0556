Routines (#12, first part): the whole revision cycle with four eyes, in the UI
and over REST: control by named controllers, approval by someone who neither
wrote nor controlled the version, check-in of the approved working copy, and
the history of approved versions.
