"""Indonesian texts of people and invites in chat (/undang), merged into `id`."""

TEXTS: dict[str, str] = {
    "cmd.invite": "Undang petugas, lihat dan kelola orang per unit (koordinator)",
    "mb.no_scope": "Undangan dan daftar orang untuk koordinator wilayah dan admin.",
    "mb.pick_unit": "👥 <b>Orang dan undangan · {region}</b>\nPilih unit:",
    "mb.no_units": "Wilayah ini belum punya unit.",
    "mb.unit_title": "👥 <b>{unit}</b> · {region}",
    "mb.page": "Halaman {page} dari {pages}",
    "mb.people_title": "<b>Orang</b> ({n})",
    "mb.person": "• {name} · {role}{inactive}",
    "mb.inactive": " · <i>nonaktif</i>",
    "mb.unreachable": " · <i>tidak menerima pesan bot</i>",
    "mb.no_people": "Belum ada yang bergabung.",
    "mb.invites_title": "<b>Undangan yang masih berlaku</b> ({n})",
    "mb.invite": "• #{id} · dipakai {uses}/{uses_max} · berlaku s.d. {expires}",
    "mb.no_invites": "Tidak ada undangan yang masih berlaku.",
    "mb.new": "➕ {people} · {days}",
    "mb.revoke": "✖ Cabut #{id}",
    "mb.deactivate": "🚫 Nonaktifkan {name}",
    "mb.created": (
        "✉️ Undangan petugas <b>{unit}</b>: {uses} orang, berlaku s.d. {expires}.\n"
        "Kode: <code>{code}</code>\nTautan: {link}\n"
        "Kirim tautan atau kode QR ini hanya kepada petugas unit tersebut."
    ),
    "mb.created_no_link": (
        "✉️ Undangan petugas <b>{unit}</b>: {uses} orang, berlaku s.d. {expires}.\n"
        "Kode: <code>{code}</code>\nPetugas mengetik <code>/start {code}</code> kepada bot ini."
    ),
    "mb.revoked": "Undangan dicabut.",
    "mb.confirm_deactivate": (
        "🚫 Nonaktifkan <b>{name}</b> ({unit})?\nIa kehilangan akses sampai mendapat undangan baru."
    ),
    "mb.yes_deactivate": "Ya, nonaktifkan",
    "mb.kept": "Baik, tidak ada yang berubah.",
    "mb.deactivated": "Dinonaktifkan.",
    "mb.refused.forbidden": "Itu di luar wilayah Anda.",
    "mb.refused.not_found": "Sudah tidak ada.",
    "mb.refused.not_pending": "Undangan ini sudah tidak berlaku.",
    "mb.refused.inactive": "Orang ini sudah nonaktif.",
    "mb.refused.moved": "Orang ini sudah tidak di unit ini; tidak ada yang berubah.",
    "mb.refused.repeated": "Undangan ini sudah dibuat; kodenya ada di pesan di atas.",
    "mb.refused.bad_numbers": "Jumlah orang atau hari tidak valid.",
    "officer_only_coordinator": (
        "Perintah ini untuk petugas unit layanan. Sebagai koordinator: /ringkasan (semua unit), "
        "/tinjau (periksa bukti), /undang (undang petugas), /unduh (laporan XLSX)."
    ),
    "officer_only_admin": (
        "Perintah ini untuk petugas unit layanan. Sebagai admin: /ringkasan <i>WILAYAH</i>, "
        "/unduh <i>WILAYAH</i>, /tinjau <i>WILAYAH</i>, /undang <i>WILAYAH</i> (/bantuan)."
    ),
    "co.own_region_only": ("Anda hanya dapat melihat wilayah Anda sendiri: <b>{region}</b>."),
    "pdf.subtitle": "{region} · {rubric} · {date}",
    "pdf.not_started": "Belum mulai: unit ini belum menjawab satu butir pun pada siklus ini.",
    "pdf.score": "Skor sementara: {score} · kategori {category}",
    "pdf.verified": "Terverifikasi oleh koordinator: {score}",
    "pdf.completion": "Kelengkapan: {answered}/{askable} butir ({percent}%)",
    "pdf.gaps": "{n} kekurangan terbesar (poin yang bisa diraih atau yang berisiko)",
    "pdf.dimensions": "Poin per dimensi",
    "pdf.footer": (
        "SiapNilai · skor sementara dari jawaban unit sendiri; yang terverifikasi hanya "
        "menghitung bukti yang sudah dinyatakan sesuai oleh koordinator."
    ),
    "role.officer": "petugas",
    "role.coordinator": "koordinator",
    "role.admin": "admin",
}
