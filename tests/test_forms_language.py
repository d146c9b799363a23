"""Spelling and written standard of every text in the form definitions (labels, help,
titles, options) and of the words pdfdraw adds: nb with nb_NO, nn with nn_NO, and a
word only the other standard's dictionary knows is an error (see test_language.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parent))  # --import-mode=importlib
from pagetext import words  # noqa: E402
from ipforms.core.spelling import Checker, hunspell_rejects, read_word_list  # noqa: E402

from ipforms.forms.formdef import list_forms, load_form  # noqa: E402
from ipforms.core.lang import Text  # noqa: E402
from ipforms.forms.pdfdraw import FRAME  # noqa: E402


FORMS_WORDS = Path(__file__).resolve().parent / "forms-words-nn.txt"


def checker() -> Checker:
    """The project's word lists, plus the few form words hunspell-nn lacks."""
    base = Checker.shipped()
    base.add_words({e.word for e in read_word_list(FORMS_WORDS)}, "nn")
    return base


def texts(obj, lang: str):
    """Every nb or nn string inside a definition, found by walking its models."""
    if isinstance(obj, Text):
        yield obj(lang)
    elif isinstance(obj, list):
        for x in obj:
            yield from texts(x, lang)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from texts(getattr(obj, name), lang)


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("form_id", list_forms())
def test_form_texts_in_the_right_standard(form_id, lang):
    all_text = "\n".join(texts(load_form(form_id), lang)).replace("dd.mm.åååå", "")
    assert len(all_text) > 500
    found = checker().check(words(all_text), lang)
    assert not found, f"{form_id} ({lang}): " + ", ".join(map(str, found.values()))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_frame_words(lang):
    found = checker().check(words(" ".join(v[lang] for v in FRAME.values())), lang)
    assert not found


def test_form_word_list_entries_are_needed():
    for word in (e.word for e in read_word_list(FORMS_WORDS)):
        assert hunspell_rejects({word}, "nn"), f"{word}: hunspell-nn knows it; drop it"
