"""The department's pages in the window: 部门概况, 部门预算, 部门整体绩效目标 and 说明 (issue 14)."""
