"""The bot's commands: each has an Indonesian and an English name (SPEC's contract).

Here, not in the chat layer, so that whatever lists the commands (the chat's menu and help,
`siapnilai try`) reads the one list without importing the handlers.
"""

from __future__ import annotations

COMMANDS: tuple[tuple[tuple[str, str], str], ...] = (
    # ((Indonesian name, English name), text key of the menu description)
    (("start", "start"), "cmd.start"),
    (("periksa", "check"), "cmd.check"),
    (("skor", "score"), "cmd.score"),
    (("kekurangan", "gaps"), "cmd.gaps"),
    (("produk", "products"), "cmd.products"),
    (("survei", "survey"), "cmd.survey"),
    (("ringkasan", "summary"), "cmd.summary"),
    (("unduh", "export"), "cmd.export"),
    (("tinjau", "review"), "cmd.review"),
    (("undang", "invite"), "cmd.invite"),
    (("pengingat", "reminders"), "cmd.reminders"),
    (("bahasa", "language"), "cmd.language"),
    (("bantuan", "help"), "cmd.help"),
    (("batal", "cancel"), "cmd.cancel"),
)


def menu(lang: str) -> list[tuple[str, str]]:
    """The command menu in `lang`: (name, description), the names of that language."""
    from bot import texts

    return [(names[1 if lang == "en" else 0], texts.plain(key, lang)) for names, key in COMMANDS]
