"""The central sync server: FastAPI app over SQLAlchemy Core storage (SQLite or PostgreSQL)."""
