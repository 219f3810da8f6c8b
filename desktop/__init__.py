"""绩效目标填报 — offline editor for budget performance-target forms (项目支出绩效目标表)."""

__version__ = "0.1.0"
