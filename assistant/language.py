"""The language of a question, and what changes when it is not English (docs/languages.md).

The library is English. A question in French, Spanish, Arabic, Russian, Chinese (or German, Portuguese, Italian,
Japanese, Korean, Thai: the languages the multilingual model knows) is answered from the multilingual index
(`store.multilingual`) with the English passages quoted as they are, and a notice in the question's language
says so. A question in a language the model does not know gets a localised message saying which languages work,
never "the documents don't say".

- `detect_language(text)`: an ISO 639-1 code. Scripts decide for non-Latin text (Arabic, Cyrillic, Han, kana,
  Hangul, Thai, and the unsupported ones: Hebrew, Greek, Devanagari...); Latin text is classified by py3langid
  restricted to the Latin-script languages served. Short questions (under 3 words) and unsure ones are English:
  routing English questions elsewhere would cost them their BM25 half.
- `checkable_question(question, language)`: what the English name/number/answer-type checks may read of it.
- `notice(language)`, `unsupported_message(language)`: the localised texts.
"""

from __future__ import annotations

import re
import threading
import unicodedata

from assistant.answerability import plain

ENGLISH = "en"
# Latin-script languages the detector chooses between (py3langid restricted: 87/87 on evals/data/languages.jsonl,
# 30/30 English-or-not on very short questions; unrestricted, short English questions come out as Latin or Italian).
LATIN_LANGUAGES = ("en", "fr", "es", "de", "pt", "it")
# What the multilingual model (USE v3) reads well besides English.
SERVED = frozenset({"fr", "es", "ar", "ru", "zh", "de", "pt", "it", "ja", "ko", "th"})
MIN_WORDS = 3
MIN_CONFIDENCE = 0.8  # py3langid's normalised probability; below it a Latin-script question counts as English

NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic", "ru": "Russian", "zh": "Chinese",
         "de": "German", "pt": "Portuguese", "it": "Italian", "ja": "Japanese", "ko": "Korean", "th": "Thai",
         "he": "Hebrew", "el": "Greek", "hi": "Hindi", "bn": "Bengali", "ta": "Tamil", "hy": "Armenian",
         "ka": "Georgian", "am": "Amharic", "te": "Telugu", "gu": "Gujarati", "pa": "Punjabi", "kn": "Kannada",
         "ml": "Malayalam", "si": "Sinhala", "km": "Khmer", "lo": "Lao", "my": "Burmese", "bo": "Tibetan",
         "und": "this language"}

# Unicode character-name prefixes -> language. Served scripts first; the rest are languages the model lacks.
_SCRIPTS = (("ARABIC", "ar"), ("CYRILLIC", "ru"), ("HIRAGANA", "ja"), ("KATAKANA", "ja"), ("HANGUL", "ko"),
            ("CJK", "zh"), ("THAI", "th"), ("HEBREW", "he"), ("GREEK", "el"), ("DEVANAGARI", "hi"),
            ("BENGALI", "bn"), ("TAMIL", "ta"), ("ARMENIAN", "hy"), ("GEORGIAN", "ka"), ("ETHIOPIC", "am"),
            ("TELUGU", "te"), ("GUJARATI", "gu"), ("GURMUKHI", "pa"), ("KANNADA", "kn"), ("MALAYALAM", "ml"),
            ("SINHALA", "si"), ("KHMER", "km"), ("LAO", "lo"), ("MYANMAR", "my"), ("TIBETAN", "bo"))

NOTICES = {
    "fr": "La bibliothèque est en anglais : la réponse cite ses passages en anglais, avec leurs sources.",
    "es": "La biblioteca está en inglés: la respuesta cita sus pasajes en inglés, con sus fuentes.",
    "ar": "المكتبة باللغة الإنجليزية: تقتبس الإجابة مقاطعها الإنجليزية كما هي، مع مصادرها.",
    "ru": "Библиотека на английском языке: ответ цитирует её фрагменты на английском, со ссылками на источники.",
    "zh": "本资料库为英文：回答引用其英文原文段落，并注明出处。",
    "de": "Die Bibliothek ist auf Englisch: Die Antwort zitiert ihre englischen Passagen mit Quellenangaben.",
    "pt": "A biblioteca está em inglês: a resposta cita as suas passagens em inglês, com as fontes.",
    "it": "La biblioteca è in inglese: la risposta cita i suoi passaggi in inglese, con le fonti.",
}
GENERIC_NOTICE = "The library is in English: this answer quotes its English passages, with their sources."

