"""Indonesian texts of review (/tinjau), the verified score, returned items (merged into `id`)."""

TEXTS: dict[str, str] = {
    "cmd.review": "Tinjau bukti unit sebelum penilai datang (koordinator)",
    # /tinjau ----------------------------------------------------------------------------
    "rv.no_scope": (
        "Tinjauan untuk koordinator wilayah dan admin. Petugas melihat hasil tinjauan di "
        "/kekurangan."
    ),
    "rv.pick_unit": "🔎 <b>Tinjau · {region}</b>\nPilih unit (paling banyak menunggu di atas):",
    "rv.no_units": "Wilayah ini belum punya unit.",
    "rv.unit_button": "{unit} · {waiting} menunggu",
    "rv.unit_button_none": "{unit} · belum mulai",
    "rv.scope_title": (
        "🔎 <b>{unit}</b>\n{answered} dijawab · {waiting} menunggu tinjauan · "
        "{accepted} sesuai · {returned} dikembalikan.\nTinjau yang mana?"
    ),
    "rv.scope.queue": "Menunggu tinjauan ({n})",
    "rv.scope.all": "Semua yang dijawab ({n})",
    "rv.scope.dim": "{dimension} ({n})",
    "rv.header": "🔎 <b>{unit}</b> · {n}/{total} · {scope}",
    "rv.scope_name.queue": "menunggu tinjauan",
    "rv.scope_name.all": "semua yang dijawab",
    "rv.dimension": "<i>{dimension}</i>",
    "rv.answer": "Jawaban: <b>{answer}</b>",
    "rv.note": "Catatan petugas: {note}",
    "rv.by": "Dijawab oleh {name} · {date}",
    "rv.evidence": "📎 Bukti: {files} (dikirim di atas). Diminta: {hint}",
    "rv.evidence_none": "📎 Belum ada bukti. Diminta: {hint}",
    "rv.evidence_required_none": (
        "📎 Belum ada bukti, padahal butir ini <b>wajib bukti</b>: tanpa berkas, ✅ Sesuai tidak "
        "menambah skor terverifikasi. Diminta: {hint}"
    ),
    "rv.status.accepted": "✅ Sudah dinyatakan sesuai.",
    "rv.status.returned": "↩ Sudah dikembalikan: {comment}",
    "rv.accept": "✅ Sesuai",
    "rv.return": "↩ Kembalikan",
    "rv.skip": "⏭ Lewati",
    "rv.ask_comment": (
        "↩ Tulis dalam satu pesan apa yang kurang atau harus diperbaiki (paling banyak {limit} "
        "karakter), atau /batal.\n<i>{question}</i>"
    ),
    "rv.done": (
        "Tidak ada lagi butir untuk ditinjau di sini (<b>{unit}</b>). Sudah ditinjau: {reviewed}. "
        "Ketik /tinjau untuk unit lain."
    ),
    "rv.accepted": "Dinyatakan sesuai.",
    "rv.returned": "↩ Dikembalikan ke <b>{unit}</b>; {officers} diberi tahu.",
    "rv.by_coordinator": "koordinator",
    "rv.by_admin": "admin",
    "rv.notify": (
        "↩ <b>Butir dikembalikan oleh {by}</b>\n{question}{product}\n"
        "Komentar: <i>{comment}</i>\nPerbaiki, lalu jawab lagi: butir ini akan ditinjau ulang."
    ),
    "rv.notify_accepted": (
        "✅ <b>Butir yang dikembalikan kini dinyatakan sesuai oleh {by}</b>\n"
        "{question}{product}\nTidak perlu diperbaiki lagi."
    ),
    "rv.refused.already_accepted": "Butir ini sudah dinyatakan sesuai; tidak ada yang berubah.",
    "rv.refused.already_returned": "Butir ini sudah dikembalikan; menunggu petugas menjawab lagi.",
    "rv.open_item": "Buka butir",
    "rv.cancelled": "Pengembalian dibatalkan; butir belum ditinjau.",
    "rv.cancelled_by_other": (
        "↩ Pengembalian yang menunggu komentar dibatalkan karena Anda membuka perintah atau "
        "tombol lain; tidak ada yang dicatat. Ketik /tinjau untuk mengembalikannya lagi."
    ),
    "rv.refused.forbidden": "Unit ini di luar wilayah Anda.",
    "rv.refused.not_found": "Unit atau pemeriksaan ini sudah tidak ada.",
    "rv.refused.no_selfcheck": "Unit ini belum mulai mengisi pada siklus sekarang.",
    "rv.refused.stale": "Butir ini baru dijawab lagi; tinjau jawaban yang baru.",
    "rv.refused.files_changed": (
        "Berkas butir ini berubah sejak ditampilkan; tidak ada yang dicatat. Ketik /tinjau untuk "
        "melihat berkas yang sekarang."
    ),
    "rv.refused.review_changed": (
        "Koordinator lain sudah menilai butir ini sejak ditampilkan; tidak ada yang dicatat. "
        "Ketik /tinjau untuk melihat penilaiannya."
    ),
    "rv.refused.item_gone": "Butir ini sudah tidak ada. Ketik /tinjau.",
    "rv.refused.no_return": "Tidak ada pengembalian yang menunggu komentar.",
    "rv.comment_text_only": (
        "Komentar pengembalian harus berupa teks: tulis dalam satu pesan apa yang kurang, "
        "atau /batal untuk membatalkan pengembalian."
    ),
    "rv.refused.empty": "Komentar tidak boleh kosong. Tulis komentarnya, atau /batal.",
    "rv.refused.too_long": "Komentar terlalu panjang (paling banyak {limit} karakter).",
    "n.person.one": "{n} petugas",
    "n.person.other": "{n} petugas",
    # The officer's side ---------------------------------------------------------------
    "q.returned": "↩ <b>Dikembalikan untuk diperbaiki:</b> {comment}",
    "score.verified": "Terverifikasi: <b>{verified}</b>",
    "gaps.returned_title": "<b>↩ Dikembalikan untuk diperbaiki</b>",
    "gaps.returned_line": "• {question}{product}: <i>{comment}</i>",
    "gaps.unverified_title": "<b>Belum terverifikasi</b> (poin yang belum dihitung penilai)",
    "gaps.unverified_line": "• {question}{product} — {points} poin",
}
