"""The demo data and its loader, `manage.py demo`: the top layer, it may import every app."""
