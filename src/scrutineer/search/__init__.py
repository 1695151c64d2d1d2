"""Full-text search over a council's records: SQLite FTS5 in the embedded default, PostgreSQL
full-text search (a stored tsvector with a GIN index) in production."""
