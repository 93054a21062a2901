"""Groceries and recipes: folded names for merging and finding, an aisle on every item, positive quantities,
favourites and times cooked on recipes, one recipe per title, indexes for the list and the pages

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCENTED = "ÀÂÄÁÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÇÑàâäáãéèêëíìîïóòôöõúùûüçñÿ"
PLAIN = "aaaaaeeeeiiiiooooouuuucnaaaaaeeeeiiiiooooouuuucny"


def _folded(column: str) -> str:
    """Rows written before this revision get an approximate key (the service writes the exact one)."""
    return f"translate(lower({column}), '{ACCENTED}', '{PLAIN}')"


def upgrade() -> None:
    # grocery_items
    op.add_column("grocery_items", sa.Column("name_key", sa.Text(), nullable=True))
    op.execute(f"UPDATE grocery_items SET name_key = {_folded('name')}")
    op.alter_column("grocery_items", "name_key", nullable=False)
    op.execute("UPDATE grocery_items SET category = 'other' WHERE category IS NULL")
    op.alter_column("grocery_items", "category", nullable=False, server_default="other")
    op.execute("UPDATE grocery_items SET quantity = NULL WHERE quantity <= 0")
    op.create_check_constraint("quantity_positive", "grocery_items", "quantity IS NULL OR quantity > 0")
    op.create_index(
        "ix_grocery_items_to_buy",
        "grocery_items",
        ["user_id", "created_at", "id"],
        postgresql_where=sa.text("bought_at IS NULL"),
    )
    op.create_index("ix_grocery_items_user_id_name_key", "grocery_items", ["user_id", "name_key"])

    # recipes
    op.add_column("recipes", sa.Column("title_key", sa.Text(), nullable=True))
    op.execute(f"UPDATE recipes SET title_key = {_folded('title')} || '#' || id")  # unique until edited
    op.alter_column("recipes", "title_key", nullable=False)
    op.add_column("recipes", sa.Column("favourite", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.add_column("recipes", sa.Column("times_cooked", sa.Integer(), server_default=sa.text("0"), nullable=False))
    op.add_column("recipes", sa.Column("last_cooked_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE recipes SET servings = NULL WHERE servings <= 0")
    op.create_check_constraint("servings_positive", "recipes", "servings IS NULL OR servings > 0")
    op.create_index("uq_recipes_user_id_title_key", "recipes", ["user_id", "title_key"], unique=True)
    op.create_index("ix_recipes_user_id_created_at", "recipes", ["user_id", "created_at", "id"])
    op.execute("UPDATE recipe_ingredients SET quantity = NULL WHERE quantity <= 0")
    op.create_check_constraint("quantity_positive", "recipe_ingredients", "quantity IS NULL OR quantity > 0")


def downgrade() -> None:
    op.drop_constraint("quantity_positive", "recipe_ingredients", type_="check")
    op.drop_index("ix_recipes_user_id_created_at", table_name="recipes")
    op.drop_index("uq_recipes_user_id_title_key", table_name="recipes")
    op.drop_constraint("servings_positive", "recipes", type_="check")
    op.drop_column("recipes", "last_cooked_at")
    op.drop_column("recipes", "times_cooked")
    op.drop_column("recipes", "favourite")
    op.drop_column("recipes", "title_key")

    op.drop_index("ix_grocery_items_user_id_name_key", table_name="grocery_items")
    op.drop_index("ix_grocery_items_to_buy", table_name="grocery_items")
    op.drop_constraint("quantity_positive", "grocery_items", type_="check")
    op.alter_column("grocery_items", "category", nullable=True, server_default=None)
    op.drop_column("grocery_items", "name_key")