_ASK_IN = "English, French, Spanish, Arabic, Russian or Chinese"
UNSUPPORTED = {
    "he": "שאלות בעברית עדיין אינן נתמכות: הספרייה באנגלית. אנא שאלו באנגלית, צרפתית, ספרדית, ערבית, רוסית או סינית.",
    "el": "Οι ερωτήσεις στα ελληνικά δεν υποστηρίζονται ακόμη: η βιβλιοθήκη είναι στα αγγλικά. Ρωτήστε στα αγγλικά, "
          "γαλλικά, ισπανικά, αραβικά, ρωσικά ή κινέζικα.",
    "hi": "हिंदी में प्रश्न अभी समर्थित नहीं हैं: पुस्तकालय अंग्रेज़ी में है। "
          "कृपया अंग्रेज़ी, फ़्रेंच, स्पेनिश, अरबी, रूसी या चीनी में पूछें।",
}


def unsupported_message(language: str) -> str:
    """Said instead of an answer to a question in a language the model does not read: in that language where we
    have it, always followed by the English."""
    english = (f"Questions in {NAMES.get(language, language)} are not supported yet: the library is in English, and "
               f"its search reads {_ASK_IN} (also German, Portuguese, Italian, Japanese, Korean and Thai). "
               f"Please ask in one of them.")
    local = UNSUPPORTED.get(language)
    return f"{local}\n{english}" if local else english


def notice(language: str) -> str:
    """The note shown with an answer to a non-English question ("" for English)."""
    if language == ENGLISH:
        return ""
    return NOTICES.get(language, GENERIC_NOTICE)


def is_supported(language: str) -> bool:
    return language == ENGLISH or language in SERVED


_identifier = None
_identifier_lock = threading.Lock()


def _classifier():
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

            ident = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
            ident.set_languages(list(LATIN_LANGUAGES))
            _identifier = ident
        return _identifier


def warm_up() -> None:
    """Load the detector in a background thread (about a second; several on a busy CPU), so that the first
    question does not wait for it."""
    threading.Thread(target=_classifier, name="language-detector", daemon=True).start()


def script_language(text: str) -> str | None:
    """The language a non-Latin script says (Han without kana is Chinese); None when the letters are mostly Latin."""
    counts: dict[str, int] = {}
    latin = 0
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            latin += 1
            continue
        for prefix, lang in _SCRIPTS:
            if name.startswith(prefix):
                counts[lang] = counts.get(lang, 0) + 1
                break
        else:
            counts["und"] = counts.get("und", 0) + 1
    if not counts:
        return None
    if counts.get("ja") and counts.get("zh"):  # Japanese writes Han and kana together
        counts["ja"] += counts.pop("zh")
    lang, n = max(counts.items(), key=lambda kv: kv[1])
    # One CJK character counts as much as a short word: a Chinese question has few characters.
    weight = n * (3 if lang in ("zh", "ja") else 1)
    return lang if weight >= latin else None


def detect_language(text: str) -> str:
    """The question's language as an ISO 639-1 code ("en" when short or unsure; see the module docstring)."""
    text = text.strip()
    if not text:
        return ENGLISH
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    if len(re.findall(r"[^\W\d_]+", text)) < MIN_WORDS:
        return ENGLISH
    lang, probability = _classifier().classify(text)
    return lang if probability >= MIN_CONFIDENCE else ENGLISH


