"""The event knowledge files: cameo.tsv and verbs.yaml are consistent, and code real sentences."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from eventwire.extract.event_lexicon import (
    CONDITIONS,
    NOT_AN_ACT,
    PLOVER_TYPES,
    EventLexicon,
    Sense,
    load_event_lexicon,
)
from eventwire.pipeline import extract_text
from eventwire.settings import Settings

DATA = Path(__file__).resolve().parents[2] / "src/eventwire/extract/data"
COLUMNS = ["code", "name", "goldstein", "plover", "quad_class"]

# The PLOVER/CAMEO crosswalk, written out again here so the table is checked against it:
# the first matching prefix wins; 01x (make a statement) has no PLOVER type.
CROSSWALK = [
    ("01", ""), ("036", "CONSULT"), ("055", "CONCEDE"), ("057", "AGREE"), ("087", "RETREAT"),
    ("02", "REQUEST"), ("03", "AGREE"), ("04", "CONSULT"), ("05", "SUPPORT"),
    ("06", "COOPERATE"), ("07", "AID"), ("08", "CONCEDE"), ("09", "ACCUSE"), ("10", "REQUEST"),
    ("11", "ACCUSE"), ("12", "REJECT"), ("13", "THREATEN"), ("14", "PROTEST"),
    ("15", "MOBILIZE"), ("16", "SANCTION"), ("17", "COERCE"), ("18", "ASSAULT"),
    ("19", "ASSAULT"), ("20", "ASSAULT"),
]  # fmt: skip
QUAD_CLASS = {
    "AGREE": 1, "CONCEDE": 1, "CONSULT": 1, "SUPPORT": 1,
    "AID": 2, "COOPERATE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REJECT": 3, "REQUEST": 3, "THREATEN": 3,
    "ASSAULT": 4, "COERCE": 4, "MOBILIZE": 4, "PROTEST": 4, "SANCTION": 4,
}  # fmt: skip
# The modes verbs.yaml may give, by the PLOVER type of the sense's code.
MODES = {
    "ASSAULT": {"aerial", "drone", "missile", "artillery", "firearms", "explosives", "suicide",
                "beat", "targeted"},
    "PROTEST": {"demonstrate", "riot", "strike", "hunger"},
    "SANCTION": {"embargo", "expel"},
    "COERCE": {"arrest", "censor", "seize"},
}  # fmt: skip
# Words the coder reads as attribution ("X said ..."), never as acts.
SPEECH = {"say", "tell", "announce", "state", "add", "note", "claim", "report", "declare"}


def _load_rows() -> list[dict[str, str]]:
    with (DATA / "cameo.tsv").open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ROWS = _load_rows()
CODES = {row["code"]: row for row in ROWS}
RAW = yaml.safe_load((DATA / "verbs.yaml").read_text(encoding="utf-8"))
LEX: EventLexicon = load_event_lexicon()


def _crosswalk(code: str) -> str:
    return next(plover for prefix, plover in CROSSWALK if code.startswith(prefix))


def _problems(key: str, entry: dict[str, Any], section: str) -> list[str]:
    """What is wrong with one sense as written in verbs.yaml."""
    problems = []
    if key != key.lower().strip() or len(key.split()) > (1 if section == "verbs" else 2):
        problems.append("key must be a lower-case lemma (nouns: at most two words)")
    if set(entry) - {"cameo", "mode", "when"}:
        problems.append(f"unknown fields {sorted(set(entry) - {'cameo', 'mode', 'when'})}")
    cameo = entry.get("cameo")
    if not isinstance(cameo, str):
        problems.append(f"quote the code {cameo!r}")
    elif cameo not in LEX.codes and cameo != NOT_AN_ACT:
        problems.append(f"{cameo} is not a CAMEO code with a PLOVER type")
    when = entry.get("when") or {}
    if set(when) - CONDITIONS:
        problems.append(f"unknown conditions {sorted(set(when) - CONDITIONS)}")
    for name, value in when.items():
        if name == "complement":
            if not isinstance(value, bool):
                problems.append("complement must be true or false")
        elif any(not isinstance(w, str) or w != w.lower() for w in value):
            problems.append(f"{name} words must be lower-case strings (quote on, off)")
    if "mode" in entry and cameo in LEX.codes:
        plover = LEX.codes[cameo].plover
        if entry["mode"] not in MODES.get(plover, ()):
            problems.append(f"mode {entry['mode']!r} is not a mode of {plover}")
    return problems


def _resolve(lemma: str, **context: Any) -> Sense | None:
    """The sense a verb takes in a context, by the matching rule events.py applies."""
    for sense in LEX.verbs.get(lemma, ()):
        if all(_holds(key, value, context) for key, value in sense.when.items()):
            return sense
    return None


def _holds(key: str, value: Any, context: dict[str, Any]) -> bool:
    if key == "complement":
        return bool(context.get("complement")) == bool(value)
    return context.get(key) in value


# --- cameo.tsv -------------------------------------------------------------------------------


def test_cameo_table_has_the_five_columns():
    with (DATA / "cameo.tsv").open(encoding="utf-8") as f:
        header = next(line for line in f if not line.startswith("#"))
    assert header.rstrip("\n").split("\t") == COLUMNS
    short = [row["code"] for row in ROWS if None in row or None in row.values()]
    assert not short, f"rows without exactly five columns: {short}"


def test_cameo_table_covers_the_codebook():
    codes = [row["code"] for row in ROWS]
    assert len(codes) == len(set(codes)), "a code is listed twice"
    assert [c for c in codes if len(c) == 2] == [f"{n:02d}" for n in range(1, 21)]
    assert len(codes) >= 300
    assert {"010", "0874", "1056", "129", "1823", "195", "204", "2042"} <= set(codes)
    malformed = [c for c in codes if not (c.isdigit() and 2 <= len(c) <= 4)]
    assert not malformed


def test_every_code_sits_under_its_parents():
    orphans = [c for c in CODES if len(c) > 2 and (c[:2] not in CODES or c[:3] not in CODES)]
    assert not orphans, f"codes whose parent is missing: {orphans}"


def test_rows_follow_the_crosswalk():
    unnamed = [c for c, row in CODES.items() if not row["name"].strip()]
    assert not unnamed, f"codes without a name: {unnamed}"
    off_scale = [c for c, row in CODES.items() if not -10.0 <= float(row["goldstein"]) <= 10.0]
    assert not off_scale, f"Goldstein values outside [-10, 10]: {off_scale}"
    wrong_type = [(c, row["plover"]) for c, row in CODES.items() if row["plover"] != _crosswalk(c)]
    assert not wrong_type, f"PLOVER types against the crosswalk: {wrong_type}"
    wrong_quad = [
        (c, row["quad_class"])
        for c, row in CODES.items()
        if row["quad_class"] != (str(QUAD_CLASS[row["plover"]]) if row["plover"] else "")
    ]
    assert not wrong_quad, f"quad classes against the PLOVER type: {wrong_quad}"


@pytest.mark.parametrize(
    ("code", "goldstein", "plover", "quad_class"),
    [
        ("036", 4.0, "CONSULT", 1),
        ("042", 1.9, "CONSULT", 1),
        ("057", 8.0, "AGREE", 1),
        ("0841", 7.0, "CONCEDE", 1),
        ("0871", 9.0, "RETREAT", 2),
        ("0874", 10.0, "RETREAT", 2),
        ("072", 8.3, "AID", 2),
        ("112", -2.0, "ACCUSE", 3),
        ("130", -4.4, "THREATEN", 3),
        ("163", -8.0, "SANCTION", 4),
        ("173", -5.0, "COERCE", 4),
        ("182", -9.5, "ASSAULT", 4),
        ("190", -10.0, "ASSAULT", 4),
    ],
)
def test_published_values_for_well_known_codes(code, goldstein, plover, quad_class):
    entry = LEX.codes[code]
    assert (entry.goldstein, entry.plover, entry.quad_class) == (goldstein, plover, quad_class)


def test_loader_skips_statements_without_a_plover_type():
    assert "010" in CODES and "010" not in LEX.codes
    assert set(LEX.codes) == {c for c, row in CODES.items() if row["plover"]}
    assert {code.plover for code in LEX.codes.values()} == set(PLOVER_TYPES)


# --- verbs.yaml ------------------------------------------------------------------------------


def test_lexicon_is_large_and_general():
    assert len(LEX.verbs) >= 400
    assert len(LEX.nouns) >= 200
    verb_types = {
        LEX.codes[s.cameo].plover
        for senses in LEX.verbs.values()
        for s in senses
        if s.cameo != NOT_AN_ACT
    }
    noun_types = {
        LEX.codes[s.cameo].plover
        for senses in LEX.nouns.values()
        for s in senses
        if s.cameo != NOT_AN_ACT
    }
    assert verb_types == set(PLOVER_TYPES)
    assert noun_types == set(PLOVER_TYPES)


def test_every_sense_is_well_formed():
    problems = [
        f"{section}: {key}: {problem}"
        for section in ("verbs", "nouns")
        for key, entries in RAW[section].items()
        for entry in entries
        for problem in _problems(str(key), entry, section)
    ]
    assert not problems, "\n".join(problems)


def test_an_unconditional_sense_comes_last():
    unreachable = [
        lemma for lemma, senses in LEX.verbs.items() if any(not s.when for s in senses[:-1])
    ]
    assert not unreachable, f"senses after the fallback never apply: {unreachable}"
    assert all(LEX.verbs.values()) and all(LEX.nouns.values())


def test_no_speech_verbs_among_triggers():
    speech = SPEECH | LEX.words("speech")
    assert not speech & set(LEX.verbs)
    assert not speech & LEX.light_verbs


def test_light_verbs_can_reach_their_nouns():
    """A light verb with a fallback sense would never look at its object noun."""
    blocked = [v for v in LEX.light_verbs if any(not s.when for s in LEX.verbs.get(v, ()))]
    assert not blocked
    assert {"launch", "carry", "conduct", "hold", "stage", "impose", "pay", "wage"} <= (
        LEX.light_verbs
    )


def test_bare_strike_is_not_an_event_noun():
    assert "strike" not in LEX.nouns
    assert {"air strike", "drone strike", "missile strike", "airstrike"} <= set(LEX.nouns)


@pytest.mark.parametrize(
    ("lemma", "context", "plover", "cameo"),
    [
        ("kill", {}, "ASSAULT", "190"),
        ("meet", {}, "CONSULT", "040"),
        ("visit", {}, "CONSULT", "042"),
        ("talk", {"prep": "with"}, "CONSULT", "040"),
        ("talk", {}, None, None),
        ("withdraw", {"prep": "from"}, "RETREAT", "087"),
        ("withdraw", {"object": "ambassador"}, "SANCTION", "161"),
        ("pull", {"particle": "out"}, "RETREAT", "087"),
        ("call", {"prep": "on"}, "REQUEST", "020"),
        ("call", {"prep": "for", "prep_object": "ceasefire"}, "REQUEST", "0256"),
        ("call", {"particle": "off"}, None, None),
        ("seek", {"object": "asylum"}, "REQUEST", "023"),
        ("demand", {"object": "release"}, "REQUEST", "1053"),
        ("sign", {"object": "agreement"}, "AGREE", "057"),
        ("sign", {"object": "ceasefire"}, "RETREAT", "0871"),
        ("sign", {}, None, None),
        ("send", {"object": "aid"}, "AID", "070"),
        ("send", {"object": "troop"}, "MOBILIZE", "154"),
        ("give", {"object": "weapon"}, "AID", "072"),
        ("lift", {"object": "sanction"}, "CONCEDE", "085"),
        ("release", {"object": "hostage"}, "CONCEDE", "0841"),
        ("release", {"object": "statement"}, None, None),
        ("impose", {"object": "sanction"}, "SANCTION", "163"),
        ("impose", {"object": "curfew"}, "COERCE", "1723"),
        ("cut", {"object": "tie"}, "SANCTION", "161"),
        ("recall", {"object": "ambassador"}, "SANCTION", "161"),
        ("accuse", {}, "ACCUSE", "112"),
        ("condemn", {}, "ACCUSE", "111"),
        ("veto", {}, "REJECT", "129"),
        ("threaten", {"object": "sanction"}, "THREATEN", "1312"),
        ("protest", {}, "PROTEST", "141"),
        ("protest", {"prep": "to"}, "ACCUSE", "114"),
        ("deploy", {}, "MOBILIZE", "154"),
        ("arrest", {}, "COERCE", "173"),
        ("shoot", {"particle": "down"}, "ASSAULT", "190"),
        ("fire", {"object": "missile"}, "ASSAULT", "195"),
        ("fire", {}, None, None),
        ("strike", {"object": "deal"}, "AGREE", "057"),
        ("apologize", {}, "CONCEDE", "055"),
        ("praise", {}, "SUPPORT", "051"),
        ("cooperate", {}, "COOPERATE", "060"),
    ],
)
def test_verb_senses(lemma, context, plover, cameo):
    sense = _resolve(lemma, **context)
    if plover is None:
        assert sense is None
    else:
        assert sense is not None
        assert (LEX.codes[sense.cameo].plover, sense.cameo) == (plover, cameo)


@pytest.mark.parametrize(
    ("noun", "plover", "mode"),
    [
        ("airstrike", "ASSAULT", "aerial"),
        ("drone strike", "ASSAULT", "drone"),
        ("sanction", "SANCTION", None),
        ("talk", "CONSULT", None),
        ("protest", "PROTEST", "demonstrate"),
        ("withdrawal", "RETREAT", None),
        ("ceasefire", "RETREAT", None),
        ("aid", "AID", None),
        ("ultimatum", "THREATEN", None),
        ("arrest", "COERCE", "arrest"),
        ("deployment", "MOBILIZE", None),
    ],
)
def test_noun_senses(noun, plover, mode):
    (sense,) = LEX.nouns[noun]
    assert (LEX.codes[sense.cameo].plover, sense.mode) == (plover, mode)


# --- with the real parser --------------------------------------------------------------------

# The `nlp` fixture loads the model once per session; extract_text reuses that cached pipeline.
EVENTS = Settings(extractors=("entities", "actors", "events"))


@pytest.mark.parametrize(
    ("text", "plover", "cameo", "source", "target"),
    [
        ("Biden met Xi in Bali.", "CONSULT", "040", "Joe Biden", "Xi Jinping"),
        ("Iran held talks with France.", "CONSULT", "040", "Iran", "France"),
        ("Putin visited China.", "CONSULT", "042", "Vladimir Putin", "China"),
        ("Germany praised France.", "SUPPORT", "051", "Germany", "France"),
        ("Saudi Arabia signed an agreement with Iran.", "AGREE", "057", "Saudi Arabia", "Iran"),
        ("Japan sent aid to Haiti.", "AID", "070", "Japan", "Haiti"),
        ("Iran released two British hostages.", "CONCEDE", "0841", "Iran", "United Kingdom"),
        ("Russia withdrew from Syria.", "RETREAT", "087", "Russia", "Syria"),
        ("Macron urged Iran to resume talks.", "REQUEST", "020", "Emmanuel Macron", "Iran"),
        ("Russia accused Ukraine of aggression.", "ACCUSE", "1123", "Russia", "Ukraine"),
        ("The U.S. vetoed the resolution.", "REJECT", "129", "United States", None),
        ("North Korea threatened South Korea.", "THREATEN", "130", "North Korea", "South Korea"),
        ("The EU imposed sanctions on Russia.", "SANCTION", "163", "European Union", "Russia"),
        ("China cut ties with Lithuania.", "SANCTION", "161", "China", "Lithuania"),
        ("China deployed warships near Taiwan.", "MOBILIZE", "154", "China", None),
        ("Israel killed a Hamas commander.", "ASSAULT", "190", "Israel", "Hamas"),
        ("Hamas fired rockets at Israel.", "ASSAULT", "195", "Hamas", "Israel"),
        (
            "The United States carried out airstrikes against ISIS in Syria.",
            "ASSAULT",
            "195",
            "United States",
            "Islamic State",
        ),
    ],
)
def test_sentences_are_coded(nlp, text, plover, cameo, source, target):
    article = extract_text(text, EVENTS)
    assert not article.warnings
    coded = [
        (e.type, e.cameo, [a.name for a in e.source], [a.name for a in e.target])
        for e in article.events
    ]
    matches = [c for c in coded if c[:2] == (plover, cameo)]
    assert matches, f"{text!r} coded as {coded}"
    _, _, sources, targets = matches[0]
    assert source in sources
    # A body's people are one actor named for both: "a Hamas commander" -> "Hamas commander".
    assert target is None or any(t.startswith(target) for t in targets)


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. called off talks with North Korea.",
        "Russia did not attack Ukraine.",
        "The ministry released a report on Monday.",
        "Apple launched a new phone.",
        "Trump fired Comey.",
        "The earthquake hit Turkey.",
    ],
)
def test_sentences_without_an_act(nlp, text):
    article = extract_text(text, EVENTS)
    assert not article.warnings
    assert [(e.type, e.trigger.text) for e in article.events] == []


def test_the_trigger_gates_let_every_entry_through():
    assert set(LEX.verbs) | LEX.light_verbs == LEX.verb_lemmas
    for noun in LEX.nouns:
        # "air attack" is read at "attack", with "air" its modifier.
        assert noun in LEX.noun_ends and noun.split(" ")[-1] in LEX.noun_ends
