from depeches.cli import main

raise SystemExit(main())
