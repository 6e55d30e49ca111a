"""English texts of people and invites in chat (/invite), merged into `en`."""

TEXTS: dict[str, str] = {
    "cmd.invite": "Invite officers, see and manage people per unit (coordinators)",
    "mb.no_scope": "Invites and people lists are for regional coordinators and admins.",
    "mb.pick_unit": "👥 <b>People and invites · {region}</b>\nChoose a unit:",
    "mb.no_units": "This region has no units yet.",
    "mb.unit_title": "👥 <b>{unit}</b> · {region}",
    "mb.page": "Page {page} of {pages}",
    "mb.people_title": "<b>People</b> ({n})",
    "mb.person": "• {name} · {role}{inactive}",
    "mb.unreachable": " · <i>not receiving the bot's messages</i>",
    "mb.inactive": " · <i>inactive</i>",
    "mb.no_people": "Nobody has joined yet.",
    "mb.invites_title": "<b>Invites still valid</b> ({n})",
    "mb.invite": "• #{id} · used {uses}/{uses_max} · valid until {expires}",
    "mb.no_invites": "No invite is still valid.",
    "mb.new": "➕ {people} · {days}",
    "mb.revoke": "✖ Revoke #{id}",
    "mb.deactivate": "🚫 Deactivate {name}",
    "mb.created": (
        "✉️ Officer invite for <b>{unit}</b>: {uses} people, valid until {expires}.\n"
        "Code: <code>{code}</code>\nLink: {link}\n"
        "Send this link or QR code only to that unit's officers."
    ),
    "mb.created_no_link": (
        "✉️ Officer invite for <b>{unit}</b>: {uses} people, valid until {expires}.\n"
        "Code: <code>{code}</code>\nOfficers type <code>/start {code}</code> to this bot."
    ),
    "mb.revoked": "Invite revoked.",
    "mb.confirm_deactivate": (
        "🚫 Deactivate <b>{name}</b> ({unit})?\nThey lose access until a new invite."
    ),
    "mb.yes_deactivate": "Yes, deactivate",
    "mb.kept": "OK, nothing changed.",
    "mb.deactivated": "Deactivated.",
    "mb.refused.forbidden": "That is outside your region.",
    "mb.refused.not_found": "It no longer exists.",
    "mb.refused.not_pending": "This invite is no longer valid.",
    "mb.refused.inactive": "This person is already inactive.",
    "mb.refused.moved": "This person is no longer in this unit; nothing changed.",
    "mb.refused.repeated": "This invite was already made; its code is in the message above.",
    "mb.refused.bad_numbers": "The number of people or days is not valid.",
    "officer_only_coordinator": (
        "This command is for service-unit officers. As a coordinator: /summary (every unit), "
        "/review (check evidence), /invite (invite officers), /export (XLSX report)."
    ),
    "officer_only_admin": (
        "This command is for service-unit officers. As an admin: /summary <i>REGION</i>, "
        "/export <i>REGION</i>, /review <i>REGION</i>, /invite <i>REGION</i> (/help)."
    ),
    "co.own_region_only": ("You can only see your own region: <b>{region}</b>."),
    "pdf.subtitle": "{region} · {rubric} · {date}",
    "pdf.not_started": "Not started: this unit has not answered a single item this cycle.",
    "pdf.score": "Provisional score: {score} · category {category}",
    "pdf.verified": "Verified by the coordinator: {score}",
    "pdf.completion": "Completion: {answered}/{askable} items ({percent}%)",
    "pdf.gaps": "The {n} biggest gaps (points to gain or at risk)",
    "pdf.dimensions": "Points per dimension",
    "pdf.footer": (
        "SiapNilai · provisional score from the unit's own answers; the verified one counts "
        "only evidence a coordinator accepted."
    ),
    "role.officer": "officer",
    "role.coordinator": "coordinator",
    "role.admin": "admin",
}
