"""Materialised paths of the unit tree, as pure string arithmetic.

A unit's path is its ancestors' ids and its own, each zero-padded to a fixed width and
followed by a slash: "0000000001/0000000007/". A subtree is then every
path that starts with its root's path, which one indexed prefix query finds at any depth.
"""

SEGMENT_WIDTH = 10


def segment(node_id: int) -> str:
    if node_id < 1 or node_id >= 10**SEGMENT_WIDTH:
        raise ValueError(f"node id {node_id} does not fit a path segment")
    return f"{node_id:0{SEGMENT_WIDTH}d}/"


def child_path(parent_path: str, node_id: int) -> str:
    return parent_path + segment(node_id)


def depth(path: str) -> int:
    """1 for a root, 2 for its children, and so on."""
    return len(path) // (SEGMENT_WIDTH + 1)


def ids(path: str) -> list[int]:
    """The ids from the root down to the node itself."""
    return [int(part) for part in path.split("/") if part]


def is_within(path: str, ancestor_path: str) -> bool:
    """True when `path` is `ancestor_path` itself or lies below it."""
    return path.startswith(ancestor_path)
