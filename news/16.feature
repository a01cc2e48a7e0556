Load (#16, first part): concurrent writes in one log no longer conflict;
plone.app.caching rules make public guide pages cacheable and purge them on
edit, while nothing personal or under a log is ever cacheable; a Varnish
configuration in `deploy/varnish/`.
