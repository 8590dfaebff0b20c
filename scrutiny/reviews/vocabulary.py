"""The default status vocabulary (docs/rules.md, "Statuses"). A council may rename, add or
reorder statuses in the admin; the rules read only the flags."""

DEFAULT_STATUSES = [
    # code, label, counts_as_achieved, closes, is_exception, rag, order
    ("not-started", "Not started", False, False, False, "grey", 10),
    ("on-track", "On track", False, False, False, "green", 20),
    ("slipped", "Slipped", False, False, True, "red", 30),
    ("extended", "Extended", False, False, True, "amber", 40),
    ("achieved", "Achieved", True, True, False, "blue", 50),
    ("not-achieved", "Not achieved", False, True, True, "red", 60),
    ("withdrawn", "Withdrawn", False, True, False, "grey", 70),
]
INITIAL_STATUS = "not-started"
EXTENDED_STATUS = "extended"


def install_default_statuses(status_model) -> None:
    for code, label, achieved, closes, exception, rag, order in DEFAULT_STATUSES:
        status_model.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "counts_as_achieved": achieved,
                "closes": closes,
                "is_exception": exception,
                "rag": rag,
                "order": order,
            },
        )
