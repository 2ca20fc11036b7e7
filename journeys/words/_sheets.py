"""The words of spreadsheets in (:mod:`journeys.tabular`, :mod:`journeys.survey`, :mod:`journeys.sheet`): the
fields a column can hold, what is wrong with a file or a row, the app's survey and spreadsheet panels and
the messages of ``mot survey`` and ``mot import-sheet``."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    # the fields a column can hold
    "sheets.field.touchpoint": ("接触点", "Touchpoint"),
    "sheets.field.recommend": ("推荐意愿（0–10）", "Likelihood to recommend (0–10)"),
    "sheets.field.satisfaction": ("满意度", "Satisfaction"),
    "sheets.field.date": ("日期", "Date"),
    "sheets.field.segment": ("客群细分", "Segment"),
    "sheets.field.stage": ("服务环节", "Stage"),
    "sheets.field.channel": ("渠道", "Channel"),
    "sheets.field.owner": ("A角", "Owner (A)"),
    "sheets.field.backup": ("B角", "Backup (B)"),
    "sheets.field.customer_action": ("客户行为", "Customer action"),
    "sheets.field.employee_action": ("员工行为", "Employee action"),
    "sheets.field.moments": ("时刻标记", "Moments"),
    "sheets.field.expected": ("期望得分", "Expected score"),
    "sheets.field.perceived": ("感知得分", "Perceived score"),
    "sheets.field.benchmark": ("满意度标杆", "Satisfaction benchmark"),
    "sheets.field.standard": ("服务标准", "Standard"),
    "sheets.field.kind": ("标准类型", "Kind"),
    "sheets.field.dimension": ("服务质量维度", "SERVQUAL dimension"),
    "sheets.field.kano": ("Kano 层次", "Kano level"),
    "sheets.field.metric": ("目标指标", "Target metric"),
    "sheets.field.comparator": ("比较", "Comparator"),
    "sheets.field.value": ("目标值", "Target value"),
    "sheets.field.unit": ("单位", "Unit"),
    "sheets.field.expectation": ("客户期望", "Expectation"),
    "sheets.field.source": ("期望来源", "Expectation source"),
    "sheets.field.script": ("话术", "Script line"),
    # a file that cannot be read or mapped
    "sheets.too_big": ("文件太大（{size} MB），上限 {mb} MB", "the file is too large ({size} MB); the limit is {mb} MB"),
    "sheets.too_many_rows": ("行数太多：最多 {max} 行数据，请拆分文件",
                             "too many rows: at most {max} data rows; split the file"),
    "sheets.encoding": ("无法识别文件编码：应为 UTF-8（可带 BOM）或 GB18030/GBK 编码的 CSV，或 XLSX 工作簿",
                        "unknown encoding: expected a CSV in UTF-8 (with or without BOM) or GB18030/GBK, "
                        "or an XLSX workbook"),
    "sheets.bad_csv": ("第 {line} 行：CSV 格式有误（{why}）", "line {line}: the CSV is malformed ({why})"),
    "sheets.bad_xlsx": ("无法读取该 XLSX 工作簿（{why}）", "the XLSX workbook cannot be read ({why})"),
    "sheets.no_sheet": ("工作簿中没有名为“{sheet}”的工作表（现有：{known}）",
                        "the workbook has no sheet “{sheet}” (it has: {known})"),
    "sheets.empty": ("文件中没有任何内容：第 1 行应为表头", "the file is empty: line 1 should be the header"),
    "sheets.bad_map": ("对应关系“{spec}”应写作 列=字段（如 评分=satisfaction）",
                       "the mapping “{spec}” should be COLUMN=FIELD (e.g. rating=satisfaction)"),
    "sheets.unknown_column": ("没有“{column}”这一列：应为表头文字、列字母（A、B…）或列号（1、2…）；表头有：{known}",
                              "no column “{column}”: expected a header, a column letter (A, B…) or number "
                              "(1, 2…); the headers are: {known}"),
    "sheets.unknown_field": ("无法识别字段“{field}”：应为 {known}", "unknown field “{field}”: expected one of {known}"),
    "sheets.missing_column": ("没有找到“{label}”列（{field}）：请指定哪一列是它",
                              "no column for “{label}” ({field}): say which column holds it"),
    "sheets.no_touchpoints": ("表中没有任何接触点：至少需要一行写有接触点名称",
                              "the table has no touchpoint: at least one row must name one"),
    "sheets.invalid": ("无法生成旅程：{why}", "cannot make a journey: {why}"),
    # a bad row
    "sheets.row": ("第 {line} 行，“{column}”列：{what}", "line {line}, column “{column}”: {what}"),
    "sheets.row_more": ("“{column}”列：{what}", "column “{column}”: {what}"),
    "sheets.expect.touchpoint": ("应为接触点的编号或名称，实为空", "expected a touchpoint id or name, found nothing"),
    "sheets.expect.ambiguous": ("名称“{found}”对应多个接触点（{ids}）：请改用编号",
                                "the name “{found}” matches several touchpoints ({ids}): use the id"),
    "sheets.expect.score": ("应为 1–5 的分数或百分比，实为“{found}”",
                            "expected a score 1–5 or a percentage, found “{found}”"),
    "sheets.expect.percent": ("本列按百分比读取，应为 0–100% 的数值，实为“{found}”",
                              "this column is read as percentages: expected 0–100%, found “{found}”"),
    "sheets.expect.recommend": ("应为 0–10 的整数，实为“{found}”", "expected a whole number 0–10, found “{found}”"),
    "sheets.expect.date": ("应为日期（如 2026-07-01、2026/7/1 或 2026年7月1日），实为“{found}”",
                           "expected a date (e.g. 2026-07-01, 2026/7/1), found “{found}”"),
    "sheets.expect.name": ("应为接触点名称，实为空", "expected a touchpoint name, found nothing"),
    "sheets.expect.channel": ("应为渠道（{known}），实为“{found}”", "expected a channel ({known}), found “{found}”"),
    "sheets.expect.moment": ("应为时刻标记（{known}），实为“{found}”", "expected a moment ({known}), found “{found}”"),
    "sheets.expect.score15": ("应为 1–5 的分数，实为“{found}”", "expected a score from 1 to 5, found “{found}”"),
    "sheets.expect.percent100": ("应为 0–100 的百分比，实为“{found}”", "expected a percentage 0–100, found “{found}”"),
    "sheets.expect.conflict": ("与第 {first} 行的同一接触点不一致（本行为“{found}”）",
                               "disagrees with line {first} for the same touchpoint (here “{found}”)"),
    "sheets.expect.standard_text": ("写了标准的类型、维度或目标，但缺少标准内容",
                                    "a standard's kind, dimension or target is given without its text"),
    "sheets.expect.target_part": ("目标应同时写明指标、比较符和目标值，此项为空",
                                  "a target needs its metric, comparator and value; this one is empty"),
    "sheets.expect.comparator": ("应为比较符（< ≤ = ≥ >），实为“{found}”",
                                 "expected a comparator (< <= = >= >), found “{found}”"),
    "sheets.expect.number": ("应为数值，实为“{found}”", "expected a number, found “{found}”"),
    "sheets.expect.kind": ("应为 硬、软（硬标准、软标准）或 hard、soft，实为“{found}”",
                           "expected hard or soft (硬、软), found “{found}”"),
    "sheets.expect.dimension": ("应为服务质量维度（{known}），实为“{found}”",
                                "expected a SERVQUAL dimension ({known}), found “{found}”"),
    "sheets.expect.kano": ("应为 Kano 层次（{known}），实为“{found}”", "expected a Kano level ({known}), found “{found}”"),
    "sheets.expect.source": ("应为期望来源（过往经历、口碑、明示承诺、暗示承诺），实为“{found}”",
                             "expected an expectation source (past experience, word of mouth, explicit or "
                             "implicit promise), found “{found}”"),
    # how a file was read
    "sheets.line": ("行号", "Line"),
    "sheets.mapped": ("{column}（{letter} 列）→ {field}", "{column} (column {letter}) → {field}"),
    "sheets.read_csv": ("按 {encoding} 编码读取，共 {n} 行数据", "read as {encoding}: {n} data row|read as "
                                                                "{encoding}: {n} data rows"),
    "sheets.read_sheet": ("读取工作表“{sheet}”，共 {n} 行数据", "read the sheet “{sheet}”: {n} data row|read the "
                                                                "sheet “{sheet}”: {n} data rows"),
    # the app
    "sheets_app.upload": ("上传 CSV 或 XLSX 文件", "Upload a CSV or XLSX file"),
    "sheets_app.upload_help": ("文件上限 {mb} MB；CSV 可为 UTF-8 或 GB18030（中文 Excel 另存的格式）；表头在第 1 行。",
                               "Up to {mb} MB; a CSV in UTF-8 or GB18030 (what Chinese Excel saves); the header "
                               "on line 1."),
    "sheets_app.sheet": ("工作表", "Sheet"),
    "sheets_app.mapping": ("列的对应关系", "Columns"),
    "sheets_app.mapping_help": ("已按表头自动匹配，可逐项修改。", "Matched from the headers; change any of them."),
    "sheets_app.unused": ("（不导入）", "(not imported)"),
    "sheets_app.preview": ("预览（前 {n} 行，按上面的对应关系读取）", "Preview (first {n} rows, as mapped above)"),
    "sheets_app.bad_rows": ("{n} 行有问题，修改文件后重新上传，或选择跳过这些行：",
                            "{n} row has a problem: fix the file and upload it again, or skip it:|"
                            "{n} rows have problems: fix the file and upload it again, or skip them:"),
    "sheets_app.skip": ("跳过以上 {n} 行，只导入其余各行", "Skip the row listed above and import the rest|"
                                                          "Skip the {n} rows listed above and import the rest"),
    "sheets_app.unmatched": ("{n} 行的接触点与旅程中的任何接触点都不对应，不计入：第 {lines} 行",
                             "{n} row names no touchpoint of the journey and is not counted: line {lines}|"
                             "{n} rows name no touchpoint of the journey and are not counted: lines {lines}"),
    "sheets_app.survey": ("导入调研结果（CSV / XLSX）", "Import survey results (CSV / XLSX)"),
    "sheets_app.survey_intro": (
        "每行一份答卷：接触点（编号或名称）、满意度（1–5 分或百分比）、推荐意愿 0–10（可选）、日期、客群（可选）。"
        "导入后，每个有答卷的接触点的感知得分（依据：客户调研）、满意度（前两项占比）和旅程的 NPS 会被更新。",
        "One row per response: touchpoint (id or name), satisfaction (1–5 or a percentage), likelihood to "
        "recommend 0–10 (optional), date, segment (optional). Applying it updates the perceived score "
        "(evidence: survey) and the satisfaction (top-2 box) of every touchpoint with responses, and the "
        "journey's NPS."),
    "sheets_app.segment": ("只导入此客群", "Only this segment"),
    "sheets_app.all_segments": ("全部客群", "All segments"),
    "sheets_app.percent": ("满意度列按百分比读取（0% = 1 分，100% = 5 分）",
                           "The satisfaction column is read as percentages (0% = 1, 100% = 5)"),
    "sheets_app.figures": ("各接触点：导入前 → 导入后", "Per touchpoint: before → after"),
    "sheets_app.col.touchpoint": ("接触点", "Touchpoint"),
    "sheets_app.col.n": ("答卷数", "Responses"),
    "sheets_app.col.perceived": ("感知得分", "Perceived"),
    "sheets_app.col.satisfaction": ("满意度（前两项）", "Satisfaction (top-2 box)"),
    "sheets_app.col.period": ("时期", "Period"),
    "sheets_app.nps_change": ("NPS：{before} → {after}（n={n}）", "NPS: {before} → {after} (n={n})"),
    "sheets_app.apply": ("应用到旅程", "Apply to the journey"),
    "sheets_app.applied": ("已写入 {n} 个接触点的调研结果：可撤销；满意后请保存版本。",
                           "Survey results written into {n} touchpoint: undoable; save a version when it looks "
                           "right.|Survey results written into {n} touchpoints: undoable; save a version when "
                           "it looks right."),
    "sheets_app.nothing": ("没有可导入的答卷。", "No response to import."),
    "sheets_app.new_tab": ("从表格导入", "From a spreadsheet"),
    "sheets_app.new_intro": (
        "每行一个接触点（或一条标准）：环节、接触点名称、渠道、A角、B角、时刻、期望/感知得分、服务标准（类型、维度、目标）、"
        "客户期望……同一环节同名的多行合并为一个接触点。岗位服务标准表导出的文件可直接导入。",
        "One row per touchpoint (or per standard): stage, name, channel, owner, backup, moments, expected and "
        "perceived scores, a standard (kind, dimension, target), an expectation … Rows with the same stage and "
        "name are one touchpoint. The standards table export reads back as it is."),
    "sheets_app.title": ("旅程标题", "Journey title"),
    "sheets_app.counts": ("{stages} 个环节、{touchpoints} 个接触点、{standards} 条标准",
                          "{stages} stages, {touchpoints} touchpoints, {standards} standards"),
    "sheets_app.create": ("创建旅程", "Create the journey"),
    "sheets_app.col.stage": ("环节", "Stage"),
    "sheets_app.col.standards": ("标准数", "Standards"),
    "sheets_app.col.owner": ("A角", "Owner"),
    "nps.title": ("净推荐值（NPS）", "Net Promoter Score (NPS)"),
    "nps.none": ("尚未导入调研数据", "no survey imported yet"),
    "nps.caption": ("推荐者 {promoters}，贬损者 {detractors}，共 {n} 份；{period}",
                    "{promoters} promoters, {detractors} detractors of {n}; {period}"),
    "nps.help": ("推荐者（9–10 分）占比 − 贬损者（0–6 分）占比", "% promoters (9–10) − % detractors (0–6)"),
    # the CLI
    "cli.sheet_read": ("{path}：{how}", "{path}: {how}"),
    "cli.sheet_columns": ("列：{columns}", "columns: {columns}"),
    "cli.sheet_bad_rows": ("{total} 行有问题，未导入任何内容：修改文件，或加 --skip-bad-rows 跳过这些行",
                           "{total} bad row(s): nothing imported; fix the file or pass --skip-bad-rows to skip "
                           "them"),
    "cli.sheet_skipped": ("已跳过 {total} 行有问题的数据", "skipped {total} bad row(s)"),
    "cli.survey_unmatched": ("接触点不对应旅程中任何接触点的行（未计入）：{lines}",
                             "rows whose touchpoint matches none of the journey (not counted): {lines}"),
    "cli.survey_wrote": ("已写入 {path}：{touchpoints} 个接触点，{responses} 份答卷",
                         "wrote {path}: {touchpoints} touchpoint(s) from {responses} response(s)"),
    "cli.survey_line": ("{id}：n={n}，感知 {perceived}，满意度 {satisfaction}%，{period}",
                        "{id}: n={n}, perceived {perceived}, satisfaction {satisfaction}%, {period}"),
    "cli.survey_nps": ("NPS {score}（n={n}，推荐者 {promoters}，贬损者 {detractors}）",
                       "NPS {score} (n={n}, {promoters} promoters, {detractors} detractors)"),
    "cli.sheet_wrote": ("已写入 {path}：{stages} 个环节、{touchpoints} 个接触点",
                        "wrote {path}: {stages} stage(s), {touchpoints} touchpoint(s)"),
}
