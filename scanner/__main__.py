"""``python -m scanner`` runs the genderscan command line."""

from scanner.cli import main

raise SystemExit(main())
