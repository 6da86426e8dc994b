import sys

if sys.argv[1:2] == ["latency"]:  # python -m bench latency --index DIR: ask() against llama-index top-5
    from .latency import main as latency_main

    raise SystemExit(latency_main(sys.argv[2:]))

from .run import main

raise SystemExit(main())
