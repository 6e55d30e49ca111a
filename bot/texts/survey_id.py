"""Survei warga (isu 13): pertanyaan SKM (Permen PANRB 14/2017), maladministrasi,
kepercayaan, profil, saran; dan tampilan petugas. Kunci sama dengan survey_en.py."""

TEXTS: dict[str, str] = {
    "cmd.survey": "Survei warga: tautan, kode QR, poster, hasil",
    # Respondents -----------------------------------------------------------------------
    "survey.question": "{n}/{total} · {section}\n\n<b>{question}</b>{note}",
    "survey.intro": (
        "\n\n<i>Survei layanan {unit}. Tanpa nama: jawaban Anda tidak disimpan bersama "
        "identitas Anda. Sekitar dua menit.</i>"
    ),
    "survey.resumed": "\n\n<i>Melanjutkan survei {unit} dari pertanyaan terakhir Anda.</i>",
    "survey.section.skm": "Kepuasan layanan",
    "survey.section.mal": "Pengalaman Anda",
    "survey.section.trust": "Kepercayaan",
    "survey.section.profile": "Tentang Anda (boleh dilewati)",
    "survey.section.suggestion": "Saran (boleh dilewati)",
    "survey.skip": "Lewati",
    "survey.thanks": (
        "Terima kasih! 🙏 Jawaban Anda sudah tercatat dan membantu unit ini memperbaiki layanannya."
    ),
    "survey.thanks_duplicate": (
        "Terima kasih! Anda sudah pernah mengisi survei unit ini untuk periode ini, jadi "
        "jawaban ini tidak dihitung dua kali."
    ),
    "survey.already": (
        "Terima kasih, Anda sudah mengisi survei {unit} untuk periode {period}. "
        "Satu orang satu jawaban per periode."
    ),
    "survey.period.S1": "Januari–Juni {year}",
    "survey.period.S2": "Juli–Desember {year}",
    "survey.unknown_code": (
        "Tautan survei ini tidak dikenal. Periksa lagi kode QR atau tautan dari unit layanan."
    ),
    "survey.member": (
        "Terima kasih sudah mencoba! Anda terdaftar sebagai petugas atau koordinator "
        "{unit}, jadi jawaban Anda tidak dihitung untuk survei unit ini. Bagikan tautannya "
        "kepada pengguna layanan."
    ),
    "survey.rate": "Terlalu cepat. Tunggu sebentar, lalu coba lagi.",
    "survey.busy": "Sedang ramai, coba lagi sebentar.",
    "survey.busy_link": (
        "Survei sedang ramai diisi. Coba buka lagi tautan atau kode QR-nya sebentar lagi."
    ),
    "survey.stale": "Pertanyaan ini sudah lewat. Jawab pertanyaan terakhir di bawah.",
    "survey.gone": (
        "Survei ini sudah tidak berjalan. Untuk mengisi, pindai lagi kode QR unit atau buka "
        "tautannya."
    ),
    "survey.gone.message": (
        "Survei ini sudah tidak berjalan: survei yang belum selesai dihapus bila sehari tidak "
        "dijawab, dan jawabannya tidak dicatat. Untuk mengisi, pindai lagi kode QR unit "
        "layanan atau buka lagi tautannya."
    ),
    "survey.choose": (
        "Survei <b>{current}</b> yang sedang Anda isi belum selesai ({answered} dari {total} "
        "pertanyaan sudah dijawab). Tautan ini membuka survei <b>{new}</b>.\n\n"
        "Jawaban yang belum selesai belum tercatat. Bila Anda memulai survei {new}, jawaban "
        "survei {current} dihapus. Mana yang ingin Anda isi sekarang?"
    ),
    "survey.btn.continue": "▶ Lanjutkan survei {unit}",
    "survey.btn.start": "Mulai survei {unit}",
    "survey.choice_stale": (
        "Pilihan ini sudah tidak berlaku. Buka lagi tautan atau kode QR survei yang ingin Anda isi."
    ),
    "survey.in_progress": (
        "\n\n<i>Anda sedang mengisi survei {unit}. Jawab dengan menekan salah satu tombol di "
        "bawah pertanyaan ini. Ketik /batal untuk membatalkan survei.</i>"
    ),
    "survey.in_progress.suggestion": (
        "\n\n<i>Anda sedang mengisi survei {unit}. Tulis saran Anda sebagai pesan teks, atau "
        "tekan Lewati. Ketik /batal untuk membatalkan survei.</i>"
    ),
    "survey.cancelled": (
        "Survei {unit} dibatalkan. Jawaban Anda tidak dicatat. Untuk mengisi lagi dari awal, "
        "pindai kode QR unit itu atau buka lagi tautannya."
    ),
    "survey.still_open": (
        "Survei {unit} yang sedang Anda isi tetap terbuka. Ketik /batal sekali lagi untuk "
        "membatalkannya."
    ),
    "survey.invalid": "Tombol ini tidak berlaku.",
    "survey.empty": "Saran kosong. Tulis saran Anda, atau tekan Lewati.",
    "survey.too_long": (
        "Saran terlalu panjang (paling banyak {limit} karakter). Persingkat, lalu kirim lagi."
    ),
    # The nine SKM elements, options best first (4..1) ------------------------------------
    "survey.q.U1": "Bagaimana kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
    "survey.o.U1.1": "Sangat sesuai",
    "survey.o.U1.2": "Sesuai",
    "survey.o.U1.3": "Kurang sesuai",
    "survey.o.U1.4": "Tidak sesuai",
    "survey.q.U2": "Bagaimana kemudahan prosedur pelayanan di unit ini?",
    "survey.o.U2.1": "Sangat mudah",
    "survey.o.U2.2": "Mudah",
    "survey.o.U2.3": "Kurang mudah",
    "survey.o.U2.4": "Tidak mudah",
    "survey.q.U3": "Bagaimana kecepatan waktu dalam memberikan pelayanan?",
    "survey.o.U3.1": "Sangat cepat",
    "survey.o.U3.2": "Cepat",
    "survey.o.U3.3": "Kurang cepat",
    "survey.o.U3.4": "Tidak cepat",
    "survey.q.U4": "Bagaimana kewajaran biaya/tarif dalam pelayanan?",
    "survey.o.U4.1": "Gratis",
    "survey.o.U4.2": "Murah",
    "survey.o.U4.3": "Cukup mahal",
    "survey.o.U4.4": "Sangat mahal",
    "survey.q.U5": (
        "Bagaimana kesesuaian produk pelayanan yang tercantum dalam standar pelayanan "
        "dengan hasil yang diberikan?"
    ),
    "survey.o.U5.1": "Sangat sesuai",
    "survey.o.U5.2": "Sesuai",
    "survey.o.U5.3": "Kurang sesuai",
    "survey.o.U5.4": "Tidak sesuai",
    "survey.q.U6": "Bagaimana kompetensi/kemampuan petugas dalam pelayanan?",
    "survey.o.U6.1": "Sangat kompeten",
    "survey.o.U6.2": "Kompeten",
    "survey.o.U6.3": "Kurang kompeten",
    "survey.o.U6.4": "Tidak kompeten",
    "survey.q.U7": "Bagaimana perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
    "survey.o.U7.1": "Sangat sopan dan ramah",
    "survey.o.U7.2": "Sopan dan ramah",
    "survey.o.U7.3": "Kurang sopan dan ramah",
    "survey.o.U7.4": "Tidak sopan dan ramah",
    "survey.q.U8": "Bagaimana kualitas sarana dan prasarana?",
    "survey.o.U8.1": "Sangat baik",
    "survey.o.U8.2": "Baik",
    "survey.o.U8.3": "Cukup",
    "survey.o.U8.4": "Buruk",
    "survey.q.U9": "Bagaimana penanganan pengaduan pengguna layanan?",
    "survey.o.U9.1": "Dikelola dengan baik",
    "survey.o.U9.2": "Berfungsi kurang maksimal",
    "survey.o.U9.3": "Ada tetapi tidak berfungsi",
    "survey.o.U9.4": "Tidak ada",
    # Maladministration: option 1 none, option 2 reported --------------------------------
    "survey.q.waktu": "Apakah layanan selesai tepat waktu, atau lambat/tertunda?",
    "survey.o.waktu.1": "Tepat waktu / cepat",
    "survey.o.waktu.2": "Lambat / tertunda",
    "survey.q.prosedur": "Apakah prosedurnya mudah dan dijalankan sesuai aturan?",
    "survey.o.prosedur.1": "Mudah, sesuai aturan",
    "survey.o.prosedur.2": "Berbelit / menyimpang",
    "survey.q.persyaratan": "Apakah persyaratannya mudah dipenuhi dan sesuai yang diumumkan?",
    "survey.o.persyaratan.1": "Mudah, sesuai",
    "survey.o.persyaratan.2": "Sulit / ada tambahan",
    "survey.q.biaya": "Apakah biaya yang Anda bayar sesuai ketentuan?",
    "survey.o.biaya.1": "Sesuai ketentuan / gratis",
    "survey.o.biaya.2": "Lebih dari ketentuan (pungli)",
    "survey.q.produk": "Apakah hasil layanan (produk) sesuai yang Anda ajukan?",
    "survey.o.produk.1": "Sesuai",
    "survey.o.produk.2": "Tidak sesuai",
    "survey.q.imbalan": "Apakah ada petugas yang meminta uang, barang, atau imbalan lain?",
    "survey.o.imbalan.1": "Tidak",
    "survey.o.imbalan.2": "Ya, ada",
    "survey.q.diskriminasi": "Apakah Anda dilayani sama seperti pengguna lain (tanpa pilih kasih)?",
    "survey.o.diskriminasi.1": "Ya, sama",
    "survey.o.diskriminasi.2": "Tidak, dibedakan",
    # Trust --------------------------------------------------------------------------------
    "survey.q.kepercayaan": "Seberapa besar kepercayaan Anda kepada unit layanan ini?",
    "survey.o.kepercayaan.1": "Sangat percaya",
    "survey.o.kepercayaan.2": "Percaya",
    "survey.o.kepercayaan.3": "Kurang percaya",
    "survey.o.kepercayaan.4": "Tidak percaya",
    # Profile --------------------------------------------------------------------------------
    "survey.q.usia": "Berapa usia Anda?",
    "survey.o.usia.1": "≤ 25 tahun",
    "survey.o.usia.2": "26–35 tahun",
    "survey.o.usia.3": "36–45 tahun",
    "survey.o.usia.4": "46–55 tahun",
    "survey.o.usia.5": "> 55 tahun",
    "survey.q.jenis_kelamin": "Jenis kelamin Anda?",
    "survey.o.jenis_kelamin.1": "Laki-laki",
    "survey.o.jenis_kelamin.2": "Perempuan",
    "survey.q.pendidikan": "Pendidikan terakhir Anda?",
    "survey.o.pendidikan.1": "SD ke bawah",
    "survey.o.pendidikan.2": "SMP",
    "survey.o.pendidikan.3": "SMA/SMK",
    "survey.o.pendidikan.4": "D1–D3",
    "survey.o.pendidikan.5": "S1/D4",
    "survey.o.pendidikan.6": "S2 ke atas",
    "survey.q.pekerjaan": "Pekerjaan Anda?",
    "survey.o.pekerjaan.1": "PNS/TNI/Polri",
    "survey.o.pekerjaan.2": "Pegawai swasta",
    "survey.o.pekerjaan.3": "Wiraswasta",
    "survey.o.pekerjaan.4": "Pelajar/Mahasiswa",
    "survey.o.pekerjaan.5": "Lainnya",
    "survey.q.saran": (
        "Ada saran untuk memperbaiki layanan ini? Tulis dalam satu pesan, atau tekan Lewati."
    ),
    # Officers ---------------------------------------------------------------------------------
    "survey.officer": (
        "<b>Survei Kepuasan Masyarakat — {unit}</b>\n"
        "Tautan survei: {link}\n"
        "Cetak poster di bawah dan pasang di loket; pengguna memindai kode QR dan menjawab "
        "lewat Telegram, tanpa nama. Petugas dan koordinator unit ini tidak dihitung."
    ),
    "survey.users.hint": (
        "<i>Berapa pengguna layanan per bulan? Ketik misalnya /survei 1200 agar minimal "
        "jawaban dihitung dengan tabel Krejcie–Morgan (tanpa itu: 30).</i>"
    ),
    "survey.users.set": "Tersimpan. Minimal jawaban untuk unit ini: {needed}.",
    "survey.users.year": (
        "Angka itu disimpan sebagai jumlah pengguna per bulan; /survei {before} mengembalikan "
        "yang sebelumnya. Untuk hasil tahun {year}, ketik /survei {year}-S1 (Januari–Juni) "
        "atau /survei {year}-S2 (Juli–Desember)."
    ),
    "survey.users.bad": (
        "Tulis jumlah pengguna per bulan sebagai angka, misalnya /survei 1200 (0 menghapusnya)."
    ),
    "survey.results.new_semester": (
        "Periode baru: belum ada jawaban untuk periode {period}. Di bawah ini hasil periode "
        "sebelumnya, untuk diumumkan."
    ),
    "survey.results.other": "<i>Hasil periode lain: ketik misalnya /survei {period}.</i>",
    "survey.results.head": "<b>Hasil {period}</b>: {responses} (minimal {needed})",
    "survey.results.none": "Belum ada jawaban untuk periode {period}.",
    "survey.results.short": (
        "Periode ini sudah berakhir dengan {responses} dari minimal {needed} jawaban: "
        "sampelnya tidak memenuhi ketentuan."
    ),
    "survey.results.more": "Kumpulkan {more} jawaban lagi untuk mencapai minimal {needed}.",
    "survey.results.ikm": "IKM: <b>{ikm}</b> — {category} ({label})",
    "survey.results.element": "{id} {name}: {nrr} ({category})",
    "survey.results.mal_head": "<b>Maladministrasi yang dilaporkan</b>",
    "survey.results.mal": "{name}: {share}",
    "survey.results.trust": "<b>Kepercayaan</b>: rata-rata {mean} dari 4; {share} percaya",
    "survey.results.profile_head": "<b>Profil responden</b>",
    "survey.results.profile": "{name}: {counts}",
    "survey.results.suggestions_head": "<b>Saran ({n})</b>",
    "survey.results.suggestions_some": "<b>Saran ({n}; {shown} terakhir ditampilkan)</b>",
    "survey.results.suggestion": "• {text}",
    "survey.results.reports_later": (
        "<i>Laporan maladministrasi dan kepercayaan tampil setelah ada minimal {n} jawaban, "
        "agar jawaban seorang warga tidak dapat dikenali.</i>"
    ),
    "survey.results.details_later": (
        "<i>Profil responden dan saran tampil setelah ada minimal {n} jawaban.</i>"
    ),
    # The survey's suggestion on F-02's SKM question (bot/survey/skm.py) -------------------
    "survey.skm.rule": (
        "💡 <b>Saran dari survei: {level}</b> — SKM unit ini sesuai aturan: {elements} unsur, "
        "{responses} (minimal {needed}), IKM {ikm} ({category}), periode {period}. "
        "Tingkat 3–5 juga menuntut hasil yang dipublikasikan dan ditindaklanjuti; survei tidak "
        "dapat mengetahuinya. Pastikan sendiri, lalu tekan tingkatnya."
    ),
    "survey.skm.below": (
        "💡 <b>Saran dari survei: {level}</b> — SKM berjalan dengan {elements} unsur, tetapi baru "
        "{responses} dari minimal {needed} (IKM {ikm} ({category}), periode {period}). "
        "Kumpulkan {missing} jawaban lagi untuk SKM sesuai aturan (Tingkat 2 ke atas). Bila unit "
        "menjalankan SKM dengan cara lain, pilih tingkatnya sendiri."
    ),
    "survey.skm.none": (
        "💡 Survei unit belum punya jawaban periode {period}: kumpulkan {missing} jawaban lagi "
        "(tautan dan kode QR: /survei). Bila unit menjalankan SKM dengan cara lain, pilih "
        "tingkatnya sendiri."
    ),
    "survey.skm.population": (
        "Minimal {needed} dipakai karena jumlah pengguna per bulan belum diisi; isi dengan "
        "/survei 1200 (contoh) untuk sampel menurut tabel Krejcie–Morgan."
    ),
    "n.response.one": "{n} jawaban",
    "n.response.other": "{n} jawaban",
    "n.respondent.one": "{n} responden",
    "n.respondent.other": "{n} responden",
    "survey.e.U1": "Persyaratan",
    "survey.e.U2": "Prosedur",
    "survey.e.U3": "Waktu penyelesaian",
    "survey.e.U4": "Biaya/tarif",
    "survey.e.U5": "Produk layanan",
    "survey.e.U6": "Kompetensi pelaksana",
    "survey.e.U7": "Perilaku pelaksana",
    "survey.e.U8": "Sarana dan prasarana",
    "survey.e.U9": "Penanganan pengaduan",
    "survey.m.waktu": "Lambat/tertunda",
    "survey.m.prosedur": "Prosedur berbelit/menyimpang",
    "survey.m.persyaratan": "Persyaratan sulit/tambahan",
    "survey.m.biaya": "Biaya di luar ketentuan",
    "survey.m.produk": "Produk tidak sesuai",
    "survey.m.imbalan": "Diminta imbalan",
    "survey.m.diskriminasi": "Dibedakan",
    "survey.p.usia": "Usia",
    "survey.p.jenis_kelamin": "Jenis kelamin",
    "survey.p.pendidikan": "Pendidikan",
    "survey.p.pekerjaan": "Pekerjaan",
    "survey.qr.caption": "Kode QR survei {unit}",
    "survey.poster.caption": "Poster A4 survei {unit}, siap cetak",
    "survey.poster.file": "poster-survei.pdf",
    "survey.poster.heading": "Survei Kepuasan Masyarakat",
    "survey.poster.why": (
        "Bantu kami memperbaiki layanan: dua menit, tanpa nama, jawaban Anda tidak bisa "
        "dikaitkan dengan identitas Anda."
    ),
    "survey.poster.how": "Pindai kode QR dengan kamera ponsel (lewat Telegram), atau buka:",
    "survey.sheet.heading": "Hasil Survei Kepuasan Masyarakat",
    "survey.sheet.sub": "{region} · periode {period} · {responses}",
    "survey.sheet.short": (
        "Periode ini berakhir dengan {responses} dari minimal {needed} responden: sampelnya "
        "tidak memenuhi ketentuan."
    ),
    "survey.sheet.below": (
        "Baru {responses} dari minimal {needed} responden: sampel belum memenuhi ketentuan, "
        "hasil ini sementara."
    ),
    "survey.sheet.reports_later": (
        "Laporan maladministrasi dan kepercayaan ditampilkan setelah ada minimal {n} "
        "responden, agar jawaban seorang warga tidak dapat dikenali."
    ),
    "survey.sheet.none": "Belum ada jawaban untuk periode ini.",
    "survey.sheet.formula": (
        "Indeks Kepuasan Masyarakat (IKM) = 25 × rata-rata nilai (NRR) sembilan unsur, "
        "menurut Permen PANRB 14/2017"
    ),
    "survey.sheet.mal_head": "Maladministrasi yang dilaporkan (bagian responden)",
    "survey.sheet.columns": "Unsur pelayanan|NRR|NRR × 25|Mutu",
    "survey.sheet.trust": "Kepercayaan: rata-rata {mean} dari 4; {share} responden percaya",
    "survey.sheet.footer": (
        "Mutu: A Sangat Baik (88,31–100) · B Baik (76,61–88,30) · C Kurang Baik (65,00–76,60) "
        "· D Tidak Baik (25,00–64,99). Survei tanpa nama lewat Telegram; petugas unit tidak "
        "dihitung. Dibuat dengan SiapNilai."
    ),
    "survey.sheet.caption": "Lembar hasil survei {unit} ({period}), siap diumumkan",
    "survey.sheet.file": "hasil-survei-{period}.pdf",
    "survey.region.head": "<b>Survei warga ({period})</b>",
    "survey.region.unit": "{unit}: IKM {ikm} ({category}) · {responses}",
    "survey.region.unit_before": "{unit}: IKM {ikm} ({category}) · {responses} · {period}",
    "survey.region.none": "{unit}: belum ada jawaban",
    "survey.xlsx.sheet": "Survei warga",
    "survey.xlsx.period": "Periode",
    "survey.xlsx.responses": "Jawaban",
    "survey.xlsx.needed": "Minimal",
    "survey.xlsx.ikm": "IKM",
    "survey.xlsx.trust_mean": "Kepercayaan (1–4)",
    "survey.xlsx.trust_high": "Bagian percaya",
}
