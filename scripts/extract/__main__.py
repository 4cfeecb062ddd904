import sys

from .collection import main

sys.exit(main())
