Load (#16, first part): concurrent writes in one log no longer conflict;
plone.app.caching rules make public guide pages cacheable and purge them on
edit, while nothing personal or under a log is ever cacheable; a Varnish
configuration in `deploy/varnish/`.
Scale-out (#16): `make start-cluster` runs the portal on RelStorage/PostgreSQL with several Zope processes behind HAProxy and Varnish, the audit hash chains move to a PostgreSQL table there, and `make drill` proves that kill -9 under write load loses no acknowledged write and that pg_dump/pg_restore and repozo backups restore to a site that serves.
Log page speed (#16): the log's page shows the newest 20 messages and history entries with plain "Show older" links, finds its items through the catalog and looks up each person's name once; the guide level page no longer checks each step twice.
`make bench` (#16) runs wrk on guide pages, log pages, overviews, dashboards and REST writes beside nginx, Varnish and a plain Plone page in one run, and prints rps, p50, p95, ratios and the issue's targets; `make demo-data LOGS=N` (#13) adds N generated logs through the demo loader for load tests.
Scale (#16): the dashboard counts logs from the catalog indexes' own sets and makes rows only for the lines it shows ("Show all" beside "And N more"), "logs I oversee" on `/logs` and `@log-overview` is paged with a total, and `make bench` keeps its generated data sets in `var/bench/data-N` (rebuilt when the generator changes) and measures on a fresh copy.
