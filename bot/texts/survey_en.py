"""The citizens' survey (issue 13), English. Same keys as survey_id.py."""

TEXTS: dict[str, str] = {
    "cmd.survey": "Citizens' survey: link, QR code, poster, results",
    "survey.question": "{n}/{total} · {section}\n\n<b>{question}</b>{note}",
    "survey.intro": (
        "\n\n<i>Service survey of {unit}. Anonymous: your answers are not stored with who "
        "you are. About two minutes.</i>"
    ),
    "survey.resumed": "\n\n<i>Picking up the survey of {unit} where you left off.</i>",
    "survey.section.skm": "Satisfaction",
    "survey.section.mal": "Your experience",
    "survey.section.trust": "Trust",
    "survey.section.profile": "About you (optional)",
    "survey.section.suggestion": "Suggestion (optional)",
    "survey.skip": "Skip",
    "survey.thanks": "Thank you! 🙏 Your answers are recorded and help this unit improve.",
    "survey.thanks_duplicate": (
        "Thank you! You already answered this unit's survey for this period, so these "
        "answers are not counted twice."
    ),
    "survey.already": (
        "Thank you, you already answered the survey of {unit} for {period}. "
        "One response per person per period."
    ),
    "survey.period.S1": "January–June {year}",
    "survey.period.S2": "July–December {year}",
    "survey.unknown_code": (
        "This survey link is not known. Check the QR code or the link from the service unit."
    ),
    "survey.member": (
        "Thanks for trying! You are registered as an officer or coordinator of {unit}, so "
        "your answers are not counted in its survey. Share the link with the unit's users."
    ),
    "survey.rate": "Too fast. Wait a moment, then try again.",
    "survey.busy": "Busy right now, please try again in a moment.",
    "survey.busy_link": (
        "Many people are answering the survey right now. Open the link or QR code again in a "
        "moment."
    ),
    "survey.stale": "This question has passed. Answer the latest one below.",
    "survey.gone": (
        "This survey is no longer open. To answer it, scan the unit's QR code or open its "
        "link again."
    ),
    "survey.gone.message": (
        "This survey is no longer open: an unfinished survey is removed after a day without "
        "an answer, and its answers are not recorded. To answer it, scan the service unit's "
        "QR code or open its link again."
    ),
    "survey.choose": (
        "You have not finished the survey of <b>{current}</b> ({answered} of {total} "
        "questions answered). This link opens the survey of <b>{new}</b>.\n\n"
        "Unfinished answers are not recorded yet. Starting the survey of {new} discards "
        "those for {current}. Which one do you want to answer now?"
    ),
    "survey.btn.continue": "▶ Continue the survey of {unit}",
    "survey.btn.start": "Start the survey of {unit}",
    "survey.choice_stale": (
        "This choice no longer applies. Open again the link or QR code of the survey you "
        "want to answer."
    ),
    "survey.in_progress": (
        "\n\n<i>You are answering the survey of {unit}. Answer by pressing one of the "
        "buttons under this question. Type /cancel to cancel the survey.</i>"
    ),
    "survey.in_progress.suggestion": (
        "\n\n<i>You are answering the survey of {unit}. Write your suggestion as a text "
        "message, or press Skip. Type /cancel to cancel the survey.</i>"
    ),
    "survey.cancelled": (
        "The survey of {unit} is cancelled. Your answers were not recorded. To answer it "
        "again from the start, scan the unit's QR code or open its link again."
    ),
    "survey.still_open": ("Your survey of {unit} stays open. Type /cancel once more to cancel it."),
    "survey.invalid": "This button is not valid.",
    "survey.empty": "The suggestion is empty. Write it, or press Skip.",
    "survey.too_long": (
        "The suggestion is too long (at most {limit} characters). Shorten it and send it again."
    ),
    "survey.q.U1": "How well do the requirements fit the kind of service?",
    "survey.o.U1.1": "Very well",
    "survey.o.U1.2": "Well",
    "survey.o.U1.3": "Not quite",
    "survey.o.U1.4": "Not at all",
    "survey.q.U2": "How easy is this unit's service procedure?",
    "survey.o.U2.1": "Very easy",
    "survey.o.U2.2": "Easy",
    "survey.o.U2.3": "Not so easy",
    "survey.o.U2.4": "Not easy",
    "survey.q.U3": "How fast is the service delivered?",
    "survey.o.U3.1": "Very fast",
    "survey.o.U3.2": "Fast",
    "survey.o.U3.3": "Not so fast",
    "survey.o.U3.4": "Not fast",
    "survey.q.U4": "How fair is the fee or tariff?",
    "survey.o.U4.1": "Free",
    "survey.o.U4.2": "Cheap",
    "survey.o.U4.3": "Rather expensive",
    "survey.o.U4.4": "Very expensive",
    "survey.q.U5": "How well does the result match the product in the service standard?",
    "survey.o.U5.1": "Very well",
    "survey.o.U5.2": "Well",
    "survey.o.U5.3": "Not quite",
    "survey.o.U5.4": "Not at all",
    "survey.q.U6": "How competent are the officers?",
    "survey.o.U6.1": "Very competent",
    "survey.o.U6.2": "Competent",
    "survey.o.U6.3": "Not so competent",
    "survey.o.U6.4": "Not competent",
    "survey.q.U7": "How polite and friendly are the officers?",
    "survey.o.U7.1": "Very polite and friendly",
    "survey.o.U7.2": "Polite and friendly",
    "survey.o.U7.3": "Not so polite and friendly",
    "survey.o.U7.4": "Not polite and friendly",
    "survey.q.U8": "How good are the facilities?",
    "survey.o.U8.1": "Very good",
    "survey.o.U8.2": "Good",
    "survey.o.U8.3": "Fair",
    "survey.o.U8.4": "Poor",
    "survey.q.U9": "How are users' complaints handled?",
    "survey.o.U9.1": "Handled well",
    "survey.o.U9.2": "Works, not fully",
    "survey.o.U9.3": "Exists but does not work",
    "survey.o.U9.4": "There is none",
    "survey.q.waktu": "Was the service done on time, or slow/delayed?",
    "survey.o.waktu.1": "On time / fast",
    "survey.o.waktu.2": "Slow / delayed",
    "survey.q.prosedur": "Was the procedure easy and followed as the rules say?",
    "survey.o.prosedur.1": "Easy, as the rules say",
    "survey.o.prosedur.2": "Complicated / not followed",
    "survey.q.persyaratan": "Were the requirements easy to meet and as announced?",
    "survey.o.persyaratan.1": "Easy, as announced",
    "survey.o.persyaratan.2": "Hard / extra ones",
    "survey.q.biaya": "Was the fee you paid as officially set?",
    "survey.o.biaya.1": "As set / free",
    "survey.o.biaya.2": "More than set (illegal levy)",
    "survey.q.produk": "Was the result (product) what you applied for?",
    "survey.o.produk.1": "Yes",
    "survey.o.produk.2": "No",
    "survey.q.imbalan": "Did an officer ask you for money, goods or another favour?",
    "survey.o.imbalan.1": "No",
    "survey.o.imbalan.2": "Yes",
    "survey.q.diskriminasi": "Were you served like everyone else (no favouritism)?",
    "survey.o.diskriminasi.1": "Yes, the same",
    "survey.o.diskriminasi.2": "No, differently",
    "survey.q.kepercayaan": "How much do you trust this service unit?",
    "survey.o.kepercayaan.1": "Fully",
    "survey.o.kepercayaan.2": "Mostly",
    "survey.o.kepercayaan.3": "A little",
    "survey.o.kepercayaan.4": "Not at all",
    "survey.q.usia": "How old are you?",
    "survey.o.usia.1": "25 or under",
    "survey.o.usia.2": "26–35",
    "survey.o.usia.3": "36–45",
    "survey.o.usia.4": "46–55",
    "survey.o.usia.5": "Over 55",
    "survey.q.jenis_kelamin": "Your sex?",
    "survey.o.jenis_kelamin.1": "Male",
    "survey.o.jenis_kelamin.2": "Female",
    "survey.q.pendidikan": "Your highest education?",
    "survey.o.pendidikan.1": "Primary or less",
    "survey.o.pendidikan.2": "Junior high",
    "survey.o.pendidikan.3": "Senior high",
    "survey.o.pendidikan.4": "Diploma (D1–D3)",
    "survey.o.pendidikan.5": "Bachelor (S1/D4)",
    "survey.o.pendidikan.6": "Master or higher",
    "survey.q.pekerjaan": "Your occupation?",
    "survey.o.pekerjaan.1": "Civil servant/military/police",
    "survey.o.pekerjaan.2": "Private employee",
    "survey.o.pekerjaan.3": "Self-employed",
    "survey.o.pekerjaan.4": "Student",
    "survey.o.pekerjaan.5": "Other",
    "survey.q.saran": (
        "Any suggestion to improve this service? Write it in one message, or press Skip."
    ),
    "survey.officer": (
        "<b>Citizens' satisfaction survey — {unit}</b>\n"
        "Survey link: {link}\n"
        "Print the poster below and put it up at the counter; users scan the QR code and "
        "answer in Telegram, anonymously. The unit's officers and coordinators are not counted."
    ),
    "survey.users.hint": (
        "<i>How many users a month? Send e.g. /survey 1200 so the minimum number of "
        "responses comes from the Krejcie–Morgan table (without it: 30).</i>"
    ),
    "survey.users.set": "Saved. Minimum responses for this unit: {needed}.",
    "survey.users.year": (
        "That number was saved as the users a month; /survey {before} puts back the one before. "
        "For the results of {year}, send /survey {year}-S1 (January–June) or /survey "
        "{year}-S2 (July–December)."
    ),
    "survey.users.bad": "Give the users a month as a number, e.g. /survey 1200 (0 removes it).",
    "survey.results.new_semester": (
        "A new period: no responses yet for {period}. Below are the results of the period "
        "before, to publish."
    ),
    "survey.results.other": "<i>Results of another period: send e.g. /survey {period}.</i>",
    "survey.results.head": "<b>Results {period}</b>: {responses} (minimum {needed})",
    "survey.results.none": "No responses yet for {period}.",
    "survey.results.short": (
        "This period has ended with {responses} of the minimum {needed} responses: its "
        "sample falls short of the rule."
    ),
    "survey.results.more": (
        "Collect more responses to reach the minimum of {needed}: {more} to go."
    ),
    "survey.results.ikm": "IKM: <b>{ikm}</b> — {category} ({label})",
    "survey.results.element": "{id} {name}: {nrr} ({category})",
    "survey.results.mal_head": "<b>Maladministration reported</b>",
    "survey.results.mal": "{name}: {share}",
    "survey.results.trust": "<b>Trust</b>: mean {mean} of 4; {share} trust it",
    "survey.results.profile_head": "<b>Respondents</b>",
    "survey.results.profile": "{name}: {counts}",
    "survey.results.suggestions_head": "<b>Suggestions ({n})</b>",
    "survey.results.suggestions_some": "<b>Suggestions ({n}; the last {shown} shown)</b>",
    "survey.results.suggestion": "• {text}",
    "survey.results.reports_later": (
        "<i>Maladministration reported and trust show from {n} responses on, so that no "
        "one citizen's answers can be told.</i>"
    ),
    "survey.results.details_later": (
        "<i>The respondents' profile and suggestions show from {n} responses on.</i>"
    ),
    "survey.skm.rule": (
        "💡 <b>Suggested by the survey: {level}</b> — the unit's SKM follows the rule: "
        "{elements} elements, {responses} (minimum {needed}), IKM {ikm} ({category}), period "
        "{period}. Levels 3–5 also need the results published and followed up, which the survey "
        "cannot know. Check that yourself, then press the level."
    ),
    "survey.skm.below": (
        "💡 <b>Suggested by the survey: {level}</b> — an SKM runs with {elements} elements, but "
        "with {responses} of the minimum {needed} (IKM {ikm} ({category}), period {period}). "
        "Collect more responses ({missing} to go) for an SKM per the rule (Level 2 and up). If "
        "the unit runs its SKM another way, choose the level yourself."
    ),
    "survey.skm.none": (
        "💡 The unit's survey has no responses for {period} yet: collect {missing} more "
        "responses (link and QR code: /survey). If the unit runs its SKM another way, choose "
        "the level yourself."
    ),
    "survey.skm.population": (
        "The minimum of {needed} is used because the monthly number of users is not given; "
        "give it with /survey 1200 (for example) for the Krejcie–Morgan sample."
    ),
    "n.response.one": "{n} response",
    "n.response.other": "{n} responses",
    "n.respondent.one": "{n} respondent",
    "n.respondent.other": "{n} respondents",
    "survey.e.U1": "Requirements",
    "survey.e.U2": "Procedure",
    "survey.e.U3": "Time to complete",
    "survey.e.U4": "Fee/tariff",
    "survey.e.U5": "Service product",
    "survey.e.U6": "Officers' competence",
    "survey.e.U7": "Officers' conduct",
    "survey.e.U8": "Facilities",
    "survey.e.U9": "Complaint handling",
    "survey.m.waktu": "Slow/delayed",
    "survey.m.prosedur": "Procedure complicated/not followed",
    "survey.m.persyaratan": "Requirements hard/extra",
    "survey.m.biaya": "Fee beyond the rules",
    "survey.m.produk": "Product not as applied for",
    "survey.m.imbalan": "Asked for payment or a favour",
    "survey.m.diskriminasi": "Treated differently",
    "survey.p.usia": "Age",
    "survey.p.jenis_kelamin": "Sex",
    "survey.p.pendidikan": "Education",
    "survey.p.pekerjaan": "Occupation",
    "survey.qr.caption": "Survey QR code of {unit}",
    "survey.poster.caption": "A4 survey poster of {unit}, ready to print",
    "survey.poster.file": "survey-poster.pdf",
    "survey.poster.heading": "Citizens' Satisfaction Survey",
    "survey.poster.why": (
        "Help us improve: two minutes, anonymous, your answers cannot be tied to who you are."
    ),
    "survey.poster.how": "Scan the QR code with your phone camera (Telegram), or open:",
    "survey.sheet.heading": "Citizens' Satisfaction Survey Results",
    "survey.sheet.sub": "{region} · period {period} · {responses}",
    "survey.sheet.short": (
        "This period ended with {responses} of at least {needed} respondents: its sample falls "
        "short of what the regulation asks for."
    ),
    "survey.sheet.below": (
        "Only {responses} of at least {needed} respondents: the sample is not yet what the "
        "regulation asks for, so these results are provisional."
    ),
    "survey.sheet.reports_later": (
        "Maladministration reported and trust are shown from {n} respondents on, so that no "
        "one citizen's answers can be told."
    ),
    "survey.sheet.none": "No responses yet for this period.",
    "survey.sheet.formula": (
        "Satisfaction index (IKM) = 25 × the mean score (NRR) of the nine elements, "
        "per Permen PANRB 14/2017"
    ),
    "survey.sheet.mal_head": "Maladministration reported (share of respondents)",
    "survey.sheet.columns": "Service element|NRR|NRR × 25|Grade",
    "survey.sheet.trust": "Trust: mean {mean} of 4; {share} of respondents trust the unit",
    "survey.sheet.footer": (
        "Grades: A Very good (88.31–100) · B Good (76.61–88.30) · C Fair (65.00–76.60) "
        "· D Poor (25.00–64.99). Anonymous survey in Telegram; the unit's officers are not "
        "counted. Made with SiapNilai."
    ),
    "survey.sheet.caption": "Survey result sheet of {unit} ({period}), ready to publish",
    "survey.sheet.file": "survey-results-{period}.pdf",
    "survey.region.head": "<b>Citizens' survey ({period})</b>",
    "survey.region.unit": "{unit}: IKM {ikm} ({category}) · {responses}",
    "survey.region.unit_before": "{unit}: IKM {ikm} ({category}) · {responses} · {period}",
    "survey.region.none": "{unit}: no responses yet",
    "survey.xlsx.sheet": "Citizens' survey",
    "survey.xlsx.period": "Period",
    "survey.xlsx.responses": "Responses",
    "survey.xlsx.needed": "Minimum",
    "survey.xlsx.ikm": "IKM",
    "survey.xlsx.trust_mean": "Trust (1–4)",
    "survey.xlsx.trust_high": "Share trusting",
}
