import sys

from .database import main

sys.exit(main())