# Question words that say which kind of answer is asked for, in the served languages -> the English words the
# extractive answerer's rules read ("how long": a measure; "how many": a number; "when": a date; "where": a place;
# "adopted" with "when"/"where": the dating formula, `assistant.formulas`). Each cue is read once, in this order;
# "how long" first, as "cuánto dura" would read as "how many".
_KIND_CUES = (
    # how often, read before "how long" and "how many" ("cada cuánto tiempo" holds "cuánto tiempo")
    ("How often", re.compile(r"(?<!\w)(?:[àa] quelle fr[ée]quence|tous les combien|avec quelle fr[ée]quence|"
                             r"cada cu[aá]nto(?: tiempo)?|con qu[eé] frecuencia|con qu[eé] periodicidad|"
                             r"com que frequ[eê]ncia|de quanto em quanto|con quale frequenza|ogni quanto|wie oft|"
                             r"wie h[äa]ufig|как часто|с какой периодичностью)(?!\w)|多久一次|每隔多久|多长时间一次|"
                             r"كم مرة|كل كم", re.IGNORECASE)),
    ("How long", re.compile(r"\b(combien de temps|quelle (?:est la )?dur[ée]e|dure|cu[aá]nto (?:tiempo|dura)|"
                            r"qu[eé] duraci[oó]n|quanto tempo|quanto dura|wie lange|как долго|сколько (?:длится|лет)|"
                            r"какой срок)\b|多长时间|多久|كم مدة|ما مدة", re.IGNORECASE)),
    ("How many", re.compile(r"\b(combien|cu[aá]nt[oa]s?|quant[oa]s?|quanti|quante|wie viele|wieviele|сколько)\b|"
                            r"多少|几|كم", re.IGNORECASE)),
    # or which date ("quelle date ... porte-t-elle ?", "¿en qué fecha ...?", "an welchem Datum", "какого числа")
    ("When", re.compile(r"\b(quand|en quelle année|cu[aá]ndo|en qu[eé] año|quando|wann|когда|в каком году)\b|"
                        r"(?<!\w)(?:(?:à\s+|a\s+)?quelle\s+(?:est\s+la\s+)?date|cu[aá]l\s+(?:es|fue)\s+la\s+fecha|(?:en\s+)?qu[eé]\s+fecha|(?:em\s+)?que\s+data|"
                        r"qual\s+(?:[ée]|foi)\s+a\s+data|qual\s+[èe]\s+la\s+data|(?:in\s+)?quale\s+data|(?:an\s+)?welche[mns]?\s+(?:datum|tag)|"
                        r"какого\s+числа|какая\s+дата|какой\s+датой)(?!\w)|"
                        r"什么时候|何时|哪一年|哪一天|什么日期|متى|في أي عام|في أي تاريخ|ما تاريخ", re.IGNORECASE)),
    # entry into force, which a dating formula ("Done at Mexico City, this nineteenth day of July 1974") does not
    # answer (`ENTRY_INTO_FORCE`); after "When" it reads "When does it enter into force"
    ("does it enter into force", re.compile(r"(?<!\w)(?:entr\w*(?:-t-(?:il|elle|ils|elles))?\s+en\s+vigueur|entr\w*\s+en\s+vigor|entr\w*\s+em\s+vigor|"
                                            r"entr\w*\s+in\s+vigore|in\s+kraft|вступ\w*\s+в\s+силу)(?!\w)|生效|"
                                            r"حيز\s+(?:النفاذ|التنفيذ)", re.IGNORECASE)),
    # as in English ("Where ...?" opens the question; "..., where must the defences of peace be constructed?" asks
    # for no place), or a city asked for anywhere
    ("where", re.compile(r"^\s*[¿¡]?\s*(?:où|d[oó]nde|onde|dove|wo|где|أين)(?!\w)|\b(?:et|y|e|und|и)\s+(?:où|d[oó]nde|"
                         r"onde|dove|wo|где)(?!\w)|\b(?:dans quelle ville|"
                         r"en qu[eé] ciudad|in welcher stadt|в каком городе)\b|在哪个城市|في أي مدينة", re.IGNORECASE)),
    # one thing of several ("l'un des premiers succès"): no list
    ("one of", re.compile(r"(?<!\w)(?:l['’]\s*une?\s+des|uno\s+de|una\s+de|um\s+dos|uma\s+das|uno\s+dei|una\s+delle|"
                          r"один\s+из|одна\s+из|одно\s+из)(?!\w)|之一|(?<!\w)(?:أحد|إحدى)(?!\w)", re.IGNORECASE)),
    # a limit: the English answerer looks for the sentence that sets it ("shall ... exceed 1 %")
    ("the maximum", re.compile(r"(?<!\w)(?:plafond|maximum|maximale?s?|tope|m[aá]xim[oa]s?|l[ií]mite superior|"
                               r"massim[oa]|h[öo]chst\w*|максим\w*|потол\w*)(?!\w)|上限|最高|الحد الأقصى",
                               re.IGNORECASE)),
    ("the minimum", re.compile(r"(?<!\w)(?:minimum|minimale?s?|m[ií]nim[oa]s?|l[ií]mite inferior|minim[oa]|"
                               r"mindest\w*|минимал\w*|минимум\w*)(?!\w)|下限|最低|الحد الأدنى", re.IGNORECASE)),
    # what a thing looks like: the English answerer looks for the sentence that describes it ("the form of a shield
    # ... blue and white"); "¿Cómo es el/la ...?" ("what is ... like"), not "¿Cómo es elegido ...?" (how is it done)
    ("look like", re.compile(r"(?<!\w)(?:ressembl\w*|apparence|apariencia|aspecto|aspetto|aussehen|sieht\s+\w+\s+aus|"
                             r"c[oó]mo\s+es\s+(?:el|la|los|las|un|una)|выгляд\w*)(?!\w)|什么样|外观|كيف\s+يبدو|مظهر",
                             re.IGNORECASE)),
    # and the date of a document ("la date de la Convention de Ramsar", "la fecha de la Convención"), as in English
    # (`formulas.asks_document_date`)
    ("adopted", re.compile(r"(?<!\w)(?:date\s+de\s+(?:la\s+|l['’]\s*)|fecha\s+de\s+la\s+|data\s+da\s+)(?:convention|"
                           r"recommandation|d[ée]claration|charte|convenci[oó]n|recomendaci[oó]n|declaraci[oó]n|"
                           r"carta|conven[cç][aã]o|recomenda[cç][aã]o|declara[cç][aã]o)\b|"
                           r"\b(adopt[ée]+s?|adoptad[oa]s?|aprobad[oa]s?|aprob[oó]|adotad[oa]s?|adottat[oa]|angenommen|"
                           r"verabschiedet|принят[аоы]?|sign[ée]+s?|firmad[oa]s?|firm[oó])(?!\w)|通过|签署|اعتمد|اعتماد",
                           re.IGNORECASE)),
)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")


