"""The demo site, built from the seed texts in demo/seeds/ by `manage.py load_demo`."""
