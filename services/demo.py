"""placeholder while measuring"""


def seed() -> None:
    return None
