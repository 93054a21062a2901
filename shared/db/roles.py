"""The database roles of row-level security (shared.db.rls; no SQLAlchemy here: the webhook's cold start)."""

APP_ROLE = "boussole_app"  # one person's rows: those of `app.user_id`, none when it is unset
SYSTEM_ROLE = "boussole_system"  # across people, for named units of work only
