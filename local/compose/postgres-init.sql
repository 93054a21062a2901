-- Runs once, on an empty data volume (docker-entrypoint-initdb.d). Migrations do the rest.
CREATE EXTENSION IF NOT EXISTS vector;
