"""Structural rules from STYLE.md, checked on the source: they fail when someone breaks them."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "shared"
FUNCTIONS = ROOT / "functions"

# Modules allowed to build SQL outside a repository, and why.
SQL_OUTSIDE_REPOSITORIES = {
    "shared/messaging/inbound.py": "the webhook's one-statement store runs on raw pg8000 (cold start)",
    "shared/db/health.py": "SELECT 1 for health checks",
}
SQL_BUILDERS = {"select", "insert", "update", "delete", "text"}


def _py(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


class TestLayering:
    @pytest.mark.parametrize("path", _py(SHARED), ids=lambda p: str(p.relative_to(ROOT)))
    def test_core_never_imports_functions_or_local(self, path):
        bad = {m for m in _imports(path) if m.split(".")[0] in {"functions", "local", "tests"}}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"

    @pytest.mark.parametrize("path", _py(SHARED), ids=lambda p: str(p.relative_to(ROOT)))
    def test_sql_is_built_only_in_repositories(self, path):
        rel = str(path.relative_to(ROOT))
        if path.name == "repository.py" or rel in SQL_OUTSIDE_REPOSITORIES:
            return
        tree = ast.parse(path.read_text())
        from_sqlalchemy = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("sqlalchemy"):
                from_sqlalchemy |= {a.asname or a.name for a in node.names if a.name in SQL_BUILDERS}
        if path.name in ("models.py", "base.py"):
            from_sqlalchemy.discard("text")  # DDL: server defaults and partial-index predicates
        assert not from_sqlalchemy, f"{rel} builds SQL ({from_sqlalchemy}); move it to a repository"

    @pytest.mark.parametrize("path", sorted(FUNCTIONS.glob("*/main.py")), ids=lambda p: p.parent.name)
    def test_function_modules_stay_thin(self, path):
        source = path.read_text()
        assert len(source.splitlines()) <= 60, "a function's main.py parses, calls the core and renders"
        assert "os.environ" not in source and "sqlalchemy" not in source


class TestColdStart:
    HEAVY = (
        "sqlalchemy",
        "fastapi",
        "twilio.rest",
        "boto3",
        "upstash_redis",
        "google.genai",
        "msgraph",
        "pydantic_settings",
        "functions_framework",
    )

    def test_webhook_entry_imports_nothing_heavy(self):
        """Importing sms_inbound must not pay for SDKs it does not use on its path (LIBRARIES §11)."""
        code = (
            "import json, sys; import functions.sms_inbound.main; "
            f"print(json.dumps([m for m in {self.HEAVY!r} if m in sys.modules]))"
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout) == []

    @pytest.mark.parametrize("name", ["agent_turn", "reminder_sweep"])
    def test_event_functions_import_no_web_framework(self, name):
        code = (
            f"import json, sys; import functions.{name}.main; "
            "print(json.dumps([m for m in ['fastapi', 'functions_framework', 'boto3', 'google.genai'] "
            "if m in sys.modules]))"
        )
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
        assert json.loads(out.stdout) == []

    WARM: ClassVar[dict[str, str]] = {  # a function imported and made ready as a container does before its first event
        "agent_turn": "import functions.agent_turn.main; from shared.config import get_settings; "
        "from shared.wiring import Deps; Deps(get_settings()).agent",
        "api": "import functions.api.main as m; "  # every data route (sign-in's own routes load the libraries)
        "m.create_app().load(*{r for r in m.RESOURCES.values() if r not in ('auth', 'me', 'admin')})",
        "reminder_sweep": "import functions.reminder_sweep.main; from shared.config import get_settings; "
        "from shared.wiring import Deps; Deps(get_settings()).sweep",
    }

    @pytest.mark.parametrize("name", sorted(WARM))
    def test_security_libraries_load_on_first_use_not_at_cold_start(self, name):
        """Most turns and requests open nothing sealed and check no password: cryptography (~11 ms), argon2,
        zxcvbn and pyotp load when first needed, even with every tool and data route built."""
        code = (
            f"import json, sys; {self.WARM[name]}; "
            "print(json.dumps([m for m in ['cryptography', 'argon2', 'zxcvbn', 'pyotp', 'jwt'] if m in sys.modules]))"
        )
        env = {
            **os.environ,
            "BOUSSOLE_ENV": "test",
            "BOUSSOLE_QUEUE": "none",
            "BOUSSOLE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
            "BOUSSOLE_CACHE": "redis",
            "BOUSSOLE_REDIS_URL": "redis://127.0.0.1:1/0",
        }
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        assert json.loads(out.stdout) == []
