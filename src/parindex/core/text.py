"""Vietnamese text as parindex compares and shows it: unit names, and diacritic-free keys."""

import re
import unicodedata

# The five tone marks, as combining characters after NFD decomposition. Vowel-quality marks
# (circumflex, breve, horn) are part of the letter and never move.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Syllables whose tone sits on the first vowel in the traditional spelling used by official
# documents ("Hòa", "Thủy", "Khỏe"), and on the second in the newer one ("Hoà", "Thuỷ").
_GLIDE_SYLLABLE = re.compile(r"^(?!qu)([^aeiouy]*)(oa|oe|uy)$")


def fold(text: str) -> str:
    """A key for diacritic- and case-insensitive matching: "Đắk Lắk" → "dak lak".

    NFD does not decompose đ, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def _traditional_tone(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    letters: list[list[str]] = []  # each letter with the marks that follow it
    for ch in decomposed:
        if unicodedata.combining(ch) and letters:
            letters[-1].append(ch)
        else:
            letters.append([ch])
    bases = "".join(letter[0] for letter in letters).lower()
    match = _GLIDE_SYLLABLE.match(bases)
    if not match:
        return word
    first, second = len(match.group(1)), len(match.group(1)) + 1
    tones = [mark for mark in letters[second][1:] if mark in TONE_MARKS]
    if not tones:
        return word
    letters[second] = [mark for mark in letters[second] if mark not in TONE_MARKS]
    letters[first] = letters[first] + tones
    return unicodedata.normalize("NFC", "".join("".join(letter) for letter in letters))


def unit_name(text: str) -> str:
    """A unit's name as parindex stores it: NFC, single spaces, capital first letter,
    traditional tone placement ("xã  Yên Hoà" → "Xã Yên Hòa")."""
    words = unicodedata.normalize("NFC", text).split()
    if not words:
        return ""
    words = [_traditional_tone(word) for word in words]
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


# Words that say what kind of body a name is, not which one: "UBND xã Yên Hòa" is "yen hoa".
_KIND_WORDS = re.compile(
    r"^(?:(?:ubnd|uy ban nhan dan|hdnd|dang uy)\s+)?"
    r"(?:(?:xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tp\.?|tinh|so)\s+)?"
)


def unit_key(name: str) -> str:
    """A unit's name as people type it to find the unit: without case, diacritics and the
    words for its kind ("UBND xã Yên Hòa", "Xa Yen Hoa" and "yên hòa" → "yen hoa")."""
    folded = fold(unit_name(name))
    return _KIND_WORDS.sub("", folded, count=1).strip() or folded


def proper_name(name: str) -> str:
    """A unit's own name, without the words for its kind, as a document's place-date line
    writes it: "UBND xã Yên Hòa" → "Yên Hòa"."""
    words = unit_name(name).split()
    kind = _KIND_WORDS.match(fold(" ".join(words)))
    count = len(kind.group(0).split()) if kind else 0
    return " ".join(words[count:]) or " ".join(words)