ENTRY_INTO_FORCE = True  # off: no cue for entry into force


def checkable_question(question: str, language: str) -> str:
    """What the English-only checks of an extractive answer (names missing from the passages, the answer type
    of "how many"/"when", list questions) may read of a question: the question itself in English; for another
    language only "How many"/"When" when it asks that, and its numbers and years (digits are the same in every
    language, and a year the passages lack is still worth a refusal). Never its words: a capitalised French or
    Spanish word ("Fonds", "Consejo Ejecutivo") is not a missing English name."""
    if language == ENGLISH:
        return question
    cues = [english for english, pattern in _KIND_CUES if pattern.search(question)
            and (ENTRY_INTO_FORCE or english != "does it enter into force")]
    if "How often" in cues:  # "cada cuánto tiempo" asks neither how long nor how many
        cues = [c for c in cues if c not in ("How long", "How many")]
    if "How long" in cues and "How many" in cues:
        cues.remove("How many")
    if "When" in cues and "where" in cues:  # "Когда и где была принята ...?": when and where
        cues[cues.index("where")] = "and where"
    numbers = [n.strip(".,") for n in _NUMBER.findall(unicodedata.normalize("NFKC", question))]
    return " ".join([*cues, *numbers]).strip()


# What a question asks for, where the English answerer has a mechanism for it that reads English words: a document's
# purpose (its purpose or scope section), a list named by a plural noun ("What are the principles ...": the headings
# or the lead-in that name them), the meaning of a term (the clause that defines it). `question_form` returns the
# form and its slot in the question's own words; the cross-lingual answerer translates the slot
# (`assistant.pseudo_query`) and asks the English question the form stands for (`assistant.crosslingual`).
_PURPOSE_FORM = re.compile(
    r"\b(?:quel(?:le)?s?\s+(?:est|sont)\s+(?:le\s+|la\s+|les\s+|l['’]\s*)(?:but|buts|objectif|objectifs|finalit[ée]s?)|"
    r"(?:cu[aá]l|cu[aá]les)\s+(?:es|son)\s+(?:el|la|los|las)\s+(?:prop[oó]sitos?|objetivos?|fin|fines|finalidad)|"
    r"qual\s+[ée]\s+(?:o|a)\s+(?:objetivo|prop[oó]sito|finalidade)|qual\s+[èe]\s+lo\s+scopo|"
    r"was\s+ist\s+(?:der|das)\s+(?:zweck|ziel)|"
    r"какова\s+цель|каковы\s+цели|в\s+ч[её]м\s+(?:состоит\s+)?цель)(?!\w)|ما\s+(?:هو|هي)\s+(?:هدف|الهدف|الغرض|أهداف)|"
    r"(?:目的|宗旨)是什么", re.IGNORECASE)
