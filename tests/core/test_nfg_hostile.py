"""Hostile ``.nfg`` input and hostile number text (issue 11).

* :func:`~gametheory.core._validate.parse_number` is the one restricted number parser: exact
  results, bounded work (``1e999999999`` and million-digit integers are refused in microseconds).
* A corpus of malformed files kept in ``tests/core/nfg_corpus/`` — each must raise
  :class:`DomainError` quickly, with the file name and (when the text decodes) the line.
* Hypothesis fuzzing of :func:`read_nfg`: random text and byte mutations of valid files give a
  valid game or a DomainError — never another exception, never unbounded work; and round trips
  ``write_nfg`` → ``read_nfg`` with hostile labels and extreme numbers.
"""

from __future__ import annotations

import io
import time
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.core._validate import MAX_DIGITS, MAX_EXPONENT  # the parser's bounds (internal constants)
from gametheory.core.params import DomainError, parse_number
from gametheory.core.nfg import MAX_PROFILES, read_nfg, write_nfg
from gametheory.core.normal_form import NormalFormGame
from tests.strategies import normal_form_games

CORPUS = Path(__file__).parent / "nfg_corpus"

# A reading of any malformed input must end this fast (seconds, generous for a loaded machine;
# the real times are well under a millisecond per file, see the report in the commit message).
QUICK = 1.0

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


# --- parse_number -----------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("3", F(3)), ("-0.25", F(-1, 4)), ("+7", F(7)), (".5", F(1, 2)), ("5.", F(5)),
    ("1.5e-3", F(3, 2000)), ("2.5e3/7", F(2500, 7)), (" 3 / 4 ", F(3, 4)), ("1/-2", F(-1, 2)),
    ("0.1", F(1, 10)),            # exact: the decimal as typed, not the float 0.1000000000000000055...
    ("1e400", F(10**400)),        # the largest accepted exponent is read exactly
    ("1e-400", F(1, 10**400)),
    ("1e0000000000000000000400", F(10**400)),   # leading zeros of an exponent do not count
])
def test_parse_number_accepts_the_grammar_exactly(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, match", [
    ("1e401", "exponent 401"),                  # just past the bound
    ("1e999999999", "exponent 999999999"),      # the billion-digit integer
    ("0e99999", "exponent 99999"),              # zero too: the bound is on the text, not the value
    ("1" * (MAX_DIGITS + 1), f"{MAX_DIGITS + 1} digits"),
    ("1/" + "1" * (MAX_DIGITS + 1), "digits"),  # the denominator has the same bound
    ("9" * 10**6, "1000000 characters"),        # refused by its length before any regex or int()
    ("1/0", "division by zero"),
    ("\u0661\u0662", "not a number"),          # Arabic-Indic digits: int() accepts them, we do not
    ("1_000", "not a number"), ("nan", "not a number"), ("inf", "not a number"), ("0x10", "not a number"),
    ("1+1", "not a number"), ("", "not a number"), ("1e", "not a number"), ("1/2/3", "not a number"),
    ("__import__('os').system('id')", "not a number"),
])
def test_parse_number_refuses(text, match):
    with pytest.raises(DomainError, match=match):
        parse_number(text)


@pytest.mark.parametrize("value", [None, 3, 2.5, b"3", ["3"], F(1, 2)])
def test_parse_number_takes_text_only(value):
    with pytest.raises(DomainError, match="not a number"):
        parse_number(value)


def test_parse_number_bounds_are_keywords():
    # the way out named by the error message works
    assert parse_number("1e500", max_exponent=500) == 10**500
    assert parse_number("1" * 5000, max_digits=5000) == (10**5000 - 1) // 9   # 5000 ones, above int(str)'s limit
    assert MAX_EXPONENT == 400


def test_parse_number_refuses_absurd_text_in_microseconds():
    # each of these built a billion-digit (or million-digit) integer before; now the bound is
    # checked on the text. 200 refusals in well under a second even on a loaded machine.
    texts = ["1e999999999", "1e-999999999", "9" * 10**6, "1/" + "9" * 10**6]
    start = time.perf_counter()
    for _ in range(50):
        for t in texts:
            with pytest.raises(DomainError):
                parse_number(t)
    assert time.perf_counter() - start < QUICK


@given(st.text(max_size=40))
@FUZZ
def test_parse_number_any_text_gives_a_fraction_or_domain_error(text):
    try:
        value = parse_number(text)
    except DomainError:
        return
    assert isinstance(value, F)


@given(st.fractions(max_denominator=10**6), st.integers(-30, 30))
@FUZZ
def test_parse_number_reads_what_it_should(value, exp):
    # p/q and decimal-with-exponent spellings of a random rational read back exactly
    assert parse_number(f"{value.numerator}/{value.denominator}") == value
    assert parse_number(f"{value.numerator}e{exp}") == value.numerator * F(10) ** exp


