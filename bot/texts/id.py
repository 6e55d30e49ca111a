"""Indonesian texts (the default language). HTML templates; values are escaped by `render`."""

TEXTS: dict[str, str] = {
    # Command menu (setMyCommands) -------------------------------------------------------
    "cmd.start": "Mulai, atau bergabung dengan kode undangan",
    "cmd.check": "Isi atau lanjutkan pemeriksaan mandiri",
    "cmd.score": "Lihat skor sementara",
    "cmd.gaps": "Lihat kekurangan dan jalan ke kategori berikutnya",
    "cmd.products": "Lihat dan tambah produk layanan",
    "cmd.summary": "Ringkasan semua unit (koordinator)",
    "cmd.export": "Unduh laporan XLSX dan paket bukti",
    "cmd.reminders": "Pengingat: lihat dan pilih (semua, sebulan terakhir, mati)",
    "cmd.language": "Ganti bahasa",
    "cmd.help": "Bantuan",
    "cmd.cancel": "Batalkan isian yang sedang ditunggu",
    # Joining ----------------------------------------------------------------------------
    "deactivated": (
        "Akun Anda di SiapNilai sudah dinonaktifkan oleh koordinator atau admin.\n"
        "Bila itu keliru, minta tautan undangan baru kepada koordinator Anda."
    ),
    "unregistered": (
        "Bot ini untuk petugas unit layanan dan koordinator yang sudah diundang, dan untuk "
        "survei kepuasan warga.\n"
        "Petugas: mintalah tautan undangan kepada koordinator Anda, lalu buka tautan itu.\n"
        "Warga: untuk mengisi survei, pindai kode QR di unit layanan. Survei yang sudah Anda "
        "selesaikan sudah tercatat, terima kasih."
    ),
    "join.officer": (
        "Selamat datang, {name}! Anda terdaftar sebagai petugas <b>{unit}</b>.\n\n"
        "Ketik /periksa untuk mulai mengisi pemeriksaan mandiri. /bantuan menjelaskan semuanya."
    ),
    "join.coordinator": (
        "Selamat datang, {name}! Anda terdaftar sebagai koordinator <b>{region}</b>.\n\n"
        "Ketik /ringkasan untuk melihat semua unit. /bantuan menjelaskan semuanya."
    ),
    "join.error.unknown": (
        "Kode undangan ini tidak dikenal. Periksa tautannya, atau minta tautan baru kepada "
        "orang yang mengirimkannya."
    ),
    "join.error.revoked": (
        "Kode undangan ini sudah dicabut. Minta tautan baru kepada orang yang mengirimkannya."
    ),
    "join.error.expired": (
        "Kode undangan ini sudah kedaluwarsa. Minta tautan baru kepada orang yang mengirimkannya."
    ),
    "join.error.used_up": (
        "Kode undangan ini sudah dipakai sebanyak batasnya. Minta tautan baru kepada orang "
        "yang mengirimkannya."
    ),
    "join.error.before_deactivation": (
        "Akun Anda dinonaktifkan setelah kode undangan ini dibuat, jadi kode ini tidak bisa "
        "memulihkannya. Bila itu keliru, minta undangan baru kepada koordinator Anda."
    ),
    "join.confirm": "Anda sekarang {now}. Kode ini menjadikan Anda {then}. Pindah?",
    "join.place.officer": "petugas <b>{unit}</b> ({region})",
    "join.place.coordinator": "koordinator <b>{region}</b>",
    "join.place.admin": "admin",
    "join.kept": "Baik, tidak ada yang berubah. Kode undangan itu tidak dipakai.",
    "btn.switch": "Pindah",
    "btn.keep": "Batal",
    "join.error.already_member": (
        "Anda sudah terdaftar. Ketik /bantuan untuk melihat apa yang bisa dilakukan."
    ),
    "welcome.officer": (
        "Selamat datang kembali, {name}. Anda petugas <b>{unit}</b>.\n"
        "Ketik /periksa untuk melanjutkan pemeriksaan mandiri, /skor untuk skor sementara, "
        "/kekurangan untuk kekurangan."
    ),
    "welcome.coordinator": (
        "Selamat datang kembali, {name}. Anda koordinator <b>{region}</b>.\n"
        "Ketik /ringkasan untuk ringkasan semua unit, /unduh untuk laporan XLSX."
    ),
    "welcome.admin": (
        "Selamat datang, {name}. Anda admin bot ini.\n"
        "Ketik /ringkasan untuk ringkasan semua wilayah, /bantuan untuk semua perintah."
    ),
    # Help -------------------------------------------------------------------------------
    "help.officer": (
        "<b>SiapNilai</b> membantu unit Anda bersiap untuk penilaian pelayanan publik "
        "(Opini Ombudsman RI, PEKPPP KemenPANRB).\n\n"
        "/periksa — isi daftar periksa satu per satu. Tekan jawaban (jawaban terbaik paling "
        "atas), <i>Tidak berlaku</i> bila memang tidak berlaku (lalu tulis alasannya), "
        "<i>⬅ Kembali</i>, <i>Lewati ➡</i>, atau <i>Daftar</i> untuk melompat ke butir mana pun. "
        "Jawaban bisa diubah kapan saja; riwayatnya disimpan.\n"
        "Bukti: kirim foto atau dokumen (album juga boleh) saat pertanyaannya tampil, atau "
        "setelah jawaban positif (butir berikutnya tampil di bawah permintaan bukti: jawab saja "
        "untuk lanjut). <i>↩ Batalkan</i> menarik berkas yang baru dikirim. Jawaban juga bisa "
        "diketik (mis. <i>ya</i>). <i>📝 Catatan</i> menambah catatan pada jawaban; bila rekan "
        "sudah mengubah butirnya, Anda melihat jawabannya dan <i>Ganti</i>. Di siklus baru, "
        "<i>↺ Masih berlaku</i> memakai lagi jawaban, catatan, dan bukti tahun lalu.\n"
        "/skor — skor sementara, kategori, dan poin per dimensi.\n"
        "/kekurangan — kekurangan terurut menurut poin, dan jalan ke kategori berikutnya.\n"
        "/produk — produk layanan unit Anda (butir produk ditanyakan per produk).\n"
        "/survei — survei kepuasan warga: tautan, kode QR, poster untuk loket, dan hasilnya "
        "(IKM).\n"
        "/unduh — buku kerja XLSX unit Anda; tombol <i>📦 Paket bukti</i> di bawahnya "
        "mengirim arsip ZIP semua bukti, disusun per dimensi dan butir, dan "
        "<i>📄 Halaman unit (PDF)</i> satu halaman siap cetak untuk pimpinan.\n"
        "/pengingat — pengingat Anda, tanggal berikutnya, dan pilihannya (semua, hanya "
        "sebulan terakhir, mati).\n"
        "/bahasa — ganti bahasa (Indonesia/English).\n"
        "/batal — batalkan isian yang sedang ditunggu."
    ),
    "help.coordinator": (
        "<b>SiapNilai</b> untuk koordinator.\n\n"
        "/ringkasan — semua unit wilayah Anda: kelengkapan, skor sementara, kategori, "
        "kekurangan utama, dan grafik.\n"
        "/unduh — buku kerja XLSX untuk wilayah Anda; tombol <i>📦 Paket bukti</i> di "
        "bawahnya mengirim arsip ZIP bukti satu unit, <i>📄 Halaman unit (PDF)</i> satu "
        "halaman siap cetak per unit.\n"
        "/tinjau — periksa bukti tiap unit: <i>✅ Sesuai</i> atau <i>↩ Kembalikan</i> dengan "
        "komentar; skor terverifikasi hanya menghitung yang sesuai.\n"
        "/undang — undangan petugas (dengan kode QR), orang dan undangan per unit.\n"
        "/pengingat — nyalakan atau matikan ringkasan mingguan.\n"
        "/bahasa — ganti bahasa (Indonesia/English).\n"
        "/batal — batalkan isian yang sedang ditunggu."
    ),
    "help.admin": (
        "<b>SiapNilai</b> untuk admin.\n\n"
        "Wilayah, unit, siklus, dan undangan dibuat lewat perintah <code>siapnilai</code> "
        "di server.\n"
        "/ringkasan <i>WILAYAH</i> — ringkasan satu wilayah (tanpa nama: daftar wilayah).\n"
        "/unduh <i>WILAYAH</i> — buku kerja XLSX dan paket bukti satu wilayah.\n"
        "/tinjau <i>WILAYAH</i>, /undang <i>WILAYAH</i> — tinjauan bukti, orang dan undangan.\n"
        "/bahasa — ganti bahasa (Indonesia/English).\n"
        "/batal — batalkan isian yang sedang ditunggu."
    ),
    # General ----------------------------------------------------------------------------
    "cancel.done": "Dibatalkan. Ketik /periksa untuk melanjutkan.",
    "cancel.nothing": "Tidak ada yang sedang ditunggu.",
    "unknown_command": "Perintah itu tidak dikenal. Ketik /bantuan untuk daftar perintah.",
    "text.stale_cycle": (
        "Siklus penilaian unit Anda sudah berganti; yang Anda kirim tidak disimpan ke "
        "siklus lama. Ketik /periksa untuk siklus sekarang."
    ),
    "text.unexpected": (
        "Saya tidak sedang menunggu teks. Ketik /periksa untuk melanjutkan, atau /bantuan."
    ),
    "text.unexpected.coordinator": (
        "Saya tidak sedang menunggu teks. Sebagai koordinator: /ringkasan (semua unit), "
        "/tinjau (periksa bukti), atau /bantuan."
    ),
    "message.unsupported.coordinator": (
        "Bot ini membaca teks, foto, dan dokumen; stiker, pesan suara, lokasi, dan kontak "
        "tidak. Sebagai koordinator: /ringkasan (semua unit), /tinjau (periksa bukti), "
        "atau /bantuan."
    ),
    "message.unsupported": (
        "Bot ini membaca teks, foto, dan dokumen; stiker, pesan suara, lokasi, dan kontak "
        "tidak. Ketik /periksa untuk melanjutkan, atau /bantuan."
    ),
    "text.too_long": "Teks terlalu panjang (paling banyak {limit} karakter). Coba dipersingkat.",
    "media.unexpected.coordinator": (
        "Berkas bukti dikirim petugas unit lewat /periksa; berkas dari koordinator tidak "
        "disimpan. Sebagai koordinator: /ringkasan (semua unit), /tinjau (periksa bukti), "
        "atau /bantuan."
    ),
    "media.unexpected": (
        "Saya tidak sedang menunggu berkas. Untuk menambah bukti, buka butirnya lewat /periksa "
        "lalu tekan <i>Tambah bukti</i>."
    ),
    "typed.saved": "Tersimpan: <b>{answer}</b>.",
    "option.example": "Ya",
    "waiting.question": (
        "Saya menunggu jawaban butir {at}: tekan salah satu tombol di bawah pertanyaan, ketik "
        "jawabannya (misalnya <i>{example}</i>), atau kirim foto/dokumen sebagai bukti."
    ),
    "waiting.na_reason": (
        "Saya menunggu alasan <b>Tidak berlaku</b> untuk butir {at}, berupa teks. Tulis "
        "alasannya, atau /batal."
    ),
    "waiting.note": (
        "Saya menunggu catatan untuk butir {at}, berupa teks. Tulis catatannya, atau /batal."
    ),
    "waiting.evidence": (
        "Saya menunggu bukti untuk butir {at}: foto atau dokumen (PDF, gambar, Word, Excel, "
        "PowerPoint). Stiker, pesan suara, dan video tidak bisa menjadi bukti."
    ),
    "waiting.product_name": (
        "Saya menunggu nama produk layanan, berupa teks. Tulis namanya, atau /batal."
    ),
    "private_only": (
        "Saya hanya melayani di obrolan pribadi, agar data Anda tidak dibaca orang lain. "
        "Buka obrolan dengan saya: @{bot}"
    ),
    "error.not_saved": (
        "<b>Belum tersimpan.</b> Server sedang tidak bisa menyimpan data (penyimpanannya penuh "
        "atau hanya-baca); yang baru Anda kirim TIDAK tersimpan. Silakan coba lagi nanti; "
        "admin sudah diberi tahu lewat log."
    ),
    "error.saved": (
        "Jawaban Anda <b>{answer}</b> sudah tersimpan, tetapi tampilan gagal diperbarui. "
        "Ketik /periksa untuk melanjutkan; tidak perlu menjawab lagi."
    ),
    "error.saved_file": (
        "Berkas <b>{answer}</b> sudah tersimpan sebagai bukti, tetapi tampilan gagal diperbarui. "
        "Ketik /periksa untuk melanjutkan; tidak perlu mengirim ulang."
    ),
    "error.saved_note": (
        "Catatan Anda sudah tersimpan, tetapi tampilan gagal diperbarui. "
        "Ketik /periksa untuk melanjutkan; tidak perlu mengirim ulang."
    ),
    "error.generic": "Maaf, terjadi kesalahan. Silakan coba lagi sebentar lagi.",
    "officer_only": "Perintah ini untuk petugas unit layanan.",
    "coordinator_only": "Perintah ini untuk koordinator.",
    "members_only": "Perintah ini untuk petugas unit layanan dan koordinator wilayah.",
    "language.choose": "Pilih bahasa:",
    "language.set": "Bahasa diganti ke Bahasa Indonesia.",
    "language.admin_note": "Pilihan bahasa disimpan setelah Anda terdaftar.",
    # Cycles -----------------------------------------------------------------------------
    "cycle.none": (
        "Belum ada siklus penilaian untuk unit Anda. Siklus dibuka oleh admin SiapNilai; "
        "tanyakan koordinator wilayah Anda bila perlu."
    ),
    "cycle.closed": (
        "Siklus penilaian <b>{cycle}</b> sudah ditutup; jawaban tidak bisa diubah lagi. "
        "Ketik /skor untuk melihat hasilnya."
    ),
    # Products ---------------------------------------------------------------------------
    "products.title": "<b>Produk layanan {unit}</b>",
    "products.line": "• {name}",
    "products.empty": "Belum ada produk layanan.",
    "products.ask_name": (
        "Tulis nama produk layanan (misalnya <i>KTP-el</i> atau <i>Akta Kelahiran</i>), "
        "atau /batal."
    ),
    "products.added": "Produk <b>{name}</b> ditambahkan.",
    "products.exists": "Produk <b>{name}</b> sudah ada; tidak ada yang ditambahkan.",
    "products.invalid.empty": (
        "Nama produk tidak bisa dipakai: namanya kosong. Tulis namanya, atau /batal."
    ),
    "products.invalid.too_long": (
        "Nama produk tidak bisa dipakai: paling banyak {limit} karakter. Tulis nama yang lebih "
        "pendek, atau /batal."
    ),
    "products.invalid.at_sign": (
        "Nama produk tidak bisa dipakai: tanda <code>@</code> tidak boleh ada. Tulis nama lain, "
        "atau /batal."
    ),
    "products.invalid.no_letters": (
        "Nama produk tidak bisa dipakai: perlu setidaknya satu huruf atau angka. Tulis nama "
        "lain, atau /batal."
    ),
    "products.invalid.control": (
        "Nama produk tidak bisa dipakai: hanya huruf, angka, dan tanda baca biasa yang boleh. "
        "Tulis nama lain, atau /batal."
    ),
    "products.invalid.too_many": (
        "Unit Anda sudah punya {most} produk layanan, batas terbanyak untuk satu unit; "
        "tidak ada yang ditambahkan. Tanyakan koordinator bila ada yang perlu dihapus, atau /batal."
    ),
    "products.invalid.other": "Nama produk ini tidak bisa dipakai. Tulis nama lain, atau /batal.",
    "products.needed": (
        "Sebagian butir penilaian ditanyakan per produk layanan. Tambahkan dulu produk layanan "
        "unit Anda (misalnya <i>KTP-el</i>)."
    ),
    "products.continue": "Ketik /periksa untuk melanjutkan pemeriksaan mandiri.",
    "btn.add_product": "➕ Tambah produk",
    "btn.start_check": "▶ Mulai pemeriksaan",
    # Question ---------------------------------------------------------------------------
    "q.header": "<b>{n}/{total}</b> · {dimension}",
    "q.product": "Produk: <b>{product}</b>",
    "q.question": "<b>{question}</b>",
    "q.help": "<i>{help}</i>",
    "q.evidence_hint": "📎 Bukti: {hint}",
    "q.current": "Jawaban saat ini: <b>{answer}</b>",
    "q.current_na": "Jawaban saat ini: <b>Tidak berlaku</b> — {reason}",
    "q.unanswered": "Belum dijawab.",
    "q.evidence_count": "Bukti tersimpan: {count} berkas",
    "q.at_risk": "⏳ Belum ada bukti: nilai butir ini berisiko.",
    "q.closed_note": "Siklus sudah ditutup; jawaban hanya bisa dilihat.",
    "q.note": "📝 Catatan: {note}",
    "q.answered_by": "<i>Dijawab oleh {name}, {at}</i>",
    "q.carried_by": (
        "<i>↺ Masih berlaku, dikonfirmasi oleh {name}, {at}; jawaban siklus sebelumnya "
        "oleh {origin_name}, {origin_at}</i>"
    ),
    "btn.replace": "Ganti: {answer}",
    "changed.answer": "⚠️ Butir ini baru diubah rekan Anda; jawaban Anda <b>belum</b> disimpan.",
    "changed.na_reason": (
        "⚠️ Butir ini baru diubah rekan Anda; <b>Tidak berlaku</b> dan alasannya <b>belum</b> "
        "disimpan (alasannya tetap disimpan untuk <i>Ganti</i>)."
    ),
    "changed.note": (
        "⚠️ Butir ini baru diubah rekan Anda; catatan Anda <b>belum</b> disimpan (tetap disimpan "
        "untuk <i>Ganti</i>)."
    ),
    "changed.note_na": (
        "⚠️ Butir ini baru diubah rekan Anda menjadi <b>Tidak berlaku</b>; catatan Anda "
        "<b>belum</b> disimpan (catatan tidak menggantikan alasan Tidak berlaku): "
        "<i>{note}</i>\nBila jawaban Anda yang benar, jawab lagi, lalu tambahkan catatannya."
    ),
    "changed.evidence": (
        "⚠️ Butir ini baru diubah rekan Anda; berkas Anda <b>belum</b> disimpan. Periksa "
        "jawabannya, lalu kirim berkasnya lagi bila masih menjadi bukti butir ini."
    ),
    "changed.album": (
        "⚠️ Butir ini baru diubah rekan Anda; <b>tidak satu pun</b> dari {files} di album "
        "Anda disimpan. Periksa jawabannya, lalu kirim albumnya lagi bila masih menjadi bukti "
        "butir ini."
    ),
    "changed.album_part": (
        "⚠️ Butir ini baru diubah rekan Anda di tengah album Anda; {files} yang tiba sesudahnya "
        "<b>tidak</b> disimpan (yang tiba sebelumnya tersimpan, lihat di bawah). Periksa "
        "jawabannya, lalu kirim berkas itu lagi bila masih menjadi bukti butir ini."
    ),
    "changed.own.answer": (
        "⚠️ Butir ini baru saja Anda ubah (dengan ketukan lain atau di layar lain); jawaban ini "
        "<b>belum</b> disimpan."
    ),
    "changed.own.na_reason": (
        "⚠️ Butir ini baru saja Anda ubah (dengan ketukan lain atau di layar lain); <b>Tidak "
        "berlaku</b> dan alasannya <b>belum</b> disimpan (alasannya tetap disimpan untuk "
        "<i>Ganti</i>)."
    ),
    "changed.own.note": (
        "⚠️ Butir ini baru saja Anda ubah (dengan ketukan lain atau di layar lain); catatan ini "
        "<b>belum</b> disimpan (tetap disimpan untuk <i>Ganti</i>)."
    ),
    "changed.own.note_na": (
        "⚠️ Butir ini baru saja Anda ubah menjadi <b>Tidak berlaku</b> (dengan ketukan lain atau "
        "di layar lain); catatan ini <b>belum</b> disimpan (catatan tidak menggantikan alasan "
        "Tidak berlaku): <i>{note}</i>"
    ),
    "changed.own.evidence": (
        "⚠️ Butir ini baru saja Anda ubah (dengan ketukan lain atau di layar lain); berkas ini "
        "<b>belum</b> disimpan. Periksa jawabannya, lalu kirim berkasnya lagi bila masih menjadi "
        "bukti butir ini."
    ),
    "changed.own.album": (
        "⚠️ Butir ini baru saja Anda ubah (dengan ketukan lain atau di layar lain); <b>tidak "
        "satu pun</b> dari {files} di album ini disimpan. Periksa jawabannya, lalu kirim "
        "albumnya lagi bila masih menjadi bukti butir ini."
    ),
    "changed.own.album_part": (
        "⚠️ Butir ini Anda ubah di tengah album Anda; {files} yang tiba sesudahnya <b>tidak</b> "
        "disimpan (yang tiba sebelumnya tersimpan, lihat di bawah). Periksa jawabannya, lalu "
        "kirim berkas itu lagi bila masih menjadi bukti butir ini."
    ),
    "changed.now": "Sekarang: <b>{answer}</b> — oleh {name}, {at}.",
    "changed.none": "Sekarang: belum dijawab.",
    "btn.note": "📝 Catatan",
    "note.ask": (
        "📝 Tulis catatan untuk jawaban butir {at} dalam satu pesan (paling banyak {limit} "
        "karakter), misalnya di mana dokumennya sekarang, atau /batal.\n<i>{question}</i>"
    ),
    "note.saved": "📝 Catatan tersimpan.",
    "note.empty": "Catatan tidak boleh kosong. Tulis catatannya, atau /batal.",
    "btn.carry": "↺ Masih berlaku",
    "q.previous": "↺ Siklus sebelumnya: <b>{answer}</b> — oleh {name}, {at}",
    "q.previous_note": "   📝 {note}",
    "q.previous_files": "   📎 {files}",
    "q.previous_returned": (
        "   ↩ <b>Dikembalikan untuk diperbaiki di siklus itu:</b> {comment}\n"
        "   Perbaiki dulu bila perlu; jangan tekan Masih berlaku bila masalahnya belum selesai."
    ),
    "score.carried": (
        "↺ Dari siklus sebelumnya: {carried} bisa dibawa, {confirmed} dikonfirmasi "
        "(<i>Masih berlaku</i>)."
    ),
    "btn.na": "Tidak berlaku",
    "btn.back": "⬅ Kembali",
    "btn.skip": "Lewati ➡",
    "btn.to_question": "↩ Kembali ke pertanyaan",
    "btn.list": "Daftar",
    "btn.gaps": "Lihat kekurangan",
    "btn.add_evidence": "📎 Tambah bukti",
    "btn.later": "Nanti",
    "btn.done": "Selesai",
    "btn.prev_page": "◀",
    "btn.next_page": "▶",
    "option.na": "Tidak berlaku",
    # Callback answers (short, plain) ----------------------------------------------------
    "cb.saved": "Tersimpan: {answer}",
    "cb.changed": "Belum disimpan: butir ini baru diubah rekan Anda.",
    "cb.changed_own": "Belum disimpan: butir ini baru saja Anda ubah.",
    "cb.na_standing": "Sudah tersimpan: Tidak berlaku, dengan alasan Anda.",
    "cb.note_standing": "Sudah tersimpan: catatan Anda.",
    "cb.stay.first": "Ini butir pertama.",
    "cb.stay.only": "Tidak ada butir lain.",
    "cb.invalid": "Tombol ini tidak berlaku.",
    "cb.forbidden": "Tombol ini bukan untuk Anda.",
    "cb.other_unit": (
        "Tombol ini milik pemeriksaan mandiri unit lain, bukan unit Anda sekarang. Ketik /periksa."
    ),
    "cb.stale_cycle": "Tombol ini dari siklus lama. Ketik /periksa untuk siklus sekarang.",
    "cb.item_gone": "Butir ini sudah tidak ada di daftar. Ketik /periksa.",
    "cb.closed": "Siklus sudah ditutup; jawaban tidak bisa diubah.",
    "cb.rejected": "Jawaban tidak diterima: {reason}",
    "cb.not_registered": "Anda belum terdaftar. Minta tautan undangan kepada koordinator.",
    "cb.deactivated": "Akun Anda sudah dinonaktifkan. Minta undangan baru kepada koordinator.",
    # N/A --------------------------------------------------------------------------------
    "na.ask_reason": (
        "Mengapa butir ini <b>tidak berlaku</b> untuk unit Anda? Tulis alasannya dalam satu "
        "pesan (paling banyak {limit} karakter), atau /batal.\n<i>{question}</i>"
    ),
    "na.saved": "Tersimpan: <b>Tidak berlaku</b>.",
    "na.empty": "Alasan tidak boleh kosong. Tulis alasannya, atau /batal.",
    # Evidence ---------------------------------------------------------------------------
    "evidence.ask": (
        "Kirim bukti untuk butir ini: foto atau dokumen (PDF, gambar, Word, Excel, PowerPoint); "
        "album boleh. Berkas di atas {limit_mb} MB dicatat sebagai rujukan saja.\n"
        "📎 {hint}\nTekan tombol di bawah untuk melanjutkan tanpa mengirim berkas sekarang."
    ),
    "evidence.more": "Kirim berkas lagi, atau tekan <i>Selesai</i>.",
    "evidence.ask_short": (
        "📎 Kirim bukti untuk butir {n}/{total} sekarang (foto atau dokumen; album boleh): "
        "<i>{question}</i>\n📎 {hint}\nAtau lanjut: jawab butir berikutnya di bawah."
    ),
    "evidence.ack": "📎 {files} untuk butir {n}/{total}: <i>{question}</i>",
    "evidence.ack_duplicate": (
        "📎 Berkas itu sudah tersimpan; {files} untuk butir {n}/{total}: <i>{question}</i>"
    ),
    "evidence.undone": "↩ {files} dibatalkan; tersisa {left} untuk butir {n}/{total}.",
    "btn.undo": "↩ Batalkan",
    "cb.undone": "Dibatalkan: {files}",
    "evidence.big": (
        "Berkas <b>{name}</b> lebih dari {limit_mb} MB: dicatat sebagai rujukan, dan paket bukti "
        "akan mencantumkannya tanpa menyertakan isinya."
    ),
    "evidence.bad_type": (
        "Jenis berkas <b>{name}</b> tidak diterima. Kirim foto, PDF, gambar, atau dokumen "
        "Word/Excel/PowerPoint."
    ),
    "evidence.refused.bidi": (
        "Berkas <b>{name}</b> tidak diterima: namanya memuat karakter tak terlihat yang "
        "membalik arah teks, sehingga jenis aslinya tersamar. Ganti nama berkasnya lalu kirim lagi."
    ),
    "evidence.refused.double_extension": (
        "Berkas <b>{name}</b> tidak diterima: namanya memuat ekstensi program (mis. .exe). "
        "Kirim PDF, gambar, atau dokumen Word/Excel/PowerPoint."
    ),
    "evidence.refused.extension": (
        "Jenis berkas <b>{name}</b> tidak diterima. Kirim foto, PDF, gambar, atau dokumen "
        "Word/Excel/PowerPoint dengan ekstensi yang sesuai (.pdf, .jpg, .png, .docx, …)."
    ),
    "evidence.refused.content": (
        "Berkas <b>{name}</b> tidak diterima: isinya bukan jenis yang disebut namanya. "
        "Kirim berkas aslinya (PDF, gambar, atau dokumen Word/Excel/PowerPoint)."
    ),
    "evidence.refused.unreadable": (
        "Berkas <b>{name}</b> belum bisa diperiksa (gangguan jaringan); belum disimpan. "
        "Kirim lagi sebentar lagi."
    ),
    "evidence.text_instead.later": (
        "Saya sedang menunggu bukti berupa foto atau dokumen. Kirim berkasnya, atau tekan "
        "<i>Nanti</i> pada pesan bukti di atas untuk melanjutkan dulu, atau /batal."
    ),
    "evidence.text_instead.next": (
        "Saya sedang menunggu bukti berupa foto atau dokumen. Kirim berkasnya, atau jawab "
        "pertanyaan berikutnya (di bawah permintaan bukti) untuk melanjutkan dulu, atau "
        "/batal."
    ),
    "evidence.text_instead.done": (
        "Saya sedang menunggu bukti berupa foto atau dokumen. Kirim berkas lagi, atau tekan "
        "<i>Selesai</i> pada pesan bukti di atas untuk melanjutkan, atau /batal."
    ),
    "evidence.unsupported_media": ("Hanya foto dan dokumen yang diterima sebagai bukti."),
    # List -------------------------------------------------------------------------------
    "list.title": "<b>Daftar butir</b> ({answered}/{total} dijawab) · halaman {page}/{pages}",
    "list.legend": "✅ dijawab · ❌ belum · ⏳ sebagian atau bukti belum ada",
    "list.dimension": "<b>{dimension}</b>",
    # Results ----------------------------------------------------------------------------
    "done.all": "🎉 Semua butir sudah dijawab. Berikut skor sementara unit Anda.",
    "score.title": "Skor sementara <b>{unit}</b> · {rubric}",
    "score.total": "Total: <b>{total}</b>",
    "score.points": "{total} poin",
    "score.points_index": "{total} poin (indeks {index})",
    "score.category": "Kategori: <b>{category}</b>",
    "score.category_label": "{code} — {label}",
    "score.zone": "Zona: <b>{zone}</b>",
    "score.dimensions": "<b>Poin per dimensi</b>",
    "score.dimension": "• {dimension}: {points} / {weight}",
    "score.dimension_na": "• {dimension}: tidak berlaku",
    "score.completion": "Kelengkapan: {answered}/{askable} butir ({percent}%)",
    "score.at_risk": "⏳ {items} bernilai tanpa bukti (berisiko). Lihat /kekurangan.",
    "score.condition_met": "✅ {label}: ya — {title}",
    "score.condition_not_met": "✖ {label}: belum — {title}",
    "score.condition_unknown": "❔ {label}: belum dijawab — {title}",
    "score.parts": "<b>Poin per bagian</b>",
    "score.part": "• {part}: {points} / {weight}",
    "score.sub_dimension": "    ◦ {dimension}: {points} / {weight}",
    "score.sub_dimension_na": "    ◦ {dimension}: tidak berlaku",
    "score.measure_missing": (
        "📊 {label}: {responses}/{needed} tanggapan, perlu {missing} lagi agar dihitung"
    ),
    "score.measure_counted": "📊 {label}: {responses} tanggapan, dihitung",
    "gaps.measure_missing": (
        "   📊 Dari {label}: perlu {missing} tanggapan lagi ({responses}/{needed})"
    ),
    "gaps.measure_counted": "   📊 Dari {label} ({responses} tanggapan)",
    "score.more": "Ketik /kekurangan untuk kekurangan dan jalan ke kategori berikutnya.",
    "zone.hijau": "🟢 hijau",
    "zone.kuning": "🟡 kuning",
    "zone.merah": "🔴 merah",
    "gaps.title": "<b>Kekurangan — {unit}</b> ({items}) · halaman {page}/{pages}",
    "gaps.none": "Tidak ada kekurangan: semua butir bernilai penuh dan berbukti. 🎉",
    "gaps.line": "{n}. {question}{product} — <b>+{points}</b> ({kind})",
    "gaps.line_product": " [{product}]",
    "gaps.hint": "   📎 {hint}",
    "gaps.note": "   📝 {note}",
    "gaps.kind.unanswered": "belum dijawab",
    "gaps.kind.below_full": "belum penuh",
    "gaps.kind.at_risk": "berisiko: bukti belum ada",
    "gaps.points_gain": "+{points} poin",
    "gaps.points_at_risk": "{points} poin berisiko: bukti belum ada",
    "gaps.path": ("<b>Ke kategori {code}</b>: jawab penuh {items} berikut → {score}"),
    "gaps.path_item": "• {question}{product}",
    "gaps.path_top": "Unit Anda sudah di kategori tertinggi.",
    "gaps.path_out_of_reach": ("Kategori {code} tidak terjangkau dengan jawaban yang tersisa."),
    "gaps.path_survey": (
        "<b>Ke kategori {code}</b>: jawaban petugas saja tidak cukup; survei masyarakat "
        "({survey}) harus menambah sedikitnya {points}."
    ),
    "gaps.path_survey_items": (
        "<b>Ke kategori {code}</b>: jawaban petugas saja tidak cukup; survei masyarakat "
        "({survey}) harus menambah sedikitnya {points}, dan {items} berikut dijawab penuh:"
    ),
    # Counted nouns (`texts.count`): Indonesian nouns do not change in the plural.
    "n.file.one": "{n} berkas",
    "n.file.other": "{n} berkas",
    "n.item.one": "{n} butir",
    "n.item.other": "{n} butir",
    "n.answer.one": "{n} jawaban",
    "n.answer.other": "{n} jawaban",
    "n.archive.one": "{n} arsip",
    "n.archive.other": "{n} arsip",
    "n.unit.one": "{n} unit",
    "n.unit.other": "{n} unit",
    "n.day.one": "{n} hari",
    "n.day.other": "{n} hari",
    "n.member.one": "{n} orang",
    "n.member.other": "{n} orang",
}
