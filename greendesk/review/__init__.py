"""批量审核: review many units' tables at once and report what a city or group reviewer must look at.

`runner.run_review` reads every draft and GreenDesk workbook under the given paths (on every core),
`flags` names what is raised, `report_xlsx` / `report_json` write the report, and `opinions` keeps
the reviewer's 动态调整意见. Qt-free: the CLI and the window call the same functions.
"""
