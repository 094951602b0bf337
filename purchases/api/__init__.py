"""The purchases resource of /api/v1/ (registered in purchases/apps.py)."""
