"""Operating-system errors in Chinese, naming the file or folder: the user never sees the C
library's English ("No such file or directory", "Is a directory")."""

from __future__ import annotations

import errno
from pathlib import Path

# Windows error numbers that carry no (or a misleading) errno
_WINERRORS = {
    2: "missing", 3: "missing", 5: "denied", 32: "busy", 33: "busy", 112: "full", 123: "badname",
    206: "toolong", 21: "nodevice", 53: "network", 64: "network", 67: "network", 1231: "network",
}
_ERRNOS = {
    errno.ENOENT: "missing", errno.EISDIR: "isdir", errno.ENOTDIR: "notdir", errno.EACCES: "denied",
    errno.EPERM: "denied", errno.EROFS: "readonly", errno.ENOSPC: "full", errno.ENAMETOOLONG: "toolong",
    errno.EINVAL: "badname", errno.EEXIST: "exists", errno.EBUSY: "busy", errno.ETXTBSY: "busy",
    errno.EMFILE: "toomany", errno.ENFILE: "toomany", errno.EIO: "io", errno.ELOOP: "loop",
    errno.ENODEV: "nodevice", errno.ENXIO: "nodevice", errno.EFBIG: "toobig",
    errno.ETIMEDOUT: "network", errno.ECONNRESET: "network", errno.EHOSTDOWN: "network",
    errno.EHOSTUNREACH: "network", errno.ENETDOWN: "network", errno.ENETUNREACH: "network",
    errno.ESTALE: "network",
}
_EDQUOT = getattr(errno, "EDQUOT", None)
if _EDQUOT is not None:
    _ERRNOS[_EDQUOT] = "full"


def kind_of(exc: OSError) -> str:
    """A short name for what went wrong ("missing", "denied", "full"…; "other" if unknown)."""
    win = getattr(exc, "winerror", None)
    if win in _WINERRORS:
        return _WINERRORS[win]
    return _ERRNOS.get(exc.errno, "other")


def describe(exc: OSError, path: Path | str | None = None) -> str:
    """One Chinese sentence (no final stop) saying what is wrong, with the file or folder named."""
    path = Path(path if path is not None else (exc.filename or ""))
    name, folder = path.name or str(path), path.parent
    kind = kind_of(exc)
    if kind == "missing":
        if str(folder) not in ("", ".") and not folder.exists():
            return f"找不到「{name}」：文件夹「{folder}」不存在"
        return f"找不到文件「{name}」（文件夹 {folder}）"
    return {
        "isdir": f"「{path}」是一个文件夹，不是文件",
        "notdir": f"路径「{path}」中有一段不是文件夹",
        "denied": f"没有权限访问「{name}」（文件夹 {folder}）",
        "readonly": f"「{folder}」所在的磁盘是只读的",
        "full": f"磁盘空间不足（文件夹 {folder}）",
        "toolong": f"文件名或路径过长（「{name}」）",
        "badname": f"文件名「{name}」含有不允许的字符",
        "exists": f"「{name}」已存在（文件夹 {folder}）",
        "busy": f"「{name}」正被另一个程序占用",
        "toomany": "同时打开的文件过多，请关闭一些程序后重试",
        "io": f"读写「{name}」时磁盘或网络出错（文件夹 {folder}）",
        "loop": f"路径「{path}」中的快捷方式（符号链接）互相指向，无法打开",
        "nodevice": f"「{folder}」所在的磁盘或设备不存在或未连接",
        "toobig": f"「{name}」超过了磁盘允许的文件大小",
        "network": f"访问「{folder}」时网络连接中断",
    }.get(kind, f"访问「{name}」时出现系统错误（错误码 {exc.errno or getattr(exc, 'winerror', '?')}，文件夹 {folder}）")
