"""Indonesian texts of the coordinator flows, reports and reminders (merged into `id`)."""

TEXTS: dict[str, str] = {
    # /ringkasan -------------------------------------------------------------------------
    "co.title": "📊 <b>Ringkasan {region}</b> · {date}",
    "co.cycle": "Siklus {year}: <b>{rubric}</b> · jendela {opens} s.d. {closes}",
    "co.window.before": "⏳ Jendela penilaian dibuka dalam <b>{days}</b>.",
    "co.window.open": "🟢 Jendela penilaian sedang dibuka: ditutup dalam <b>{days}</b>.",
    "co.window.last_day": "🟢 Jendela penilaian sedang dibuka: <b>hari ini hari terakhir</b>.",
    "co.window.closed": "Jendela penilaian sudah ditutup {days} yang lalu.",
    "co.no_cycle": "Belum ada siklus penilaian untuk wilayah ini.",
    "co.no_units": "Wilayah ini belum punya unit.",
    "co.totals": (
        "{units} · {complete} selesai mengisi · rata-rata kelengkapan {completion}% · "
        "rata-rata skor {average}"
    ),
    "co.totals_started": (
        "{units} · {complete} selesai mengisi · dari {started} yang sudah mulai: "
        "rata-rata kelengkapan {completion}% · rata-rata skor {average}"
    ),
    "co.totals_none_started": "{units} · {complete} selesai mengisi · belum ada yang mulai mengisi",
    "co.admin_not_found": "Wilayah <b>{name}</b> tidak ditemukan.",
    "co.waiting": "🔎 {items} menunggu tinjauan Anda di {units}: /tinjau",
    "co.units_title": "<b>Unit, dari skor sementara tertinggi</b>",
    "co.unit": (
        "{rank}. <b>{unit}</b>\n"
        "    {completion}% terisi · skor {score} · terverifikasi {verified} · {category} · "
        "bukti {evidence} · aktivitas terakhir {last}"
    ),
    "co.unit_compact": (
        "{rank}. <b>{unit}</b> — {completion}% · {score} · ✔ {verified} · {category}"
    ),
    "co.admin_pick": (
        "Sebutkan wilayahnya: <code>/{command} WILAYAH</code>, misalnya "
        "<code>/{command} {example}</code>. Wilayah: {regions}"
    ),
    "co.unit_no_score": "{rank}. <b>{unit}</b> — belum ada siklus",
    "co.unit_not_started": "{rank}. <b>{unit}</b> — belum mulai",
    "co.unit_gaps": "    Kekurangan utama: {gaps}",
    "co.never": "belum ada",
    "co.common_title": "<b>Butir yang paling banyak belum dipenuhi</b>",
    "co.common_line": "• {item} ({dimension}) — {units} dari {of} unit yang sudah mulai",
    "co.chart_scores": "Skor sementara per unit — {region}",
    "co.chart_heatmap": "Capaian per dimensi (% poin) — {region}",
    "co.chart_axis_points": "Skor sementara (0–100)",
    "co.chart_axis_index": "Indeks (0–5)",
    "co.caption_scores": (
        "Skor sementara per unit, yang paling perlu dibantu di atas; warna latar = kategori "
        "({bands}). Unit yang belum mulai berwarna abu-abu."
    ),
    "co.caption_heatmap": (
        "Persentase poin tiap dimensi yang sudah diraih, per unit, yang paling perlu dibantu "
        "di atas. Abu-abu: belum mulai."
    ),
    "co.caption_truncated": (
        " Grafik skor: {edge} unit terbawah dan {edge} teratas; peta panas: {lowest} unit "
        "terbawah. Semua unit ada di teks dan di /unduh."
    ),
    "co.chart_not_started": "belum mulai",
    "co.chart_idle": "{units} (daftarnya di teks)",
    "co.zone_word.hijau": "hijau",
    "co.zone_word.kuning": "kuning",
    "co.zone_word.merah": "merah",
    "co.chart_gap": "… {units} lainnya (lihat teks dan /unduh) …",
    "co.more_in_export": "Data lengkap setiap unit: /unduh.",
    # /unduh -----------------------------------------------------------------------------
    "co.export_caption": "📄 Laporan SiapNilai <b>{region}</b> · {date}",
    "co.export_caption_unit": "📄 Laporan SiapNilai <b>{unit}</b> · {date}",
    "co.export_pack_hint": (
        "Perlu arsip bukti untuk penilai? Tekan <i>Paket bukti</i>. Satu halaman per unit "
        "untuk dicetak (skor, kategori, lima kekurangan terbesar, yang sudah diverifikasi): "
        "<i>Halaman unit (PDF)</i>."
    ),
    "co.btn_pack": "📦 Paket bukti",
    "co.btn_page": "📄 Halaman unit (PDF)",
    "co.page_choose": "Pilih unit untuk halaman ringkasnya (PDF, siap cetak):",
    "co.page_caption": "📄 Halaman ringkas <b>{unit}</b> · {region} · {date}",
    "co.pack_choose": "Pilih unit untuk paket bukti:",
    "co.pack_working": (
        "⏳ Menyiapkan paket bukti <b>{unit}</b> ({files}). Ini bisa memakan waktu beberapa menit."
    ),
    "co.pack_empty": "Unit <b>{unit}</b> belum punya bukti di siklus ini.",
    "co.pack_caption": "📦 Paket bukti <b>{unit}</b> · arsip {part}",
    "co.pack_file": "siapnilai-bukti",
    "co.pack_other": "lainnya",
    "co.pack_done": "✅ Paket bukti <b>{unit}</b>: {files} dalam {archives}.",
    "co.pack_missing": (
        "⚠️ {files} tidak bisa diunduh bot (lebih dari 20 MB atau gagal); daftarnya ada "
        "di README.txt di dalam arsip."
    ),
    "co.pack_busy": "Paket bukti sedang disiapkan. Tunggu sampai selesai.",
    "co.no_scope": "Anda belum terhubung dengan unit atau wilayah.",
    # Evidence pack README (plain text) --------------------------------------------------
    "co.readme_title": "Paket bukti SiapNilai: {unit} ({region})",
    "co.readme_cycle": "Siklus {year}: {rubric}, jendela {opens} s.d. {closes}",
    "co.readme_made": "Dibuat: {at} {tz}",
    "co.readme_layout": (
        "Susunan: <dimensi>/<butir>[ @produk]/<berkas>. INDEX.csv mencantumkan setiap berkas: "
        "siapa mengunggah, kapan, keterangan, dan statusnya."
    ),
    "co.readme_counts": "Berkas disertakan: {included} dari {total}.",
    "co.readme_missing_title": (
        "Berkas yang TIDAK disertakan (tidak hilang; masih ada di Telegram):"
    ),
    "co.readme_too_big": "- {path}: lebih dari 20 MB (batas unduh Bot API), ukuran {size}",
    "co.readme_failed": "- {path}: gagal diunduh ({reason})",
    "co.readme_none_missing": "Semua berkas disertakan.",
    # Workbook (plain text) --------------------------------------------------------------
    "xlsx.sheet.summary": "Ringkasan",
    "xlsx.sheet.answers": "Jawaban",
    "xlsx.sheet.gaps": "Kekurangan",
    "xlsx.sheet.history": "Riwayat",
    "xlsx.col.region": "Wilayah",
    "xlsx.col.unit": "Unit",
    "xlsx.col.rubric": "Instrumen",
    "xlsx.col.completion": "Kelengkapan %",
    "xlsx.col.total": "Total",
    "xlsx.not_started": "Belum mulai",
    "xlsx.not_started_items": "Belum mulai: {items} butir belum dijawab",
    "xlsx.col.verified": "Terverifikasi",
    "xlsx.col.index": "Indeks",
    "xlsx.col.verified_index": "Indeks terverifikasi",
    "xlsx.sheet.dimensions": "Dimensi",
    "xlsx.col.dimension_max": "{title} (maks {weight})",
    "xlsx.print_header": "SiapNilai · {region} · {rubric}",
    "xlsx.col.category": "Kategori",
    "xlsx.col.zone": "Zona",
    "xlsx.zone.hijau": "hijau",
    "xlsx.zone.kuning": "kuning",
    "xlsx.zone.merah": "merah",
    "xlsx.col.evidence": "Bukti",
    "xlsx.col.last_activity": "Aktivitas terakhir ({tz})",
    "xlsx.col.top_gaps": "Kekurangan utama (poin)",
    "xlsx.col.product": "Produk",
    "xlsx.col.dimension": "Dimensi",
    "xlsx.col.item": "Butir",
    "xlsx.col.question": "Pertanyaan",
    "xlsx.col.answer": "Jawaban",
    "xlsx.col.note": "Catatan",
    "xlsx.col.by": "Oleh",
    "xlsx.col.at": "Waktu ({tz})",
    "xlsx.col.kind": "Jenis",
    "xlsx.col.points": "Poin",
    "xlsx.col.hint": "Petunjuk bukti",
    # Reminders --------------------------------------------------------------------------
    "rem.before": (
        "⏰ <b>Pengingat SiapNilai</b>\n"
        "Jendela penilaian <b>{cycle}</b> dibuka dalam <b>{days}</b> hari ({opens})."
    ),
    "rem.weekly": (
        "⏰ <b>Pengingat mingguan SiapNilai</b>\n"
        "Jendela penilaian <b>{cycle}</b> sedang dibuka sampai {closes} ({days} hari lagi)."
    ),
    "rem.weekly_last_day": (
        "⏰ <b>Pengingat mingguan SiapNilai</b>\n"
        "Jendela penilaian <b>{cycle}</b> ditutup hari ini ({closes})."
    ),
    "rem.status": (
        "Unit <b>{unit}</b>: {answered}/{askable} butir terisi ({completion}%) · "
        "skor sementara {score} · {category}"
    ),
    "rem.gaps_title": "Kekurangan utama:",
    "rem.gap": "• {item}",
    "rem.btn_continue": "▶ Lanjutkan pemeriksaan",
    "rem.off_hint": "Matikan pengingat: /pengingat",
    "rem.digest_title": "🗓 <b>Ringkasan mingguan SiapNilai</b>",
    # /pengingat -------------------------------------------------------------------------
    "rem.opened": (
        "📣 Siklus <b>{cycle}</b> dibuka untuk unit Anda. Jendela penilaian: {opens} "
        "sampai {closes}. Mulai persiapan sekarang: ketik /periksa."
    ),
    "rem.opened_open": (
        "📣 Siklus <b>{cycle}</b> dibuka untuk unit Anda. Jendela penilaian sedang dibuka "
        "sampai {closes} ({days} hari lagi)."
    ),
    "rem.monthly": (
        "🗓 Persiapan <b>{cycle}</b>: jendela penilaian dibuka {opens} ({days} hari lagi)."
    ),
    "rem.not_started": "Pemeriksaan mandiri <b>{unit}</b> belum dimulai. Ketik /periksa.",
    "rem.state.1": (
        "Pengingat: <b>semua</b> (pengumuman siklus, bulanan selama persiapan, sebulan "
        "terakhir, mingguan)."
    ),
    "rem.state.2": (
        "Pengingat: <b>hanya sebulan terakhir</b> (30, 14, 7, 1 hari sebelum jendela dibuka, "
        "lalu mingguan)."
    ),
    "rem.state.0": "Pengingat: <b>mati</b>.",
    "rem.digest_state": (
        "Pengingat: <b>aktif</b> (ringkasan wilayah setiap Senin pukul 08.00 selama siklus)."
    ),
    "rem.next": "Pengingat berikutnya: {day}.",
    "rem.next_none": "Tidak ada pengingat terjadwal untuk siklus sekarang.",
    "rem.next_complete": (
        "Pemeriksaan mandiri unit Anda sudah lengkap: tidak ada pengingat selama tetap lengkap."
    ),
    "rem.choose": "Pilih:",
    "rem.unknown_word": (
        "Kata <b>{word}</b> tidak dikenali. Ketik /pengingat saja lalu pilih tombol, atau "
        "/pengingat dengan salah satu kata ini — menyalakan: {on}; mematikan: {off}."
    ),
    "btn.rem.1": "Semua",
    "btn.rem.2": "Hanya sebulan terakhir",
    "btn.rem.0": "Mati",
    "rem.admin_only": "Pengingat hanya untuk petugas dan koordinator yang terdaftar.",
    # Workbook: the Items and Notes sheets ---------------------------------------------
    "xlsx.sheet.items": "Butir",
    "xlsx.sheet.notes": "Catatan",
    "xlsx.col.scope": "Cakupan",
    "xlsx.col.weight": "Bobot",
    "xlsx.col.evidence_required": "Bukti wajib",
    "xlsx.notes.title": "SiapNilai · {region}",
    "xlsx.notes.generated": ("Dibuat {when} ({tz}); instrumen {rubric}; {units} unit."),
    "xlsx.notes.sheets": (
        "Lembar: Ringkasan (satu baris per unit), Dimensi (poin per dimensi), Jawaban "
        "(jawaban terakhir per butir), Kekurangan (butir yang belum penuh), Butir (teks "
        "pertanyaan dan petunjuk bukti "
        "per ID butir), Riwayat (setiap jawaban yang pernah diberikan)."
    ),
    "xlsx.notes.history_included": "Riwayat: {rows}, termasuk yang sudah diganti.",
    "xlsx.notes.history_none": "Riwayat: tidak ada jawaban yang pernah diganti.",
    "xlsx.notes.history_left_out": (
        "Riwayat tidak disertakan: {rows} jawaban (lebih dari {limit}) akan membuat "
        "berkas ini lambat dibuat dan dibuka. Setiap petugas mendapat riwayat unitnya "
        "lewat /unduh; admin dapat membuat riwayat seluruh wilayah: siapnilai report "
        "{region_id} -o FILE.xlsx --history"
    ),
}
