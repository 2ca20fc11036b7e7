"""The command line's messages (``mot``), in the language ``MOT_LANG`` asks for (English by default), and
the summary line of ``mot lint``, in the language of the findings."""

from __future__ import annotations

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str]] = {
    "cli.exists": ("{path} 已存在；如要覆盖请加 --force", "{path} exists; pass --force to replace it"),
    "cli.cannot_write": ("无法写入 {path}：{why}", "cannot write {path}: {why}"),
    "cli.cannot_read": ("无法读取 {path}：{why}", "cannot read {path}: {why}"),
    "cli.valid": ("{path}：有效（{stages} 个环节，{touchpoints} 个接触点，{edges} 条连线）", "{path}: ok ({stages} stages, {touchpoints} touchpoints, {edges} edges)"),
    "cli.invalid_files": ("{total} 个文件中有 {bad} 个无效", "{bad} of {total} file(s) invalid"),
    "cli.bad_id_title": ("--id 或 --title 无效：{why}", "invalid --id or --title: {why}"),
    "cli.wrote_journey": ("已写入 {path}（{title}，{touchpoints} 个接触点）", "wrote {path} ({title}, {touchpoints} touchpoints)"),
    "cli.imported_from": ("从 {name} 导入", "imported from {name}"),
    "cli.already_stored": ("旅程“{id}”已在库中（第 {n} 版）；用 --new-version 把这个文件存为下一版，或用 --as ID 另存一份", "journey '{id}' is already in the store (version {n}); use --new-version to add this file as its next version, or --as ID to keep it separately"),
    "cli.bad_as": ("--as 无效：{why}", "invalid --as: {why}"),
    "cli.saved": ("{id} 第 {n} 版已保存", "{id} version {n} saved"),
    "cli.wrote_version": ("已写入 {path}（{id} 第 {n} 版）", "wrote {path} ({id} version {n})"),
    "cli.no_files": ("没有找到旅程文件", "no journey files found"),
    "cli.not_found": ("{source} 既不是文件，也不是库中的旅程：{why}", "{source} is neither a file nor a stored journey: {why}"),
    "cli.wrote_bytes": ("已写入 {path}（{size} 字节）", "wrote {path} ({size} bytes)"),
    "cli.bad_version": ("{source}：@ 后面应是版本号（例如 {id}@2）", "{source}: the version after @ must be a number (e.g. {id}@2)"),
    "cli.wrote": ("已写入 {path}", "wrote {path}"),
    "cli.wrote_mermaid": ("已写入 {path}（{stages} 个环节，{touchpoints} 个接触点）", "wrote {path} ({stages} stages, {touchpoints} touchpoints)"),
    "cli.unexpected": ("意外错误：{kind}：{why}", "unexpected error: {kind}: {why}"),
    "cli.lint.sep": ("，", ", "),
    "cli.lint.count.critical": ("严重 {n}", "{n} critical"),
    "cli.lint.count.warning": ("警告 {n}", "{n} warning"),
    "cli.lint.count.info": ("提示 {n}", "{n} info"),
    "cli.lint.total": ("共 {n} 条（{counts}）", "{n} finding ({counts})|{n} findings ({counts})"),
    # accounts and roles (mot users, mot app)
    "cli.users.error": ("账户操作失败", "the account could not be changed"),
    "cli.users.duplicate": ("用户“{name}”已存在", "user '{name}' already exists"),
    "cli.users.unknown": ("没有用户“{name}”", "no user '{name}'"),
    "cli.users.bad_role": ("角色“{role}”无效；可选：{roles}", "invalid role '{role}'; choose one of: {roles}"),
    "cli.users.bad_name": ("用户名“{name}”无效：不能为空，也不能含空格", "invalid user name '{name}': it must not be empty or hold spaces"),
    "cli.users.empty_password": ("密码不能为空", "the password must not be empty"),
    "cli.users.long_password": ("密码太长：最多 {limit} 字节", "the password is too long: at most {limit} bytes"),
    "cli.users.password": ("{name} 的密码", "Password for {name}"),
    "cli.users.password_again": ("再输入一次", "Repeat it"),
    "cli.users.mismatch": ("两次输入的密码不一致", "the two passwords differ"),
    "cli.users.added": ("已添加用户 {name}（{role}）", "added user {name} ({role})"),
    "cli.users.changed": ("已修改 {name} 的密码", "changed the password of {name}"),
    "cli.users.removed": ("已删除用户 {name}", "removed user {name}"),
    "cli.users.none": ("还没有用户；用 mot users add NAME --role facilitator 添加第一位主持人", "no users yet; add the first facilitator with: mot users add NAME --role facilitator"),
    "cli.app.public_no_users": ("拒绝在 {address} 上启动：该地址可被网络中的其他人访问，但库中还没有用户（无法要求登录）。请先运行 mot users add NAME --role facilitator，或使用 --address 127.0.0.1", "refusing to serve on {address}: others on the network could reach it and the store has no users to sign in. First run: mot users add NAME --role facilitator (or use --address 127.0.0.1)"),
}
