"""The 部门预算 page: the department's budget tables, edited by keyboard and by paste (BudgetEditor)."""

from desktop.ui.department.budget.editor import BudgetEditor

__all__ = ["BudgetEditor"]