_LIST_FORM = {  # "quels sont les principes", "quelles obligations", "cuáles son los principios", "qué obligaciones
    # tienen", "какие цели"; not "qué son los ...", which asks what something is
    "fr": re.compile(r"\bquel(?:le)?s\s+(?:sont\s+)?(?:les\s+)?([^\W\d_]+)((?:\s+[^\W\d_]+)?)", re.IGNORECASE),
    "es": re.compile(r"\b(?:cu[aá]les\s+(?:son\s+)?(?:los\s+|las\s+)?|qu[eé]\s+(?!son\b|es\b))([^\W\d_]+)"
                     r"((?:\s+[^\W\d_]+)?)", re.IGNORECASE),
    "ru": re.compile(r"\bкакие\s+([^\W\d_]+)()", re.IGNORECASE),
}
# "Combien d'États parties ...?", "¿Cuántos Estados Partes ...?": what is counted, so that the English answerer reads
# the number that counts it ("composed of 15 States Parties"), as it does for "How many States Parties ...?"; not
# "combien de temps" (how long)
COUNT_FORMS = True  # False: a count in another language is asked as "How many" alone (docs/languages.md)
_COUNT_FORM = {
    "fr": re.compile(r"\bcombien\s+(?:de\s+|d['’]\s*)(?!temps\b|fois\b)([^\W\d_]+)", re.IGNORECASE),
    "es": re.compile(r"\bcu[aá]nt[oa]s\s+([^\W\d_]+)", re.IGNORECASE),
    "pt": re.compile(r"\bquant[oa]s\s+([^\W\d_]+)", re.IGNORECASE),
    "it": re.compile(r"\bquant[ie]\s+([^\W\d_]+)", re.IGNORECASE),
    "de": re.compile(r"\bwie\s+viele\s+([^\W\d_]+)", re.IGNORECASE),
    "ru": re.compile(r"(?<!\w)сколько\s+([^\W\d_]+)", re.IGNORECASE),
}
_DEFINE_FORM = re.compile(
    r"qu['’]\s*entend\S*\s.*?\bpar\s+[«\"“]?\s*(?P<a>[^»\"”?]+?)\s*[»\"”]?\s*\?*\s*$|"
    r"\bcomment\b.*?\bd[ée]finit(?:-(?:il|elle|on))?\s+(?:le\s+|la\s+|les\s+|l['’]|une?\s+|des\s+)?(?P<b>[^\W\d_]+)|"
    r"\bqu[eé]\s+(?:se\s+)?entiende\b.*?\bpor\s+[«\"“]?\s*(?P<c>[^»\"”?]+?)\s*[»\"”]?\s*\?*\s*$|"
    r"\bc[oó]mo\s+define\s+(?:el\s+|la\s+|los\s+|las\s+|(?:un|una|unos|unas)\s+)?(?P<d>[^\W\d_]+)|"
    r"что\s+понимается\s+под\s+(?P<e>[^?]+?)\s*\?*\s*$|"
    r"تعريف\s+(?P<f>\S+(?:\s+\S+){0,3}?)\s+(?:في|وفق|حسب|بحسب)|"
    # what something is made of is said where it is defined ("The digital heritage consists of ...")
    r"\bde\s+quoi\s+se\s+compose(?:nt)?\s+(?:le\s+|la\s+|les\s+|l['’])?(?P<g>[^?]+?)\s*\?*\s*$|"
    r"\bde\s+qu[eé]\s+se\s+componen?\s+(?:el\s+|la\s+|los\s+|las\s+)?(?P<h>[^?]+?)\s*\?*\s*$|"
    r"\ben\s+qu[eé]\s+consisten?\s+(?:el\s+|la\s+|los\s+|las\s+)?(?P<i>[^?]+?)\s*\?*\s*$|"
    # "what are X?" asks what X is: "Que sont les ressources éducatives libres ?", "¿Qué son los recursos ...?"
    r"^\s*(?:que\s+sont|qu['’]est[- ]ce\s+que|qu['’]est[- ]ce\s+qu['’])\s*(?:les\s+|le\s+|la\s+|l['’]|une?\s+|des\s+)?"
    r"(?P<j>[^?]+?)\s*\?*\s*$|"
    r"^\s*¿?\s*qu[eé]\s+(?:es|son)\s+(?:el\s+|la\s+|los\s+|las\s+|una?\s+)?(?P<k>[^?]+?)\s*\?*\s*$|"
    r"^\s*ما\s+(?:هي|هو)\s+(?!هدف|الهدف|الغرض|أهداف|تعريف)(?P<l>[^؟?]+?)\s*[؟?]*\s*$|"
    # German, Portuguese, Italian (`OTHER_DEFINE_FORMS`): "Wie definiert ... den Begriff „Satellit“?", "Was versteht
    # man unter X?", "O que se entende por X?", "Como ... define X?", "Cosa si intende per X?", "Come ... definisce X?"
    r"\bwie\s+definier\w*\b[^?]*?\bbegriff\s+[„\"“»]?\s*(?P<n>[^“”\"«?]+?)\s*[“”\"«]?\s*\?*\s*$|"
    r"\bwas\s+versteht\s+man\b[^?]*?\bunter\s+(?:dem\s+|der\s+|den\s+|einem\s+|einer\s+)?[„\"“»]?\s*"
    r"(?P<o>[^“”\"«?]+?)\s*[“”\"«]?\s*\?*\s*$|"
    r"\bo\s+que\s+se\s+entende\s+por\s+[«\"“]?\s*(?P<p>[^»\"”?]+?)\s*[»\"”]?\s*\?*\s*$|"
    r"\bcomo\s+(?:[^\s?]+\s+){0,12}?define\s+(?:o\s+|a\s+|os\s+|as\s+)?(?:termo\s+)?[«\"“]?(?P<q>[^\W\d_]+)|"
    r"\bcosa\s+si\s+intende\s+per\s+[«\"“]?\s*(?P<r>[^»\"”?]+?)\s*[»\"”]?\s*\?*\s*$|"
    r"\bcome\s+(?:[^\s?]+\s+){0,12}?definisce\s+(?:il\s+|la\s+|lo\s+|l['’]|i\s+|gli\s+|le\s+)?(?:termine\s+)?"
    r"[«\"“]?(?P<s>[^\W\d_]+)", re.IGNORECASE)
