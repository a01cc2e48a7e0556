"""Where the time of an anonymous guide page goes, next to a plain Document
with the same text: the whole publication (traversal, view, viewlets, Diazo,
caching headers) through the instance's WSGI app, in this process.

Run (with the server of that instance stopped: FileStorage is locked):
  .venv/bin/python bench/profile_guide_page.py ZOPE_CONF PATH... [--rounds N]
      [--profile PATH]
Each PATH (e.g. /byn/bench-vanilla, /byn/handlingsveileder/niva-1) is asked
anonymously ROUNDS times (default 30) in turns; the median per page and its
ratio to the first PATH are printed, in CPU time of this process and in
wall time (the machine is shared: wall time says much about the neighbours). With
--profile PATH, cProfile's top (CPU time) of ROUNDS requests of that page
(PROFILE_OUT: the stats file). Nothing is asserted; numbers go into README
("Performance").
"""

from statistics import median

import os
import sys
import time


def app_for(zope_conf: str):
    from webtest import TestApp
    from Zope2.Startup.run import make_wsgi_app

    return TestApp(make_wsgi_app({}, zope_conf))


def main(argv: list[str]) -> None:
    rounds = 30
    profile = None
    paths = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "--rounds":
            rounds = int(next(args))
        elif arg == "--profile":
            profile = next(args)
        else:
            paths.append(arg)
    zope_conf, paths = paths[0], paths[1:]
    app = app_for(zope_conf)
    host = {"HTTP_HOST": os.environ.get("BENCH_HOST", "localhost:8080")}

    def get(path):
        return app.get(path, extra_environ=host, status="*")

    for path in paths:  # warm up: templates, catalogs, caches
        for _ in range(3):
            response = get(path)
        print(f"{path}: {response.status_int}, {len(response.body)} bytes")
    cpu = {path: [] for path in paths}
    wall = {path: [] for path in paths}
    for _ in range(rounds):
        for path in paths:
            start, start_wall = time.process_time(), time.perf_counter()
            get(path)
            cpu[path].append(time.process_time() - start)
            wall[path].append(time.perf_counter() - start_wall)
    print("     CPU ms  x first    wall ms  x first  (medians)")
    for path in paths:
        took, took_wall = median(cpu[path]), median(wall[path])
        print(
            f"{took * 1000:11.1f} {median(cpu[paths[0]]) / took:8.2f}"
            f" {took_wall * 1000:10.1f} {median(wall[paths[0]]) / took_wall:8.2f}"
            f"  {path}"
        )
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(rounds):
            get(profile)
        profiler.disable()
        profiler.dump_stats(os.environ.get("PROFILE_OUT", "guide_page.prof"))
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(70)


if __name__ == "__main__":
    main(sys.argv)