# --- the corpus -------------------------------------------------------------------------------
# file -> (what it breaks, a fragment of the expected message). Every file of the corpus must be
# listed (a new file needs its entry), and every entry must exist.
EXPECTED = {
    "binary_garbage.nfg": ("bytes that are not UTF-8 after the header", "not valid utf-8"),
    "count_exponent_huge.nfg": ("strategy count 1e999999999", "exponent 999999999"),
    "count_fraction.nfg": ("strategy count 2.5 (was truncated to 2)", "must be a whole number, got '2.5'"),
    "count_negative.nfg": ("negative strategy count", "must be >= 1"),
    "count_not_number.nfg": ("a word as strategy count", "expected a number, got 'two'"),
    "count_zero.nfg": ("zero strategies", "at least one strategy"),
    "counts_mismatch.nfg": ("two players, one count", "2 players but strategy counts for 1"),
    "double_overflow.nfg": ("1e400 in a D file would be inf", "outside the range of double precision"),
    "double_underflow.nfg": ("1e-400 in a D file would silently be 0", "outside the range of double precision"),
    "empty.nfg": ("an empty file", "must start with 'NFG'"),
    "empty_label_list.nfg": ("a player with an empty label list", "player 2 has no strategies"),
    "header_only.nfg": ("the file ends after the precision", "unexpected end of file"),
    "header_truncated.nfg": ("the file ends inside the counts", "unexpected end of file"),
    "latin1_label.nfg": ("a Latin-1 label", "encoding='latin-1'"),
    "missing_header.nfg": ("no header at all", "must start with 'NFG'"),
    "missing_title.nfg": ("no title", "expected the quoted title"),
    "nested_braces_counts.nfg": ("a count inside an extra brace", "got '2'"),
    "nested_braces_labels.nfg": ("a brace nested in a label list", "got '{'"),
    "nested_braces_outcome.nfg": ("a brace nested in an outcome", "closing outcome 1, got '{'"),
    "nested_braces_players.nfg": ("a brace nested in the player list", "closing the player list, got '{'"),
    "no_players.nfg": ("an empty player list", "no players"),
    "nul_payoff.nfg": ("a NUL byte inside a payoff", "expected a number"),
    "outcome_index_fraction.nfg": ("outcome index 1.5", "must be a whole number"),
    "outcome_index_negative.nfg": ("outcome index -1", "must be >= 0"),
    "outcome_index_out_of_range.nfg": ("outcome 3 of 1", "out of range 0..1"),
    "outcome_list_unclosed.nfg": ("the outcome list is not closed", "unexpected end of file"),
    "outcome_wrong_payoff_count.nfg": ("3 payoffs for 2 players", "outcome 1 has 3 payoffs for 2 players"),
    "outcomes_truncated.nfg": ("2 of 4 outcome indices", "after 2 of the 4 outcome indices"),
    "payoff_code.nfg": ("Python code as a payoff", "expected a number"),
    "payoff_digits_huge.nfg": ("a 5000-digit payoff", "5000 digits"),
    "payoff_exponent_huge.nfg": ("payoff 1e999999999", "exponent 999999999"),
    "payoff_exponent_negative_huge.nfg": ("payoff 1e-999999999", "exponent -999999999"),
    "payoff_expression.nfg": ("1+1 as a payoff", "got '1+1'"),
    "payoff_inf.nfg": ("inf as a payoff", "got 'inf'"),
    "payoff_nan.nfg": ("nan as a payoff", "got 'nan'"),
    "payoff_underscore.nfg": ("1_000 (Python syntax)", "got '1_000'"),
    "payoff_unicode_digits.nfg": ("Arabic-Indic digits", "expected a number"),
    "payoff_zero_denominator.nfg": ("1/0", "division by zero"),
    "payoffs_too_few.nfg": ("5 of 8 payoffs", "after 5 of the 8 payoffs"),
    "payoffs_too_many.nfg": ("9 payoffs for 8", "trailing content"),
    "size_huge.nfg": ("10^6 x 10^6 strategies", "max_profiles"),
    "too_many_players.nfg": ("40 players", "at most 32"),
    "trailing_brace.nfg": ("a stray brace after the payoffs", "trailing content"),
    "unbalanced_brace.nfg": ("the player list is not closed", "closing the player list"),
    "unterminated_string.nfg": ("a label without its closing quote", "unterminated string"),
    "utf16.nfg": ("a UTF-16 file", "not valid utf-8"),
    "whitespace_only.nfg": ("only whitespace", "must start with 'NFG'"),
    "wrong_magic.nfg": ("an EFG header", "must start with 'NFG'"),
    "wrong_precision.nfg": ("precision Q", "precision must be R or D"),
    "wrong_version.nfg": ("version 2", "only version 1"),
}


