"""The schema versions, one module each, applied in order by Alembic."""