OTHER_DEFINE_FORMS = True  # off: the German, Portuguese and Italian forms above define nothing


# "¿Qué abarca el término educación?", "Que recouvre le terme « patrimoine » ?": what "the term X" covers asks what X is
TERM_FORMS = True
_TERM_FORM = re.compile(r"\b(?:qu[eé]|que|quoi)\b[^?]{0,40}?\b(?:t[ée]rmino|terme|expresi[oó]n|expression|notion\s+de|"
                        r"noci[oó]n\s+de)\s+[«\"“]?\s*(?P<m>[^»\"”?,]+?)\s*[»\"”]?\s*(?:,[^?]*|\b(?:seg[uú]n|selon|d['’]apr[eè]s|"
                        r"en\s+(?:el|la|los|las|le|les)|dans)\b[^?]*)?\?*\s*$", re.IGNORECASE)
# "Selon la Recommandation de 1978 ..., qu'est-ce que ...?": where to look, then the question itself
OPENING_SOURCES = True
_OPENING_SOURCE = re.compile(r"^\s*¿?\s*(?:selon|d['’]apr[eè]s|conform[ée]ment\s+[àa]|aux\s+termes\s+d[eu']|seg[uú]n|"
                             r"de\s+acuerdo\s+con|conforme\s+a|en\s+virtud\s+de)\b[^?]{3,250}?,\s*¿?\s*(?=\S)",
                             re.IGNORECASE)
