"""The words of a journey file that cannot be read (:mod:`journeys.fileformat`) and of the model's own checks
(:mod:`journeys.model`): what is wrong, as a person reads it, and where.

The English of ``file.read.*`` and ``model.*`` is the message a problem carries (``mot validate`` prints it);
``file.type.*`` says in plain words what pydantic's own error types mean.
"""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    # Where: the file, and its line when the reader could tell.
    "file.where": ("{file}：{message}", "{file}: {message}"),
    "file.where.line": ("{file} 第 {line} 行：{message}", "{file}, line {line}: {message}"),
    "file.found": ("（实际为 {shown}）", " (found {shown})"),
    # Reading the file.
    "file.read.too_large": ("文件大小为 {size} MB，旅程文件不能超过 {limit} MB",
                            "the file is {size} MB; journey files are limited to {limit} MB"),
    "file.read.cannot": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "file.read.not_utf8": ("第 {byte} 个字节不是 UTF-8 文本（是二进制文件吗？）：旅程文件应为以 UTF-8 保存的 YAML 或 JSON",
                           "byte {byte} is not UTF-8 text (is this a binary file?); "
                           "expected a YAML or JSON journey saved as UTF-8"),
    "file.read.nul": ("文件含有 NUL 字节：这是二进制文件，不是旅程", "the file contains NUL bytes: it is binary, not a journey"),
    "file.read.empty": ("文件是空的：应为一个旅程文档", "the file is empty; expected a journey document"),
    "file.read.not_mapping": ("文档是 {kind}：应为含 format、id、title、stages、touchpoints 的映射",
                              "the document is a {kind}; expected a mapping with format, id, title, stages, touchpoints"),
    "file.read.yaml": ("YAML 语法错误：{problem}{context}", "YAML syntax error: {problem}{context}"),
    "file.read.yaml_tag": ("不允许的 YAML 标签：{problem}；旅程文件只含普通值（不能有 !!python 等对象标签）",
                           "YAML tag not allowed: {problem}; journey files hold plain values only "
                           "(no !!python or other object tags)"),
    "file.read.several": ("文件含有多个 YAML 文档：应只有一个旅程",
                          "the file holds several YAML documents; expected one journey"),
    "file.read.value": ("无法读取的值：{reason}", "unreadable value: {reason}"),
    "file.read.too_deep": ("嵌套超过 {limit} 层：一个旅程只需约 6 层", "nesting deeper than {limit} levels; a journey needs about 6"),
    "file.read.too_deep_json": ("嵌套超过 {limit} 层", "nesting deeper than {limit} levels"),
    "file.read.aliases": ("YAML 别名（*name）超过 {limit} 个", "more than {limit} YAML aliases (*name)"),
    "file.read.recursive": ("YAML 别名指向包含它自身的值（递归文档）",
                            "a YAML alias refers to a value that contains it (recursive document)"),
    "file.read.duplicate_key": ("键“{name}”在同一映射中出现了两次（第一次在第 {first} 行）",
                                "key '{name}' appears twice in one mapping (first on line {first})"),
    "file.read.duplicate_json_key": ("键“{name}”在同一对象中出现了两次", "key '{name}' appears twice in one object"),
    "file.read.constant": ("{token} 不是旅程可以保存的数字", "{token} is not a number a journey can hold"),
    "file.read.too_many": ("文档展开后超过 {limit} 个值（别名套别名）：拒绝读取",
                           "the document expands to more than {limit} values (aliases repeated inside aliases); refused"),
    "file.read.json": ("JSON 语法错误：{problem}（第 {column} 列）", "JSON syntax error: {problem} (column {column})"),
    # Pydantic's own error types, in plain words.
    "file.type.missing": ("必须填写", "required field is missing"),
    "file.type.extra": ("未知字段（请对照 mot-journey/1 格式检查拼写）",
                        "unknown field (check its spelling against the mot-journey/1 format)"),
    "file.type.extra_like": ("未知字段，是不是“{like}”？", "unknown field (did you mean '{like}'?)"),
    "file.type.ge": ("不能小于 {limit}", "must be at least {limit}"),
    "file.type.le": ("不能大于 {limit}", "must be at most {limit}"),
    "file.type.gt": ("应大于 {limit}", "must be more than {limit}"),
    "file.type.lt": ("应小于 {limit}", "must be less than {limit}"),
    "file.type.number": ("应为数字", "must be a number"),
    "file.type.integer": ("应为整数", "must be a whole number"),
    "file.type.text": ("应为文字", "must be text"),
    "file.type.bool": ("应为 true 或 false", "must be true or false"),
    "file.type.list": ("应为列表", "must be a list"),
    "file.type.mapping": ("应为映射（字段: 值）", "must be a mapping (field: value)"),
    "file.type.choice": ("应为以下之一：{choices}", "must be one of {choices}"),
    "file.type.short_text": ("至少要有 {limit} 个字符", "must have at least {limit} characters"),
    "file.type.long_text": ("最多 {limit} 个字符", "must have at most {limit} characters"),
    "file.type.few_items": ("至少要有 {limit} 项", "must have at least {limit} items"),
    "file.type.many_items": ("最多 {limit} 项", "must have at most {limit} items"),
    "file.type.id": ("只能含字母、数字、_ 和 -", "may hold only letters, digits, _ and -"),
    "file.type.pattern": ("格式不符：应匹配 {pattern}", "must match the pattern {pattern}"),
    "file.type.date": ("应为日期，写作 YYYY-MM-DD", "must be a date written YYYY-MM-DD"),
    # The model's own checks.
    "model.blank": ("不能为空", "must not be empty or only spaces"),
    "model.expectation_listed_twice": ("期望编号“{id}”出现了两次", "expectation id '{id}' is listed twice"),
    "model.expectation_id_twice": ("期望编号“{id}”重复", "duplicate expectation id '{id}'"),
    "model.clear_order": ("CLEAR 步骤每步只能出现一次，顺序为 {order}", "CLEAR steps must each appear once, in the order {order}"),
    "model.strategy_twice": ("补救策略“{name}”出现了两次（可选：{names}）",
                             "recovery strategy '{name}' is listed twice (one of {names})"),
    "model.moment_twice": ("时刻“{name}”出现了两次", "moment '{name}' is listed twice"),
    "model.nps_counts": ("推荐者与贬损者之和超过了样本数 n（{n}）", "promoters and detractors add up to more than n ({n})"),
    "model.address_both": ("要么给出薄弱点的键（rule、touchpoints、dimension），要么给出一个接触点，不能两者都给",
                           "give either a weak point's key (rule, touchpoints, dimension) or a touchpoint, not both"),
    "model.address_none": ("需要“rule”（薄弱点的键）或“touchpoint”", "needs a 'rule' (a weak point's key) or a 'touchpoint'"),
    "model.format": ("不支持的格式“{found}”：本版本读取“{expected}”",
                     "unsupported format '{found}': this version reads '{expected}'"),
    "model.id_twice": ("编号“{id}”重复（第一次用于 {field}[{first}]）", "duplicate id '{id}' (first used at {field}[{first}])"),
    "model.no_stage": ("没有编号为“{id}”的环节（现有环节：{known}）", "no stage with id '{id}' (stages: {known})"),
    "model.no_touchpoint": ("没有编号为“{id}”的接触点", "no touchpoint with id '{id}'"),
    "model.no_expectation": ("此接触点没有编号为“{id}”的期望（现有：{known}）",
                             "no expectation with id '{id}' on this touchpoint (known: {known})"),
    "model.edge_twice": ("连线 {src} → {dst} 已在 edges[{first}] 定义过", "edge {src} → {dst} is already defined at edges[{first}]"),
    "model.share_sum": ("从“{id}”出发的连线占比之和为 {total}，超过 1",
                        "the shares of the edges leaving '{id}' add up to {total}, more than 1"),
}