def test_corpus_and_table_agree():
    assert sorted(p.name for p in CORPUS.glob("*.nfg")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_raises_domain_error_quickly(name):
    path = CORPUS / name
    start = time.perf_counter()
    with pytest.raises(DomainError) as info:
        read_nfg(path)
    elapsed = time.perf_counter() - start
    message = str(info.value)
    assert EXPECTED[name][1] in message, (EXPECTED[name][0], message)
    assert name in message                       # the error names the file
    if "utf-8" not in message:                   # a decoded file: the error has the position
        assert "line " in message and "column " in message
    assert elapsed < QUICK, f"{name}: {elapsed:.3f} s"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_raises_the_same_as_bytes_and_file_object(name):
    # the same bytes through the other entry points: same refusal (only the name differs)
    data = (CORPUS / name).read_bytes()
    for source in (data, io.BytesIO(data)):
        with pytest.raises(DomainError, match="NFG|read_nfg"):
            read_nfg(source)


def test_latin1_file_reads_with_an_explicit_encoding():
    # the way out named by the error: the labels then decode as Latin-1 (P + e-acute)
    game = read_nfg(CORPUS / "latin1_label.nfg", encoding="latin-1")
    assert game.players == ("P\u00e9",) and game.shape == (1,)


def test_size_guard_is_a_keyword_and_checked_before_allocating():
    text = 'NFG 1 R "" { "P1" "P2" } { 1000 1000 }\n1 2'
    with pytest.raises(DomainError, match="1000 x 1000 strategies = 1e\\+06 profiles"):
        read_nfg(text, max_profiles=999_999)
    # with the guard raised the header is accepted and the body is then found truncated
    with pytest.raises(DomainError, match="after 2 of the 2000000 payoffs"):
        read_nfg(text, max_profiles=10**6)
    assert MAX_PROFILES == 10**6


@pytest.mark.parametrize("source, match", [
    ("", "empty text"), ("x" * 300, "no such file"), ("a\0b", "no such file"),
    (42, "got int"), (None, "got NoneType"), ([1, 2], "got list"),
])
def test_bad_sources(source, match):
    with pytest.raises(DomainError, match=match):
        read_nfg(source)


@pytest.mark.parametrize("kwargs, match", [
    ({"encoding": "no-such-codec"}, "unknown encoding"), ({"encoding": None}, "unknown encoding"),
    ({"max_profiles": 0}, "max_profiles"), ({"max_profiles": 2.5}, "max_profiles"), ({"max_profiles": True}, "max_profiles"),
])
def test_bad_keywords(kwargs, match):
    with pytest.raises(DomainError, match=match):
        read_nfg('NFG 1 R "" { "A" } { 1 }\n1', **kwargs)


def test_utf8_byte_order_mark_is_skipped():
    assert read_nfg('\ufeffNFG 1 R "" { "A" } { 1 }\n1'.encode()).shape == (1,)


@pytest.mark.parametrize("value, match", [
    (F(10**4400), "about 4400 digits"), (F(1, 10**4400), "about 4400 digits"),
])
def test_writer_refuses_numbers_the_reader_would_refuse(value, match):
    game = NormalFormGame(([value, F(1)],))
    with pytest.raises(DomainError, match=match):
        write_nfg(game)


@pytest.mark.parametrize("args, match", [
    ((42,), "needs a NormalFormGame, got int"), (("NFG 1 R",), "NormalFormGame, got str|not a string"),   # a decorator may refuse text first
])
def test_writer_argument_errors(args, match):
    with pytest.raises(DomainError, match=match):
        write_nfg(*args)


def test_writer_title_must_be_text():
    with pytest.raises(DomainError, match="title must be a string"):
        write_nfg(NormalFormGame(([1, 2],)), title=3)


# --- fuzzing: mutations of valid files --------------------------------------------------------
# Tokens a mutation inserts: structure, counts that are not positive integers, numbers at and past
# the bounds, text that is not a number of the format, and non-ASCII.
HOSTILE_TOKENS = ["{", "}", '"', '""', ",", "2.5", "-1", "0", "1e999999999", "1e400", "1e-400", "nan", "inf",
                  "1/0", "9" * 5000, "NFG", "R", "D", "\u00e9", "\u0661", "\x00", "\\", "1000000", "1e6"]


def _valid_texts(game: NormalFormGame) -> list[str]:
    return [write_nfg(game, format="outcome"), write_nfg(game, format="payoff")]


@st.composite
def mutated_texts(draw) -> str:
    """A valid ``.nfg`` text with 1–4 random edits: delete, insert, replace, duplicate, truncate."""
    game = draw(normal_form_games(max_players=3, max_actions=3, fractions=True))
    text = draw(st.sampled_from(_valid_texts(game)))
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 12)))
        op = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "truncate", "char"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + " " + draw(st.sampled_from(HOSTILE_TOKENS)) + " " + text[i:]
        elif op == "replace":
            text = text[:i] + draw(st.sampled_from(HOSTILE_TOKENS)) + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "truncate":
            text = text[:i]
        else:
            text = text[:i] + draw(st.characters(codec="utf-8")) + text[i + 1:]
    return text