# "Quels types d'outils ...?", "¿Qué tipos de instrumentos ...?": the kinds of a thing list the thing
KINDS_OF = True
_KINDS_OF = re.compile(r"\b(quel(?:le)?s\s+|qu[eé]\s+)(?:types|sortes|genres|formes|cat[ée]gories|tipos|clases|formas|"
                       r"categor[ií]as)\s+(?:de\s+|d['’]\s*)", re.IGNORECASE)  # plural: "qué tipo de" asks for one


# "¿Cómo define la Convención de 2001 el patrimonio cultural subacuático?", "Come definisce la Convenzione del 1972 il
# patrimonio naturale?": the verb, the document, then the term; the one-word capture after the verb took "Convención"
# (session 38); False: the word after the verb is the term
DOCUMENT_BEFORE_TERM = True
_TYPE_WORDS = frozenset("convencion convenio recomendacion declaracion constitucion acuerdo protocolo carta convention "
                        "recommandation declaration accord protocole charte convencao recomendacao declaracao "
                        "convenzione raccomandazione dichiarazione costituzione accordo".split())
_TERM_ARTICLE = re.compile(r"\b(?:el|la|los|las|le|les|o|a|os|as|il|lo|gli|l['’])\s*([^\W\d_]+)", re.IGNORECASE)


def _define_form(question: str):
    m = _DEFINE_FORM.search(question) or (_TERM_FORM.search(question) if TERM_FORMS else None)
    if m is None and OPENING_SOURCES and (source := _OPENING_SOURCE.match(question)):
        return _define_form(question[source.end():])
    return m


# "Quand la Convention de 1972 entre-t-elle en vigueur ?": when an instrument enters into force is asked of its
# entry-into-force article, in English words ("When does the <document> enter into force?"), as a purpose is asked of
# its purpose section; the French words share nothing with "shall enter into force three months after ..."
ENTRY_FORMS = True
_CUE = dict(_KIND_CUES)


def question_form(question: str, language: str) -> tuple[str, str] | None:
    """("purpose", ""), ("entry", "") (when it enters into force), ("list", the plural noun and the word after it),
    ("define", the term), ("count", the noun "how many" counts), in the question's words; None for another question
    or an English one (its own words are read)."""
    if language == ENGLISH:
        return None
    if _PURPOSE_FORM.search(question):
        return ("purpose", "")
    if ENTRY_FORMS and _CUE["When"].search(question) and _CUE["does it enter into force"].search(question):
        return ("entry", "")
    m = _define_form(question)
    if m and (OTHER_DEFINE_FORMS or not any(m.group(g) for g in "nopqrs")):
        term = next(g for g in m.groups() if g).strip(" «»\"“”„")
        if DOCUMENT_BEFORE_TERM and plain(term) in _TYPE_WORDS:
            # "¿Cómo define la Convención de 2001 el patrimonio cultural subacuático?": the word after the verb is
            # the document's type; its name comes first, then the term, after its own article
            after = question[m.end():]
            last = list(_TERM_ARTICLE.finditer(after))
            if last:
                term = last[-1].group(1)
        return ("define", term)
    m = _COUNT_FORM[language].search(question) if COUNT_FORMS and language in _COUNT_FORM else None
    if m:
        return ("count", m.group(1))
    if KINDS_OF:
        question = _KINDS_OF.sub(r"\1", question)
    m = _LIST_FORM[language].search(question) if language in _LIST_FORM else None
    if m and (language == "ru" or m.group(1).casefold().endswith(("s", "x"))):  # a plural noun ("qué dice": a verb)
        return ("list", (m.group(1) + m.group(2)).strip())  # with the word after it ("principios rectores")
    return None
