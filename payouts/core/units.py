"""The units of the money core: whole pence and basis points, never floats."""

WHOLE_BP = 10_000
"""100% in basis points (1% = 100 bp)."""


def is_whole(value: object) -> bool:
    """A plain int: not a float, Decimal or bool, which would slip rounding or nonsense into money."""
    return isinstance(value, int) and not isinstance(value, bool)


def require_int(value: object, name: str) -> int:
    """Refuse anything but a plain int on the money path."""
    if not is_whole(value):
        raise TypeError(f"{name} must be a whole number (int), got {value!r}")
    return value


def percent(bp: int) -> str:
    """Show basis points as a percentage for people, e.g. 9500 -> "95.00%"."""
    sign = "-" if bp < 0 else ""
    whole, hundredths = divmod(abs(bp), 100)
    return f"{sign}{whole}.{hundredths:02d}%"


def pounds_text(pence: int) -> str:
    """Show pence as pounds for people, e.g. 123456 -> "£1,234.56"."""
    sign = "-" if pence < 0 else ""
    whole, rest = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{rest:02d}"