@st.composite
def mutated_bytes(draw) -> bytes:
    """The bytes of a valid file with random bytes flipped, inserted or cut."""
    game = draw(normal_form_games(max_players=3, max_actions=3, fractions=True))
    data = bytearray(draw(st.sampled_from(_valid_texts(game))).encode())
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(["flip", "insert", "cut"]))
        if op == "flip" and i < len(data):
            data[i] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=4))
        else:
            del data[i:i + draw(st.integers(1, 8))]
    return bytes(data)


def _read_or_refuse(source) -> None:
    """The only allowed outcomes: a valid game, or DomainError — in bounded time."""
    start = time.perf_counter()
    try:
        game = read_nfg(source)
    except DomainError:
        pass
    else:
        assert isinstance(game, NormalFormGame)
        assert int(np.prod(game.shape)) <= MAX_PROFILES
        assert game.kind in ("exact", "float")
    assert time.perf_counter() - start < QUICK


@given(mutated_texts())
@FUZZ
def test_mutated_text_gives_a_game_or_domain_error(text):
    _read_or_refuse(text)


@given(mutated_bytes())
@FUZZ
def test_mutated_bytes_give_a_game_or_domain_error(data):
    _read_or_refuse(data)


@given(st.text(max_size=200))
@FUZZ
def test_arbitrary_nfg_prefixed_text_gives_a_game_or_domain_error(tail):
    # random text after the magic word exercises the header parser itself
    _read_or_refuse("NFG 1 R " + tail)


# --- round trips with hostile labels and extreme numbers --------------------------------------
# Labels with quotes, backslashes, braces, commas, newlines and non-ASCII; distinct and non-empty
# (blank or duplicate labels are allowed by Gambit and read back as the default labels).
labels = st.text(alphabet=st.sampled_from(list('ab"\\{},\n \u00e9\u4e2d')), min_size=1, max_size=6)

extreme_exact = st.one_of(
    st.integers(-3, 3).map(F),
    st.fractions(max_denominator=10**20),
    st.integers(1, 10**400).map(F),               # 400-digit payoffs are within parse_number's bounds
    st.integers(1, 10**300).map(lambda q: F(1, q)),
)
extreme_float = st.floats(allow_nan=False, allow_infinity=False, width=64)  # incl. 5e-324 and 1.8e308


@st.composite
def hostile_games(draw) -> NormalFormGame:
    """A 1–3 player game with extreme numbers and labels that need escaping."""
    n = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(1, 3)) for _ in range(n))
    exact = draw(st.booleans())
    values = extreme_exact if exact else extreme_float
    size = int(np.prod(shape))
    arrays = []
    for _ in range(n):
        vals = draw(st.lists(values, min_size=size, max_size=size))
        arrays.append(np.array(vals, dtype=object if exact else float).reshape(shape))
    players = draw(st.lists(labels, min_size=n, max_size=n, unique=True))
    strategies = [draw(st.lists(labels, min_size=k, max_size=k, unique=True)) for k in shape]
    return NormalFormGame(arrays, players=players, strategies=strategies)


@given(hostile_games(), st.sampled_from(["outcome", "payoff"]), labels)
@FUZZ
def test_round_trip_with_hostile_labels_and_extreme_numbers(game, fmt, title):
    # write -> read is the identity: payoffs (exact rationals or the very same floats), labels
    back = read_nfg(write_nfg(game, title=title, format=fmt))
    assert back.kind == game.kind and back.shape == game.shape
    assert back.players == game.players and back.strategies == game.strategies
    for ours, theirs in zip(game.payoffs, back.payoffs):
        assert list(np.asarray(ours).ravel()) == list(np.asarray(theirs).ravel())


@given(hostile_games())
@FUZZ
def test_round_trip_through_a_file_in_bytes(game):
    # the bytes written (UTF-8) read back the same through the binary entry point
    data = write_nfg(game).encode("utf-8")
    assert read_nfg(io.BytesIO(data)) == read_nfg(data) == read_nfg(data.decode())
